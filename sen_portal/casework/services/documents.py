"""Checking and storing uploaded files.

A file is judged by its content, never by its name or the browser's content type: the
first bytes must be a PDF, a JPEG, a PNG or a ZIP that really is a Word document (it holds
word/document.xml). Anything else is refused with a message that says what we accept, and
nothing is written, neither the row nor the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from collections.abc import Iterator
from contextvars import ContextVar

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sen_portal.casework.models import Child, Document
from sen_portal.casework.models.document import MAX_DOCUMENT_BYTES
from sen_portal.casework.services.case import chronology_record

FileType = Document.FileType

ACCEPTED_WORDS = "a PDF, Word document (DOCX), JPEG or PNG"
ACCEPT_ATTRIBUTE = ".pdf,.docx,.jpg,.jpeg,.png"
_MIME_TO_TYPE = {
    "application/pdf": FileType.PDF,
    "image/jpeg": FileType.JPEG,
    "image/png": FileType.PNG,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileType.DOCX,
    # filetype names a DOCX only when [Content_Types].xml comes first in the archive;
    # other writers order entries differently, so a plain ZIP gets the Word check too.
    "application/zip": FileType.DOCX,
}
# The files written by document_store inside the current delete_files_on_error block
# (a context variable, so concurrent requests in threads never see each other's).
_stored_files: ContextVar[list[str] | None] = ContextVar("stored_documents", default=None)
# filetype needs no more than this to recognise any of the types above.
_HEAD_BYTES = 8192


def _is_word_document(upload: UploadedFile) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            # The central directory only: nothing is decompressed, so a zip bomb is harmless.
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "word/document.xml" in names and "[Content_Types].xml" in names


def detect_file_type(upload: UploadedFile) -> str:
    """The Document.FileType of ``upload``, from its content; ValidationError otherwise."""
    if upload.size is None or upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError("The selected file must be smaller than 20 MB", code="too_big")
    upload.seek(0)
    head = upload.read(_HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    file_type = _MIME_TO_TYPE.get(kind.mime) if kind is not None else None
    if file_type == FileType.DOCX and not _is_word_document(upload):
        file_type = None
    if file_type is None:
        raise ValidationError(f"The selected file must be {ACCEPTED_WORDS}", code="file_type")
    return file_type


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def document_store(
    *,
    child: Child,
    upload: UploadedFile,
    title: str = "",
    acting_user,
    shared_with_family: bool = False,
) -> Document:
    """Check ``upload`` by content and keep it with the case. Call inside the transaction
    of the change it belongs to, wrapped in ``delete_files_on_error`` so a later failure
    leaves no orphan file behind."""
    file_type = detect_file_type(upload)
    original_name = (upload.name or "document").rsplit("/", 1)[-1][:255]
    document = Document(
        child=child,
        title=(title.strip() or original_name)[:200],
        original_name=original_name,
        file_type=file_type,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=acting_user,
        shared_with_family=shared_with_family,
    )
    document.full_clean(exclude=["file"])
    # Saving the FieldFile writes the file (under a name we choose) and then the row.
    document.file.save(f"{document.id}.{file_type}", upload, save=True)
    _remember(document.file.name)
    chronology_record(
        child=child,
        actor=acting_user,
        kind="document_added",
        summary=f"Document added: {document.title}",
        note=f"{document.get_file_type_display()}, {document.size:,} bytes.",
        subject=document,
    )
    return document


@contextlib.contextmanager
def delete_files_on_error() -> Iterator[None]:
    """Remove the files stored in this block if it raises: the database rolls the rows
    back, this rolls the disk back with them. Blocks nest; a file stored in an inner block
    that succeeded is still removed if the outer one fails."""
    stored: list[str] = []
    token = _stored_files.set(stored)
    try:
        yield
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)
    outer = _stored_files.get()
    if outer is not None:
        outer.extend(stored)


def _remember(name: str) -> None:
    stored = _stored_files.get()
    if stored is not None:
        stored.append(name)
