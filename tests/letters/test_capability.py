"""The letters capability itself: one letter per event, posting and the service date,
the combined PDF to print, delivery by email without the child's details, and a
council's own wording."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.letters.services import letter_render
from sen_portal.casework.models import ChronologyEvent, Document, Letter, Notification
from tests.factories import FamilyMemberFactory


def record_request(child, caseworker):
    return assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Alex Parentson",
        received_on=timezone.localdate() - datetime.timedelta(days=3),
        reasons="Not making progress in reading.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )


def test_regenerating_a_letter_makes_no_second_one(
    child, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = record_request(child, caseworker)
        again = letter_issue(
            kind="request_acknowledged", subject=request, child=child, acting_user=caseworker
        )
    letter = Letter.objects.get(kind="request_acknowledged")
    assert again == letter
    assert letter_render(letter_id=letter.pk).document_id == letter.document_id
    assert Letter.objects.count() == 1
    assert Document.objects.filter(letter__isnull=False).count() == 1
    assert ChronologyEvent.objects.filter(kind="letter_written").count() == 1


def test_posting_the_letters_records_the_posting_and_the_service_date(
    client, child, caseworker, time_machine, django_capture_on_commit_callbacks
):
    # Thursday 3 December 2026: first class post is served on Monday 7 December.
    time_machine.move_to(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC))
    FamilyMemberFactory(child=child, full_name="Alex Parentson", user=None)
    with django_capture_on_commit_callbacks(execute=True):
        record_request(child, caseworker)
    letter = Letter.objects.get()
    assert letter.delivery == Letter.Delivery.POST and letter.sent_on is None
    client.force_login(caseworker)
    page = client.get(reverse("casework:letters_to_post")).content.decode()
    assert letter.title in page and child.la_reference in page
    combined = client.get(reverse("casework:letters_to_post_pdf"))
    assert combined["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(combined.content)).pages) >= 1
    response = client.post(reverse("casework:letters_mark_posted"), {"letter": [letter.pk]})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.sent_on == datetime.date(2026, 12, 3)
    assert letter.service_on == datetime.date(2026, 12, 7)
    assert letter.posted_by == caseworker
    assert ChronologyEvent.objects.filter(kind="letter_posted", visible_to_family=True).exists()
    # Posted once: it leaves the page, and posting again records nothing.
    assert letter.title not in client.get(reverse("casework:letters_to_post")).content.decode()
    client.post(reverse("casework:letters_mark_posted"), {"letter": [letter.pk]})
    assert ChronologyEvent.objects.filter(kind="letter_posted").count() == 1


def test_another_teams_letters_are_not_on_the_page_nor_postable(
    client, child, other_caseworker, django_capture_on_commit_callbacks, caseworker
):
    with django_capture_on_commit_callbacks(execute=True):
        record_request(child, caseworker)
    letter = Letter.objects.get()
    client.force_login(other_caseworker)
    assert letter.title not in client.get(reverse("casework:letters_to_post")).content.decode()
    client.post(reverse("casework:letters_mark_posted"), {"letter": [letter.pk]})
    letter.refresh_from_db()
    assert letter.sent_on is None


def test_by_email_the_family_gets_a_link_and_no_details_of_the_child(
    child, family_member, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_request(child, caseworker)
    letter = Letter.objects.get()
    assert letter.delivery == Letter.Delivery.EMAIL
    assert letter.sent_on == timezone.localdate() == letter.service_on
    event = ChronologyEvent.objects.get(kind="letter_emailed")
    email = Notification.objects.get(dedupe_key=f"family:{event.pk}:{family_member.user.pk}")
    for detail in (child.first_name, child.last_name, child.la_reference, letter.title):
        assert detail not in email.subject + email.body
    assert email.link_path == reverse("family:case", args=[child.pk])


def test_the_case_page_lists_the_letters(
    client, child, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_request(child, caseworker)
    client.force_login(caseworker)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "We have received your request for an EHC needs assessment" in page
    assert "To post" in page


def test_a_council_can_override_a_letter_with_its_own_template(
    settings, tmp_path, child, caseworker, django_capture_on_commit_callbacks
):
    own = tmp_path / "letters" / "assessments"
    own.mkdir(parents=True)
    (own / "request_acknowledged.html").write_text(
        '{% extends "letters/base.html" %}{% block body %}<p>Northshire wording.</p>{% endblock %}'
    )
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    with django_capture_on_commit_callbacks(execute=True):
        record_request(child, caseworker)
    from tests.letters.conftest import pdf_text

    assert "Northshire wording." in pdf_text(Letter.objects.get())
