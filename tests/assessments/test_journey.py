"""The whole journey through the pages, as the people doing it would: a caseworker records
a request, decides to assess, asks three agencies for advice; two advice givers answer on
their own pages and the caseworker records the family's views; the advice is complete and
the caseworker decides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from sen_portal import timescales
from sen_portal.casework.models import ChronologyEvent, Deadline, Document
from tests.assessments.helpers import PDF_BYTES, TODAY, date_fields, days_ago, upload

pytestmark = pytest.mark.django_db


def ask_for(client, assessment, *, kind, giver=None, addressee=""):
    response = client.post(
        reverse("assessments:advice_request_create", args=[assessment.pk]),
        {
            "kind": kind,
            "advice_giver": str(giver.pk) if giver else "",
            "addressee": addressee,
            "questions": "Please describe the child's needs and the support they need.",
            **date_fields("requested_on", days_ago(12)),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return AdviceRequest.objects.get(assessment=assessment, kind=kind)


def advice_form(**extra):
    return {
        "needs": "Slow processing speed; anxiety in unstructured times.",
        "outcomes": "Takes part in group work with adult support by July.",
        "provision": "Small-group social skills sessions, twice weekly, led by the SENCo.",
        **extra,
    }


def test_a_request_goes_from_receipt_to_a_decision_to_issue_a_plan(
    client, caseworker, child, psychologist, paediatrician
):
    received = days_ago(30)
    client.force_login(caseworker)

    # The case page offers to record a request.
    case_page = client.get(reverse("casework:child_detail", args=[child.pk]))
    assert "Record a request for assessment" in case_page.content.decode()

    response = client.post(
        reverse("assessments:request_create", args=[child.pk]),
        {
            "requester": "school",
            "requester_name": "SENCo, Northshire Primary School",
            **date_fields("received_on", received),
            "reasons": "Reading age four years behind; support at SEN support has not helped.",
            "consent_to_share": "yes",
            "share_with": ["education", "health", "educational_psychology"],
            "evidence": [upload("school-report.pdf", PDF_BYTES, "application/pdf")],
        },
    )
    assert response.status_code == 302, response.content.decode().split(
        "govuk-error-summary__body"
    )[-1][:1500]
    request_obj = AssessmentRequest.objects.get(child=child)
    assert response.url == reverse("assessments:request_detail", args=[request_obj.pk])
    assert request_obj.status == "received"
    assert request_obj.evidence.get().file_type == Document.FileType.PDF
    clocks = {d.code: d.due_on for d in Deadline.objects.filter(child=child, status="open")}
    assert clocks == {
        "decide_whether_to_assess": timescales.due_date("decide_whether_to_assess", received),
        "decide_not_to_issue": timescales.due_date("decide_not_to_issue", received),
        "final_plan": timescales.due_date("final_plan", received),
    }

    page = client.get(response.url).content.decode()
    assert "Decide whether to assess" in page
    assert reverse("assessments:request_decide_to_assess", args=[request_obj.pk]) in page

    response = client.post(
        reverse("assessments:request_decide_to_assess", args=[request_obj.pk]),
        date_fields("on", days_ago(14)),
    )
    assessment = NeedsAssessment.objects.get(request=request_obj)
    assert response.url == reverse("assessments:assessment_detail", args=[assessment.pk])
    assert Deadline.objects.get(child=child, code="decide_whether_to_assess").status == "met"

    psychology = ask_for(client, assessment, kind="educational_psychology", giver=psychologist)
    health = ask_for(client, assessment, kind="health", giver=paediatrician)
    views = ask_for(client, assessment, kind="family_views", addressee="Pat Parent")
    assert psychology.addressee == "Dr Ezra Psychologist, Educational psychologist"
    assert psychology.due_on == timescales.due_date("advice_due", days_ago(12))
    assert Deadline.objects.filter(child=child, code="advice_due", status="open").count() == 3

    # Not yet: the advice is not in.
    board = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert reverse("assessments:assessment_complete_advice", args=[assessment.pk]) not in (
        board.content.decode()
    )

    # The psychologist answers on their own page, with a report.
    client.force_login(psychologist)
    listing = client.get(reverse("advice:advice_list")).content.decode()
    assert child.first_name in listing and child.la_reference in listing
    response = client.post(
        reverse("advice:advice_detail", args=[psychology.pk]),
        advice_form(document=upload("ep-report.pdf", PDF_BYTES, "application/pdf")),
    )
    assert response.status_code == 302

    # The paediatrician answers without a document.
    client.force_login(paediatrician)
    response = client.post(reverse("advice:advice_detail", args=[health.pk]), advice_form())
    assert response.status_code == 302

    # The caseworker records the family's views.
    client.force_login(caseworker)
    response = client.post(
        reverse("assessments:advice_record", args=[views.pk]),
        {**advice_form(), **date_fields("received_on", days_ago(2))},
    )
    assert response.status_code == 302
    assert set(AdviceRequest.objects.values_list("status", flat=True)) == {"received"}
    assert Deadline.objects.filter(child=child, code="advice_due", status="met").count() == 3

    detail = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert reverse("assessments:assessment_complete_advice", args=[assessment.pk]) in (
        detail.content.decode()
    )
    client.post(
        reverse("assessments:assessment_complete_advice", args=[assessment.pk]),
        date_fields("on", days_ago(1)),
    )
    response = client.post(
        reverse("assessments:assessment_decide_to_issue", args=[assessment.pk]),
        date_fields("on", TODAY),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "decided_to_issue"
    # Handed over: the 20-week clock keeps running for the plan; the 16-week notice is moot.
    assert Deadline.objects.get(child=child, code="final_plan").status == "open"
    assert Deadline.objects.get(child=child, code="decide_not_to_issue").status == "cancelled"
    page = client.get(response.url).content.decode()
    assert "Ready for the plan" in page

    kinds = list(ChronologyEvent.objects.filter(child=child).values_list("kind", flat=True))
    for kind in (
        "assessment_request_received",
        "assessment_request_decided_assess",
        "needs_assessment_started",
        "advice_requested",
        "advice_received",
        "needs_assessment_advice_complete",
        "needs_assessment_decided_issue",
    ):
        assert kind in kinds


def test_deciding_not_to_issue_meets_the_16_week_deadline_and_opens_the_appeal_period(
    client, caseworker, child, assessment, ask_advice, paediatrician
):
    from tests.assessments.helpers import send_advice

    advice = ask_advice(assessment, kind="health", giver=paediatrician)
    send_advice(advice, paediatrician)
    client.force_login(caseworker)
    client.post(
        reverse("assessments:assessment_complete_advice", args=[assessment.pk]),
        date_fields("on", TODAY),
    )
    response = client.post(
        reverse("assessments:assessment_decide_not_to_issue", args=[assessment.pk]),
        {**date_fields("on", TODAY), "reasons": "Needs can be met at SEN support."},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "decided_not_to_issue"
    assert assessment.appeal_due_on == timescales.appeal_due(TODAY)
    by_code = {d.code: d for d in Deadline.objects.filter(child=child)}
    assert by_code["decide_not_to_issue"].status == "met"
    assert by_code["final_plan"].status == "cancelled"
    assert by_code["appeal_after_decision"].status == "open"
    assert by_code["appeal_after_decision"].started_on == TODAY
