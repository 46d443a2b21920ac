"""Uploads are judged by their content; anything else is refused and nothing is stored."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import AssessmentRequest
from sen_portal.casework.models import Deadline, Document, RecordAccess
from sen_portal.casework.services import delete_files_on_error, detect_file_type, document_store
from tests.assessments.helpers import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    date_fields,
    days_ago,
    docx_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def request_form(**extra):
    return {
        "requester": "parent",
        "requester_name": "Pat Parent",
        **date_fields("received_on", days_ago(3)),
        "reasons": "Struggling at school.",
        "consent_to_share": "no",
        **extra,
    }


def stored_files(media_root) -> list[str]:
    return [name for _dir, _subdirs, names in os.walk(media_root) for name in names]


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("report.pdf", PDF_BYTES, "pdf"),
        ("photo.png", PNG_BYTES, "png"),
        ("scan.jpg", JPEG_BYTES, "jpeg"),
        ("letter.docx", docx_bytes(), "docx"),
        # Named wrongly, still accepted for what it is.
        ("letter.pdf", docx_bytes(), "docx"),
        ("no-extension", PNG_BYTES, "png"),
    ],
)
def test_accepted_types_are_recognised_by_their_content(name, content, expected):
    assert detect_file_type(upload(name, content)) == expected


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("report.pdf", EXE_BYTES, "must be a PDF, Word document (DOCX), JPEG or PNG"),
        ("notes.docx", docx_bytes(with_document=False), "must be a PDF, Word document"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 60, "must be a PDF, Word document"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "must be a PDF"),
        ("empty.pdf", b"", "The selected file is empty"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        detect_file_type(upload(name, content))


def test_files_over_20_mb_are_refused():
    big = PDF_BYTES + b"0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError, match="smaller than 20 MB"):
        detect_file_type(upload("big.pdf", big))


def test_a_stored_document_keeps_its_hash_size_and_detected_type_outside_the_web_root(
    child, caseworker, media_root
):
    document = document_store(
        child=child, upload=upload("My report.PDF", PDF_BYTES), acting_user=caseworker
    )
    assert document.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert (document.size, document.file_type) == (len(PDF_BYTES), "pdf")
    # Stored under a name we chose, not the uploader's.
    assert document.file.name == f"documents/{child.pk}/{document.pk}.pdf"
    assert os.path.exists(media_root / document.file.name)
    assert document.download_name == "My report.pdf"


def test_a_renamed_program_is_refused_on_the_request_form_and_nothing_is_stored(
    client, caseworker, child, media_root
):
    client.force_login(caseworker)
    response = client.post(
        reverse("assessments:request_create", args=[child.pk]),
        request_form(evidence=[upload("report.pdf", EXE_BYTES, "application/pdf")]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "report.pdf: The selected file must be a PDF, Word document (DOCX), JPEG or PNG" in html
    assert not AssessmentRequest.objects.exists()
    assert not Document.objects.exists()
    assert not Deadline.objects.exists()
    assert stored_files(media_root) == []


def test_files_already_written_are_removed_when_the_change_fails(child, caseworker, media_root):
    with pytest.raises(RuntimeError), delete_files_on_error():
        document_store(child=child, upload=upload("a.pdf", PDF_BYTES), acting_user=caseworker)
        assert len(stored_files(media_root)) == 1
        raise RuntimeError("a later step failed")
    assert stored_files(media_root) == []


def test_case_staff_download_evidence_through_the_checked_view(
    client, caseworker, other_caseworker, child, make_request
):
    assessment_request = make_request(child, evidence=[upload("photo.png", PNG_BYTES)])
    document = assessment_request.evidence.get()
    url = reverse("documents:document_download", args=[child.pk, document.pk])
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert RecordAccess.objects.filter(user=caseworker, child=child, path=url).exists()
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404


def test_a_document_is_only_served_under_its_own_case(
    client, caseworker, child, team, make_request
):
    from tests.factories import ChildFactory

    other_child = ChildFactory(team=team)
    document = make_request(child, evidence=[upload("a.pdf", PDF_BYTES)]).evidence.get()
    client.force_login(caseworker)
    url = reverse("documents:document_download", args=[other_child.pk, document.pk])
    assert client.get(url).status_code == 404


def test_word_documents_download_rather_than_open(client, caseworker, child, make_request):
    document = make_request(child, evidence=[upload("plan.docx", docx_bytes())]).evidence.get()
    client.force_login(caseworker)
    response = client.get(reverse("documents:document_download", args=[child.pk, document.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
