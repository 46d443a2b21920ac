"""Files attached to a case: evidence with a request, advice from other agencies, letters.

Stored under MEDIA_ROOT, which the web server never serves: every download goes through a
view that checks the reader may see the case (casework/views/documents.py), or, for an
advice giver, that the file is their own advice. The workflow that owns a document points
at it (casework knows no particular workflow).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sen_portal.base_models import BaseModel
from sen_portal.casework.models.case import Child

# The largest file we accept: big enough for a scanned report, small enough to keep a
# worker's memory and the disk in check.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class DocumentFileType(models.TextChoices):
    """What the content turned out to be (never what the file name claimed)."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"
    JPEG = "jpeg", "JPEG image"
    PNG = "png", "PNG image"


CONTENT_TYPES = {
    DocumentFileType.PDF: "application/pdf",
    DocumentFileType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    DocumentFileType.JPEG: "image/jpeg",
    DocumentFileType.PNG: "image/png",
}


def document_path(instance: Document, filename: str) -> str:
    # Never the uploader's file name on disk: it is user input (and may name the child).
    return f"documents/{instance.child_id}/{instance.id}.{instance.file_type}"


class Document(BaseModel):
    FileType = DocumentFileType

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=200)
    original_name = models.CharField("File name", max_length=255)
    file = models.FileField(upload_to=document_path, max_length=200)
    file_type = models.CharField(max_length=10, choices=FileType.choices)
    size = models.PositiveBigIntegerField(help_text="Bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    # Sent to the family (a decision letter): listed in their portal. Evidence and advice
    # reports are staff's unless shared on purpose.
    shared_with_family = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The step of the case it belongs to (a request, an assessment, an advice request, a
    # plan version, a review), when uploaded to the case directly: casework knows no
    # workflow, so a generic link, offered from what the apps register in
    # casework.notes.attach_points. The label is the step's name when it was attached.
    step_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    step_id = models.CharField(max_length=40, blank=True)
    step = GenericForeignKey("step_type", "step_id")
    step_label = models.CharField("Belongs to", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The case page's documents: one child's newest first.
            models.Index(fields=["child", "-created_at"], name="document_child_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(file_type__in=DocumentFileType.values),
                name="document_file_type_known",
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0, size__lte=MAX_DOCUMENT_BYTES),
                name="document_size_in_range",
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="document_sha256_hex"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.file_type]

    @property
    def download_name(self) -> str:
        """The name offered on download: the uploader's, with the extension of what the
        content really is."""
        stem = self.original_name.rsplit(".", 1)[0] or "document"
        return f"{stem}.{self.file_type}"
