"""Issued versions: the version page (with its PDF's progress), the PDF itself through an
access-checked view, asking for the PDF again, and comparing two versions."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from plans import selectors
from plans.access import get_plan_for_user, get_version_for_reader
from plans.models import PlanVersion, PlanVersionPdfFailure
from plans.services.documents import plan_version_pdf_retry, read_verified, version_context
from plans.snapshot import build_snapshot, compare
from plans.views.common import ISSUED_READERS, READERS, WRITERS, plan_url
from sen_portal.access import allow
from sen_portal.accounts.roles import Role

# A PDF usually takes a few seconds; after this long the page stops saying "being made"
# as if nothing were wrong, and offers to try again.
PDF_SLOW_AFTER = datetime.timedelta(minutes=2)


def version_url(version: PlanVersion) -> str:
    return reverse("plans:version_detail", args=[version.plan_id, version.number])


@allow(*ISSUED_READERS)
def version_detail(request, plan_id, number):
    version = get_version_for_reader(request, plan_id, number)
    pdf = getattr(version, "pdf", None)
    failure = None
    if pdf is None:
        failure = PlanVersionPdfFailure.objects.filter(version=version).first()
    return render(
        request,
        "plans/version_detail.html",
        {
            **version_context(version),
            "plan": version.plan,
            "pdf": pdf,
            "pdf_failure": failure,
            "pdf_slow": pdf is None and version.created_at < timezone.now() - PDF_SLOW_AFTER,
            "is_family": request.user.role == Role.FAMILY,
            "may_render": request.user.role in WRITERS and pdf is None,
        },
    )


@allow(*ISSUED_READERS)
def version_pdf(request, plan_id, number):
    version = get_version_for_reader(request, plan_id, number)
    pdf = getattr(version, "pdf", None)
    if pdf is None:
        raise Http404("The PDF is not ready yet")
    try:
        data = read_verified(pdf)
    except FileNotFoundError:
        raise Http404("The PDF is missing") from None
    response = HttpResponse(data, content_type="application/pdf")
    name = f"EHC-plan-{version.plan.child.la_reference}-v{version.number}-{version.kind}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@allow(*WRITERS)
@require_POST
def version_render(request, plan_id, number):
    """Ask for the PDF again (say the worker was down). Harmless when it exists: the
    task renders a version once."""
    version = get_version_for_reader(request, plan_id, number)
    if not request.user.has_perm("casework.change_child", version.plan.child):
        raise Http404("Not found")
    plan_version_pdf_retry(version=version)
    messages.success(request, "The PDF is being made: check again in a few seconds")
    return redirect(version_url(version))


@allow(*READERS)
def version_compare(request, plan_id):
    """What changed between two versions, section by section. ``to=current`` compares
    with the plan as it stands (changes not yet issued)."""
    plan = get_plan_for_user(request, plan_id, content=True)
    versions = {v.number: v for v in PlanVersion.objects.filter(plan=plan).order_by("number")}
    if not versions:
        raise Http404("Nothing has been issued yet")
    numbers = sorted(versions)
    default_to = numbers[-1] if len(numbers) > 1 else "current"
    default_from = numbers[-2] if len(numbers) > 1 else numbers[-1]
    if len(numbers) > 1 and versions[numbers[-1]].kind in (
        PlanVersion.Kind.PROPOSAL,
        PlanVersion.Kind.AMENDED,
    ):
        # Proposals and an amended plan are compared with the final plan they amend.
        earlier_finals = [n for n in numbers[:-1] if versions[n].is_final]
        if earlier_finals:
            default_from = earlier_finals[-1]

    def pick(name: str, default):
        raw = request.GET.get(name, "")
        if raw == "current":
            return "current"
        if raw.isdigit() and int(raw) in versions:
            return int(raw)
        return default

    old_key, new_key = pick("from", default_from), pick("to", default_to)

    def snapshot_of(key):
        if key == "current":
            return build_snapshot(plan, kind="final")
        return versions[key].snapshot

    def label_of(key):
        return "The plan as it is now" if key == "current" else versions[key].label

    changes = compare(snapshot_of(old_key), snapshot_of(new_key))
    return render(
        request,
        "plans/version_compare.html",
        {
            "plan": plan,
            "child": plan.child,
            "changes": changes,
            "changed": [c for c in changes if c.changed],
            "old_key": old_key,
            "new_key": new_key,
            "old_label": label_of(old_key),
            "new_label": label_of(new_key),
            "choices": [(str(n), versions[n].label) for n in numbers]
            + ([("current", "The plan as it is now")] if plan.is_editable else []),
            "back_url": plan_url(plan),
            "versions": selectors.versions_for(plan),
        },
    )
