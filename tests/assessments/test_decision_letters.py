"""A "no" reaches the family as a letter with the reasons and their rights and dates."""

import io

from django.urls import reverse
from pypdf import PdfReader

from assessments import services
from sen_portal.casework.letters.services import letter_render
from sen_portal.casework.models import Document, Letter
from sen_portal.dates import long_date
from tests.assessments.conftest import days_ago
from tests.factories import FamilyMemberFactory

REASONS = "Sam's needs can be met from the support the school already gives."


def letter_text(document: Document) -> str:
    with document.file.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def test_declining_to_assess_makes_a_letter_with_reasons_rights_and_dates(
    received_request, caseworker, django_capture_on_commit_callbacks
):
    FamilyMemberFactory(child=received_request.child, full_name="Alex Parentson")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(
            assessment_request=received_request,
            on=days_ago(2),
            reasons=REASONS,
            acting_user=caseworker,
        )
    received_request.refresh_from_db()
    letter = received_request.decision_letter
    assert letter is not None and letter.file_type == "pdf"
    text = letter_text(letter)
    assert "Decision not to carry out an EHC needs assessment" in text
    assert "Dear Alex Parentson" in text
    assert " ".join(REASONS.split()) in text
    assert "mediation adviser. Do this within 2 months" in text
    assert long_date(received_request.appeal_due_on) in text
    assert received_request.child.la_reference in text


def test_deciding_not_to_issue_a_plan_makes_its_own_letter(
    assessment, caseworker, ask_advice, django_capture_on_commit_callbacks
):
    advice = ask_advice(assessment, kind="family_views")
    services.advice_submit(
        advice_request=advice,
        needs="Finds reading hard.",
        outcomes="Reading at age level.",
        provision="Small-group reading.",
        received_on=days_ago(5),
        acting_user=caseworker,
    )
    services.assessment_complete_advice(
        assessment=assessment, on=days_ago(4), acting_user=caseworker
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_decide_not_to_issue(
            assessment=assessment, on=days_ago(3), reasons=REASONS, acting_user=caseworker
        )
    assessment.refresh_from_db()
    assert "Decision not to issue an EHC plan" in letter_text(assessment.decision_letter)


def test_the_letter_is_made_once_however_often_the_task_runs(
    received_request, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(
            assessment_request=received_request,
            on=days_ago(2),
            reasons=REASONS,
            acting_user=caseworker,
        )
    letter = Letter.objects.get(kind="request_declined")
    first = letter_render(letter_id=letter.pk).document_id
    again = letter_render(letter_id=letter.pk).document_id
    assert first == again
    assert Document.objects.filter(letter__kind="request_declined").count() == 1


def test_no_refusal_letter_is_made_for_a_request_that_was_not_declined(received_request):
    assert not Letter.objects.filter(kind="request_declined").exists()


def test_the_caseworker_downloads_the_letter_from_the_request_page(
    client, received_request, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_decline(
            assessment_request=received_request,
            on=days_ago(2),
            reasons=REASONS,
            acting_user=caseworker,
        )
    received_request.refresh_from_db()
    client.force_login(caseworker)
    page = client.get(reverse("assessments:request_detail", args=[received_request.pk]))
    url = reverse(
        "documents:document_download",
        args=[received_request.child_id, received_request.decision_letter_id],
    )
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_letter_whose_task_was_lost_is_made_by_the_catch_up_task(
    received_request, caseworker, django_capture_on_commit_callbacks
):
    import datetime

    import time_machine

    from sen_portal.casework.tasks import letters_catch_up as decision_letters_catch_up

    # The decision commits but its letter task is never sent (the broker was away).
    with django_capture_on_commit_callbacks(execute=False):
        services.request_decline(
            assessment_request=received_request,
            on=days_ago(2),
            reasons=REASONS,
            acting_user=caseworker,
        )
    assert decision_letters_catch_up.delay().get() == 0  # too soon: it may just be slow
    with time_machine.travel(datetime.timedelta(minutes=11)):
        assert decision_letters_catch_up.delay().get() >= 1
        received_request.refresh_from_db()
        assert received_request.decision_letter is not None
        assert decision_letters_catch_up.delay().get() == 0  # made once
    assert Document.objects.filter(letter__kind="request_declined").count() == 1
