"""The PDF of a plan version: rendered once, from the frozen snapshot, by WeasyPrint through
casework's locked-down renderer (sen_portal/casework/pdf.py), and stored under MEDIA_ROOT
with its SHA-256. plans.tasks.plan_version_render_pdf is the Celery task that calls it."""

from __future__ import annotations

import hashlib
import logging
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone

from plans.constants import SECTIONS
from plans.models import PlanAmendment, PlanVersion, PlanVersionPdf, PlanVersionPdfFailure
from plans.snapshot import compare, content_hash, needs_by_area
from sen_portal import timescales
from sen_portal.casework.pdf import render_pdf

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "plans/pdf/plan.html"
# Everything the layout depends on: a change to any of them is a new template version.
LAYOUT_TEMPLATES = (TEMPLATE_NAME, "pdf/base.html")
LAYOUT_STATIC = ("pdf/document.css", "plans/pdf/plan.css")


class VersionContentMismatch(Exception):
    """The stored snapshot no longer hashes to the version's content hash."""


@lru_cache(maxsize=1)
def template_version() -> str:
    """A short hash of the templates and stylesheets a plan PDF is laid out with, stored
    with each PDF so a document can always be traced to the layout that made it."""
    digest = hashlib.sha256()
    for name in LAYOUT_TEMPLATES:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    for name in LAYOUT_STATIC:
        digest.update(Path(finders.find(name)).read_bytes())
    return "plan-pdf-" + digest.hexdigest()[:16]


def version_context(version: PlanVersion) -> dict:
    """What the PDF template (and the version page) shows: the snapshot, never the live
    plan, so a version always reads as it was issued."""
    snapshot = version.snapshot
    sections = snapshot["sections"]
    provision_sections = [
        (section, sections[section.code]["items"])
        for section in SECTIONS
        if section.kind == "provision"
    ]
    return {
        "version": version,
        "snapshot": snapshot,
        "person": snapshot["child"],
        "s": sections,
        "sections": SECTIONS,
        "needs_by_area": needs_by_area(snapshot),
        "provision_sections": provision_sections,
        "draft": version.is_draft,
        "representations_due": timescales.due_date(
            "amendment_representations" if version.is_proposal else "draft_representations",
            version.issued_on,
        )
        if version.is_draft
        else None,
        "council_name": settings.COUNCIL_NAME,
        **_amendment_notice(version),
    }


def _amendment_notice(version: PlanVersion) -> dict:
    """Reg 22(2): proposals go with a notice of what the council proposes to change: the
    summary given when they were sent, and each section's changes from the plan in force."""
    if not version.is_proposal:
        return {}
    amendment = (
        PlanAmendment.objects.filter(proposals_version=version)
        .select_related("amends_version")
        .first()
    )
    if amendment is None:
        return {}
    changes = [c for c in compare(amendment.amends_version.snapshot, version.snapshot) if c.changed]
    return {
        "amendment": amendment,
        "amendment_changes": changes,
        # Reg 22(3)'s 8 weeks, or after a reassessment Reg 27(2)'s 14 weeks: the date
        # recorded when the proposals were sent (amendments._reassessment_plan_due).
        "amended_plan_due": amendment.amended_plan_due_on
        or timescales.due_date("amended_plan", version.issued_on),
    }


def render_version_pdf_bytes(version: PlanVersion) -> bytes:
    return render_pdf(TEMPLATE_NAME, version_context(version))


def plan_version_render_pdf(*, version_id: int) -> PlanVersionPdf:
    """Make the PDF of one version, once. Idempotent: a version whose content already
    has its PDF is not rendered again, so a retried or doubled task changes nothing; two
    at once queue on the version's row lock and the second finds the first one's PDF."""
    with transaction.atomic():
        version = PlanVersion.objects.select_for_update().get(pk=version_id)
        existing = PlanVersionPdf.objects.filter(version=version).first()
        if existing is not None and existing.content_sha256 == version.content_sha256:
            return existing
        if content_hash(version.snapshot) != version.content_sha256:
            raise VersionContentMismatch(f"version {version.pk} does not match its content hash")
        started = time.perf_counter()
        data = render_version_pdf_bytes(version)
        seconds = time.perf_counter() - started
        pdf = PlanVersionPdf(
            version=version,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content_sha256=version.content_sha256,
            template_version=template_version(),
            render_seconds=round(seconds, 3),
        )
        pdf.file.save("plan.pdf", ContentFile(data), save=False)
        try:
            pdf.full_clean(exclude=["file"])
            pdf.save()
        except Exception:
            pdf.file.storage.delete(pdf.file.name)
            raise
        PlanVersionPdfFailure.objects.filter(version=version).delete()
    logger.info("Rendered plan version %s: %d bytes in %.2fs", version.pk, len(data), seconds)
    return pdf


def plan_version_pdf_failed(*, version_id: int, reason: str) -> None:
    """Record that making a version's PDF failed for good, for the version page. Best
    effort: this runs in the task's failure handler, and a failure to record the failure
    (the database still away) must not hide the original error in the worker's log."""
    try:
        PlanVersionPdfFailure.objects.update_or_create(
            version_id=version_id,
            defaults={"failed_at": timezone.now(), "reason": reason[:200]},
        )
    except Exception:
        logger.exception("Could not record the failed PDF of plan version %s", version_id)


def plan_version_pdf_retry(*, version: PlanVersion) -> None:
    """Someone asked to make the PDF again: forget the failure and queue the task."""
    from plans.tasks import plan_version_render_pdf as plan_version_render_pdf_task
    from sen_portal.task_queue import enqueue_on_commit

    PlanVersionPdfFailure.objects.filter(version=version).delete()
    enqueue_on_commit(plan_version_render_pdf_task, version.pk)


def read_verified(pdf: PlanVersionPdf) -> bytes:
    """The stored file, checked against its recorded SHA-256: a file changed on disk is
    never handed out as the plan."""
    with pdf.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != pdf.sha256:
        raise VersionContentMismatch(f"stored PDF {pdf.file.name} does not match its hash")
    return data
