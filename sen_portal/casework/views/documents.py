"""Downloading a case's documents. MEDIA_ROOT is never served by the web server: this view
is the only way to a file, and it asks the same question as the case page (may this user
see this case?) and logs the read."""

from __future__ import annotations

from django.http import FileResponse, Http404

from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.models import Document

CASE_STAFF = (*CASE_ROLES, Role.ADMIN)


def document_response(document: Document) -> FileResponse:
    """The file, with the type its content was found to be. Images and PDFs open in the
    browser; Word documents download. Never cached: they are children's records."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("No such document") from None
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=document.file_type == Document.FileType.DOCX,
        filename=document.download_name,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@allow(*CASE_STAFF)
def document_download(request, child_id, document_id):
    child = get_child_for_user(request, child_id)
    try:
        document = child.documents.get(pk=document_id)
    except Document.DoesNotExist:
        raise Http404("No such document") from None
    return document_response(document)
