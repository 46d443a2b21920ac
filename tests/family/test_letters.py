"""Decision letters reach the family's documents page; staff-only documents never do."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from sen_portal.casework.services import document_store


@pytest.fixture
def declined(child, caseworker, django_capture_on_commit_callbacks):
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=timezone.localdate() - datetime.timedelta(days=20),
        reasons="Reading well below age level.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.request_decline(
            assessment_request=request,
            on=timezone.localdate(),
            reasons="Needs can be met at SEN support.",
            acting_user=caseworker,
        )
    request.refresh_from_db()
    return request


@pytest.fixture
def staff_only_document(child, caseworker):
    pdf = SimpleUploadedFile("notes.pdf", b"%PDF-1.4\n%staff\n", "application/pdf")
    return document_store(
        child=child, upload=pdf, title="Educational psychology report", acting_user=caseworker
    )


def test_the_family_finds_and_downloads_their_decision_letter(
    client, family_member, family_user, declined, staff_only_document
):
    client.force_login(family_user)
    page = client.get(reverse("family:documents", args=[family_member.child_id]))
    text = page.content.decode()
    assert "Decision not to carry out an EHC needs assessment" in text
    assert "Educational psychology report" not in text
    letter_url = reverse(
        "family:letter", args=[family_member.child_id, declined.decision_letter_id]
    )
    download = client.get(letter_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"


def test_a_staff_only_document_is_not_found_through_the_portal(
    client, family_member, family_user, staff_only_document
):
    client.force_login(family_user)
    url = reverse("family:letter", args=[family_member.child_id, staff_only_document.pk])
    assert client.get(url).status_code == 404


def test_another_family_cannot_open_the_letter(client, other_family, child, declined):
    client.force_login(other_family)
    url = reverse("family:letter", args=[child.pk, declined.decision_letter_id])
    assert client.get(url).status_code == 404
