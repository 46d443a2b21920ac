"""Issued versions of a plan and their PDFs. Both are written once and never changed:
a version is what the family was sent on that day, whatever happens to the plan later.

Immutable in Python (here) and in the database (a trigger, see migration 0002), like the
chronology. The PDF is a separate row because it is made after the version commits, by a
Celery task: "ready" is the row existing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sen_portal.base_models import BaseModel


class VersionIsImmutable(Exception):
    """An issued version is evidence of what was sent: it is written once."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise VersionIsImmutable(f"{self.model.__name__} rows cannot be changed")

    def delete(self):
        raise VersionIsImmutable(f"{self.model.__name__} rows cannot be deleted")


class WriteOnce(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionIsImmutable(f"{type(self).__name__} rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionIsImmutable(f"{type(self).__name__} rows cannot be deleted")


class VersionKind(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"
    # Amending the issued plan (Reg 22): the copy of the plan with the proposed
    # amendments (watermarked like a draft), then the amended final plan.
    PROPOSAL = "proposal", "Proposed amendments"
    AMENDED = "amended", "Amended final"


class PlanVersion(WriteOnce, BaseModel):
    """A frozen copy of every section, made when a draft or final plan is issued."""

    Kind = VersionKind

    plan = models.ForeignKey("plans.Plan", on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=VersionKind.choices)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Every section as it stood (plans/snapshot.py), and the SHA-256 of its canonical JSON.
    snapshot = models.JSONField()
    content_sha256 = models.CharField("Content SHA-256", max_length=64)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=VersionKind.values), name="plan_version_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(content_sha256__regex=r"^[0-9a-f]{64}$"),
                name="plan_version_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_kind_display().lower()}) of {self.plan_id}"

    @property
    def is_draft(self) -> bool:
        """Not the plan in force: printed with a DRAFT watermark."""
        return self.kind in (VersionKind.DRAFT, VersionKind.PROPOSAL)

    @property
    def is_final(self) -> bool:
        return self.kind in (VersionKind.FINAL, VersionKind.AMENDED)

    @property
    def is_proposal(self) -> bool:
        return self.kind == VersionKind.PROPOSAL

    @property
    def family_title(self) -> str:
        """What the family were sent, in their words."""
        return {
            VersionKind.DRAFT: "Draft EHC plan",
            VersionKind.FINAL: "Final EHC plan",
            VersionKind.PROPOSAL: "Proposed amendments to the EHC plan",
            VersionKind.AMENDED: "Amended EHC plan",
        }.get(self.kind, "EHC plan")

    @property
    def label(self) -> str:
        if self.kind == VersionKind.PROPOSAL:
            return f"Version {self.number}: proposed amendments"
        return f"Version {self.number}: {self.get_kind_display().lower()} plan"


def version_pdf_path(instance: PlanVersionPdf, filename: str) -> str:
    # Under MEDIA_ROOT, which the web server never serves: downloads go through a view
    # that checks the reader may see the case.
    version = instance.version
    return f"plans/{version.plan_id}/v{version.number}-{instance.sha256[:12]}.pdf"


class PlanVersionPdf(WriteOnce, BaseModel):
    """The PDF of one version, made once (plans/documents.py)."""

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="pdf")
    file = models.FileField(upload_to=version_pdf_path, max_length=200)
    size = models.PositiveIntegerField(help_text="Bytes")
    sha256 = models.CharField("SHA-256", max_length=64)
    # What it was made from: the version's content hash, and the layout (templates and
    # stylesheets) it was laid out with.
    content_sha256 = models.CharField(max_length=64)
    template_version = models.CharField(max_length=40)
    render_seconds = models.FloatField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="plan_pdf_sha256_hex"
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="plan_pdf_not_empty"),
        ]

    def __str__(self) -> str:
        return f"PDF of {self.version}"


class PlanVersionPdfFailure(BaseModel):
    """The last time making a version's PDF failed for good (its task gave up after its
    retries), so the version page can say so and offer to try again instead of saying
    "being made" for ever. Deleted when someone asks again or the PDF is made."""

    version = models.OneToOneField(
        PlanVersion, on_delete=models.CASCADE, related_name="pdf_failure"
    )
    failed_at = models.DateTimeField()
    reason = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"PDF of {self.version} failed at {self.failed_at:%Y-%m-%d %H:%M}"
