"""Advice that arrives by post or email from a professional who has an account, and what
an advice giver sees to act within the family's consent (issue #21 item 6)."""

from __future__ import annotations

from django.urls import reverse

from assessments.models import AdviceRequest
from sen_portal.casework.models import ChronologyEvent
from tests.assessments.helpers import PDF_BYTES, date_fields, days_ago, upload
from tests.factories import FamilyMemberFactory


def _advice_form(**extra):
    data = {
        "needs": "Difficulties with working memory.",
        "outcomes": "Reads at age-related level by the end of key stage 2.",
        "provision": "Weekly 1:1 literacy support.",
        **date_fields("received_on", days_ago(2)),
    }
    data.update(extra)
    return data


def test_a_caseworker_records_advice_a_named_professional_sent_by_post(
    client, caseworker, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(caseworker)
    detail = client.get(reverse("assessments:advice_staff_detail", args=[advice.pk]))
    assert reverse("assessments:advice_record", args=[advice.pk]) in detail.content.decode()

    response = client.post(
        reverse("assessments:advice_record", args=[advice.pk]),
        _advice_form(document=upload("report.pdf", PDF_BYTES)),
    )

    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.RECEIVED
    assert (advice.submitted_by, advice.received_on) == (caseworker, days_ago(2))
    assert advice.document is not None
    event = ChronologyEvent.objects.get(kind="advice_received")
    assert event.note == "Entered by Casey Worker on behalf of Dr Ezra Psychologist."
    page = client.get(reverse("assessments:advice_staff_detail", args=[advice.pk])).content
    assert b"Entered by Casey Worker on behalf of Dr Ezra Psychologist" in page

    # The professional sees that the council entered it for them, and cannot send it twice.
    client.force_login(psychologist)
    theirs = client.get(reverse("advice:advice_detail", args=[advice.pk])).content.decode()
    assert "Casey Worker entered it on your behalf" in theirs


def test_an_advice_giver_still_sends_their_own_advice_and_no_one_elses(
    client, assessment, ask_advice, psychologist, paediatrician
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(paediatrician)
    response = client.post(reverse("assessments:advice_record", args=[advice.pk]), _advice_form())
    assert response.status_code == 403
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.REQUESTED


def test_the_advice_giver_sees_the_setting_and_the_caseworker(
    client, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist, setting="Northshire Primary School")
    client.force_login(psychologist)
    page = client.get(reverse("advice:advice_detail", args=[advice.pk])).content.decode()
    assert "Northshire Primary School" in page
    assert "Casey Worker" in page and assessment.child.team.name in page


def test_family_contact_details_only_with_the_familys_consent(
    client, child, assessment, ask_advice, psychologist, paediatrician
):
    FamilyMemberFactory(
        child=child,
        full_name="Pat Parent",
        parental_responsibility=True,
        email="pat.parent@example.org",
        phone="01234 567890",
    )
    # The family agreed to share the request with education and health, not with the
    # educational psychology service (tests/assessments/conftest.py make_request).
    asked_health = ask_advice(assessment, kind="health", giver=paediatrician)
    asked_ep = ask_advice(assessment, giver=psychologist)

    client.force_login(paediatrician)
    page = client.get(reverse("advice:advice_detail", args=[asked_health.pk])).content.decode()
    assert "pat.parent@example.org" in page and "01234 567890" in page

    client.force_login(psychologist)
    page = client.get(reverse("advice:advice_detail", args=[asked_ep.pk])).content.decode()
    assert "pat.parent@example.org" not in page and "Pat Parent" not in page
    assert "has not agreed that we share their details" in page


def test_the_setting_is_typed_once_per_assessment(
    client, caseworker, assessment, ask_advice, psychologist
):
    ask_advice(assessment, giver=psychologist, setting="Northshire Primary School")
    client.force_login(caseworker)
    form = client.get(reverse("assessments:advice_request_create", args=[assessment.pk]))
    assert form.context["form"].initial["setting"] == "Northshire Primary School"
