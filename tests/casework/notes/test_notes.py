"""Case notes, the communication log and documents uploaded to a case, through the pages
staff and families use (issue #21 item 5)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sen_portal.casework.models import CaseNote, ChronologyEvent, Document
from sen_portal.casework.notes import attach_points
from tests.assessments.helpers import EXE_BYTES, PDF_BYTES
from tests.world import _request

pytestmark = pytest.mark.usefixtures("media_root")
TODAY = timezone.localdate()


def _date(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def _note(**extra) -> dict:
    data = {
        "kind": "phone_call",
        "with_whom": "the SENCo at Northshire Primary School",
        "subject": "Reading support this term",
        "body": "The school has started daily phonics; the SENCo will send the plan.",
        **_date("happened_on", TODAY),
    }
    data.update(extra)
    return data


def test_a_caseworker_records_a_staff_only_call_with_an_attachment(client, caseworker, child):
    request = _request(child, caseworker, TODAY - datetime.timedelta(days=3))
    step = attach_points.key_for(request)
    client.force_login(caseworker)
    form = client.get(reverse("casework:note_create", args=[child.pk]))
    assert dict(form.context["form"].fields["step"].choices)[step].startswith("Request for")

    response = client.post(
        reverse("casework:note_create", args=[child.pk]),
        _note(attachments=SimpleUploadedFile("minutes.pdf", PDF_BYTES), step=step),
    )

    assert response.status_code == 302
    note = CaseNote.objects.get(child=child)
    assert (note.recorded_by, note.shared_with_family) == (caseworker, False)
    document = note.attachments.get()
    assert document.shared_with_family is False
    assert (document.step, document.step_label) == (request, str(request))
    event = ChronologyEvent.objects.get(kind="case_note_recorded")
    # The chronology says what and who, not the content, and never reaches the family.
    assert event.summary == "Phone call recorded (staff only)"
    assert (event.actor, event.visible_to_family) == (caseworker, False)

    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Phone call with the SENCo at Northshire Primary School" in page
    assert "daily phonics" in page and "Staff only" in page
    assert "recorded by Casey Worker" in page
    assert f"belongs to {request}" in page


def test_a_staff_note_never_reaches_the_family_and_a_shared_one_does(
    client, caseworker, child, family_member
):
    client.force_login(caseworker)
    client.post(reverse("casework:note_create", args=[child.pk]), _note(subject="Staff view"))
    client.post(
        reverse("casework:note_create", args=[child.pk]),
        _note(
            kind="meeting",
            with_whom="Pat Parent",
            subject="Agreed next steps",
            body="We agreed to ask the speech and language service for advice.",
            shared_with_family="on",
            attachments=SimpleUploadedFile("agreed.pdf", PDF_BYTES),
        ),
    )
    client.force_login(family_member.user)
    page = client.get(reverse("family:case", args=[child.pk])).content.decode()
    assert "Agreed next steps" in page and "speech and language" in page
    assert "Staff view" not in page and "daily phonics" not in page
    shared = CaseNote.objects.get(subject="Agreed next steps").attachments.get()
    assert client.get(reverse("family:letter", args=[child.pk, shared.pk])).status_code == 200
    staff_only = Document.objects.exclude(pk=shared.pk).filter(child=child)
    assert not staff_only.filter(shared_with_family=True).exists()
    documents = client.get(reverse("family:documents", args=[child.pk])).content.decode()
    assert shared.title in documents


def test_attachments_are_checked_by_content_and_nothing_is_kept_when_one_fails(
    client, caseworker, child
):
    client.force_login(caseworker)
    response = client.post(
        reverse("casework:note_create", args=[child.pk]),
        _note(attachments=SimpleUploadedFile("report.pdf", EXE_BYTES)),
    )
    assert response.status_code == 200
    assert "report.pdf: The selected file must be a PDF" in response.content.decode()
    assert not CaseNote.objects.exists() and not Document.objects.exists()


def test_a_note_cannot_be_dated_in_the_future(client, caseworker, child):
    client.force_login(caseworker)
    response = client.post(
        reverse("casework:note_create", args=[child.pk]),
        _note(**_date("happened_on", TODAY + datetime.timedelta(days=1))),
    )
    assert "must be today or in the past" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_document_is_uploaded_to_the_case_and_attached_to_its_step(client, caseworker, child):
    request = _request(child, caseworker, TODAY - datetime.timedelta(days=3))
    client.force_login(caseworker)
    response = client.post(
        reverse("casework:document_upload", args=[child.pk]),
        {
            "document": SimpleUploadedFile("reply.pdf", PDF_BYTES),
            "title": "Northshire Primary School's reply",
            "step": attach_points.key_for(request),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Northshire Primary School's reply")
    assert (document.step, document.uploaded_by) == (request, caseworker)
    assert ChronologyEvent.objects.filter(kind="document_added", actor=caseworker).exists()
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Northshire Primary School&#x27;s reply" in page


def test_a_step_of_another_childs_case_cannot_be_chosen(client, caseworker, child, team):
    from tests.factories import ChildFactory

    other = ChildFactory(team=team)
    foreign = _request(other, caseworker, TODAY - datetime.timedelta(days=3))
    client.force_login(caseworker)
    response = client.post(
        reverse("casework:document_upload", args=[child.pk]),
        {
            "document": SimpleUploadedFile("r.pdf", PDF_BYTES),
            "step": attach_points.key_for(foreign),
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_an_impostor_file_is_refused_on_upload(client, caseworker, child):
    client.force_login(caseworker)
    response = client.post(
        reverse("casework:document_upload", args=[child.pk]),
        {"document": SimpleUploadedFile("reply.pdf", EXE_BYTES)},
    )
    assert "The selected file must be a PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_only_staff_who_run_the_case_see_its_notes(
    client, caseworker, child, admin_user, other_caseworker
):
    client.force_login(caseworker)
    client.post(reverse("casework:note_create", args=[child.pk]), _note())
    # A system administrator reads the case but not its notes.
    client.force_login(admin_user)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "daily phonics" not in page and "Reading support this term" not in page
    assert client.get(reverse("casework:note_list", args=[child.pk])).status_code == 403
    client.force_login(other_caseworker)
    assert client.get(reverse("casework:note_list", args=[child.pk])).status_code == 404
    response = client.post(reverse("casework:note_create", args=[child.pk]), _note())
    assert response.status_code == 404
    assert CaseNote.objects.count() == 1


def test_the_panel_shows_the_newest_and_links_to_all_in_pages(
    client, caseworker, child, django_assert_max_num_queries
):
    client.force_login(caseworker)
    for number in range(7):
        client.post(
            reverse("casework:note_create", args=[child.pk]),
            _note(subject=f"Call number {number}"),
        )
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Call number 6" in page and "Call number 1" not in page
    assert "Show all 7 notes" in page
    with django_assert_max_num_queries(7):
        everything = client.get(reverse("casework:note_list", args=[child.pk]))
    text = everything.content.decode()
    assert all(f"Call number {n}" in text for n in range(7))
