"""The plan's write-once versions: the number the next one takes, and freezing the plan
as it stands into one (its PDF is made after the commit). Shared by the plan's lifecycle
and its amendments, so that neither imports the other for it."""

from __future__ import annotations

import datetime

from django.db.models import Max

from plans import selectors
from plans.models import Plan, PlanVersion
from plans.snapshot import build_snapshot, content_hash
from plans.tasks import plan_version_render_pdf as plan_version_render_pdf_task
from sen_portal.task_queue import enqueue_on_commit


def version_create(plan: Plan, *, kind: str, on: datetime.date, acting_user) -> PlanVersion:
    """Freeze every section as it stands now; its PDF is made after the commit."""
    content = selectors.plan_with_content(plan_id=plan.pk)
    snapshot = build_snapshot(content, kind=kind)
    latest = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    version = PlanVersion(
        plan=plan,
        number=latest + 1,
        kind=kind,
        issued_on=on,
        issued_by=acting_user,
        snapshot=snapshot,
        content_sha256=content_hash(snapshot),
    )
    version.full_clean()
    version.save()
    enqueue_on_commit(plan_version_render_pdf_task, version.pk)
    return version


def next_version_number(plan: Plan) -> int:
    """The number the next version of ``plan`` (locked) will have."""
    return (PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0) + 1
