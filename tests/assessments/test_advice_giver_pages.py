"""Advice givers see the requests sent to them, and nothing else about the child."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import AdviceRequest
from sen_portal.casework.models import ChronologyEvent, Document, RecordAccess
from tests.assessments.helpers import PDF_BYTES, date_fields, days_ago, send_advice, upload

pytestmark = pytest.mark.django_db

ADVICE = {
    "needs": "Significant speech and language delay.",
    "outcomes": "Uses two-word phrases to make requests by the end of the year.",
    "provision": "Speech and language therapy, 6 sessions a term, with a home programme.",
}


@pytest.fixture
def child_details(child):
    child.last_name = "Hiddenname"
    child.address_line_1 = "12 Secret Lane"
    child.postcode = "ZZ9 9ZZ"
    child.save()
    return child


def test_an_advice_giver_sees_only_the_requests_sent_to_them(
    client, child_details, assessment, ask_advice, psychologist, paediatrician
):
    mine = ask_advice(assessment, giver=psychologist, questions="Assess cognition, please.")
    theirs = ask_advice(assessment, kind="health", giver=paediatrician, questions="Hearing?")
    client.force_login(psychologist)
    page = client.get(reverse("advice:advice_list")).content.decode()
    assert reverse("advice:advice_detail", args=[mine.pk]) in page
    assert reverse("advice:advice_detail", args=[theirs.pk]) not in page
    detail = client.get(reverse("advice:advice_detail", args=[mine.pk])).content.decode()
    child = child_details
    for shown in (child.first_name, child.la_reference, "Assess cognition, please."):
        assert shown in detail
    assert child.date_of_birth.strftime("%B %Y").split()[0] in detail
    for hidden in ("Hiddenname", "12 Secret Lane", "ZZ9 9ZZ", "Hearing?", "Not making progress"):
        assert hidden not in detail


def test_another_advice_givers_request_is_not_found(
    client, assessment, ask_advice, psychologist, paediatrician
):
    theirs = ask_advice(assessment, kind="health", giver=paediatrician)
    client.force_login(psychologist)
    assert client.get(reverse("advice:advice_detail", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("advice:advice_detail", args=[theirs.pk]), ADVICE)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "requested"


def test_an_advice_giver_cannot_open_the_case_or_the_assessment(
    client, child, assessment, received_request, psychologist, ask_advice
):
    ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    for url in (
        reverse("casework:child_detail", args=[child.pk]),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        reverse("assessments:request_detail", args=[received_request.pk]),
    ):
        assert client.get(url).status_code == 403


def test_sending_advice_twice_is_refused_with_a_clear_message(
    client, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    url = reverse("advice:advice_detail", args=[advice.pk])
    assert client.post(url, ADVICE).status_code == 302
    response = client.post(url, {**ADVICE, "needs": "A different answer"})
    assert response.status_code == 409
    assert "cannot be sent twice" in response.content.decode()
    advice.refresh_from_db()
    assert advice.needs == ADVICE["needs"]
    assert ChronologyEvent.objects.filter(kind="advice_received").count() == 1
    # The page now shows what was sent, with no form.
    page = client.get(url).content.decode()
    assert "You sent this advice on" in page
    assert '<form method="post" enctype' not in page


def test_missing_parts_of_the_advice_are_shown_in_the_error_summary_and_nothing_is_saved(
    client, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    response = client.post(
        reverse("advice:advice_detail", args=[advice.pk]),
        {"needs": "", "outcomes": "x", "provision": "", "document": upload("r.pdf", PDF_BYTES)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_needs"' in html and "Enter the child&#x27;s needs" in html
    assert "Enter the provision you recommend" in html
    advice.refresh_from_db()
    assert advice.status == "requested"
    assert not Document.objects.exists()


def test_an_advice_giver_downloads_their_own_report_and_no_other(
    client, assessment, ask_advice, psychologist, paediatrician
):
    mine = ask_advice(assessment, giver=psychologist)
    theirs = ask_advice(assessment, kind="health", giver=paediatrician)
    send_advice(mine, psychologist, upload=upload("ep.pdf", PDF_BYTES))
    theirs = send_advice(theirs, paediatrician, upload=upload("health.pdf", PDF_BYTES))
    client.force_login(psychologist)
    own = client.get(reverse("advice:advice_document", args=[mine.pk]))
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert own["Content-Type"] == "application/pdf"
    assert client.get(reverse("advice:advice_document", args=[theirs.pk])).status_code == 404
    # Nor through the case's document download, which is for case staff.
    case_url = reverse(
        "documents:document_download", args=[assessment.child_id, theirs.document_id]
    )
    assert client.get(case_url).status_code == 403


def test_an_advice_giver_tells_the_caseworker_an_exception_applies(
    client, assessment, ask_advice, psychologist, caseworker
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    response = client.post(
        reverse("advice:advice_exception_claim", args=[advice.pk]),
        {
            "reason": "missed_appointment",
            **date_fields("starts_on", days_ago(3)),
            "note": "Two appointments offered; neither kept.",
        },
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == "exception_claimed"

    client.force_login(caseworker)
    board = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert "Exception reported" in board.content.decode()
    page = client.get(reverse("assessments:advice_exception", args=[advice.pk]))
    assert "Two appointments offered; neither kept." in page.content.decode()
    response = client.post(
        reverse("assessments:advice_exception", args=[advice.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.EXCEPTED


def test_reading_a_request_is_logged_for_the_advice_giver(
    client, child, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    client.get(reverse("advice:advice_detail", args=[advice.pk]))
    assert RecordAccess.objects.filter(user=psychologist, child=child).exists()
