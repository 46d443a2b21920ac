"""Amending an issued plan (Regs 20-22): starting, "check your answers" and sending the
proposed amendments, the family's comments, the amended plan, or the decision not to
amend. Each step is a POST from a confirmation page; the services check it again under a
row lock. Consulting schools and colleges while amending uses the plan's own consult page
(plans/views/workflow.py)."""

from __future__ import annotations

from django.utils import timezone

from plans import services
from plans.access import get_plan_for_user
from plans.constants import SECTIONS
from plans.forms import (
    AmendmentProposalsForm,
    AmendmentRepresentationsForm,
    AmendmentStartForm,
    DateForm,
    NotAmendForm,
)
from plans.models import Plan
from plans.snapshot import build_snapshot, compare
from plans.views.common import WRITERS, plan_url, post_data, refused, transition_page
from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.casework.models import Deadline
from sen_portal.casework.views import steps as step_pages
from sen_portal.dates import long_date


def _check_context(plan: Plan, amendment, *, kind: str) -> dict:
    """The plan as it would be issued, and what changed from the plan in force."""
    snapshot = build_snapshot(plan, kind=kind)
    changes = compare(amendment.amends_version.snapshot, snapshot) if amendment else []
    return {
        "snapshot": snapshot,
        "s": snapshot["sections"],
        "sections": SECTIONS,
        "kind": kind,
        "amendment": amendment,
        "changes": changes,
        "changed": [c for c in changes if c.changed],
        "today": timezone.localdate(),
    }


@allow(*WRITERS)
def amendment_start(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    form = AmendmentStartForm(post_data(request))
    return transition_page(
        request,
        plan=plan,
        method="start_amendment",
        form=form,
        run=lambda cleaned: services.plan_amendment_start(
            plan=plan, on=cleaned["on"], reason=cleaned["reason"], acting_user=request.user
        ),
        success="Amending the plan: change the sections, then send the proposed amendments "
        "to the family",
        title="Start amending the plan",
        intro="The sections of the plan open for changes. The issued plan stays in force "
        "until the amended plan is issued, or the council decides not to amend it. The "
        "family are sent the proposed amendments when you are ready (Reg 22(2)).",
        submit_label="Start amending the plan",
    )


@allow(*WRITERS)
def amendment_propose(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True, content=True)
    amendment = services.open_amendment(plan)
    form = AmendmentProposalsForm(post_data(request))
    return transition_page(
        request,
        plan=plan,
        method="propose_amendments",
        form=form,
        run=lambda cleaned: services.plan_issue_amendment_proposals(
            plan=plan,
            on=cleaned["on"],
            summary=cleaned["summary"],
            sent_by=cleaned["sent_by"],
            acting_user=request.user,
        ),
        success=lambda version: (
            f"Proposed amendments sent as version {version.number}: the family may comment "
            "until "
            f"{long_date(services.open_amendment(version.plan).representations_due_on)}"
            "; the amended plan is due by "
            f"{long_date(timescales.due_date('amended_plan', version.issued_on))}"
        ),
        title="Check the proposed amendments before sending them",
        intro="The family are sent a copy of the plan with the proposed amendments. They "
        "have 15 days, beginning with the day it is served, to comment, to ask for a school "
        "or college and to ask to meet an officer (Reg 22(2)). The amended plan is due 8 "
        "weeks after the proposals (Reg 22(3)).",
        submit_label="Send the proposed amendments",
        template="plans/amendment_check.html",
        extra=_check_context(plan, amendment, kind="proposal"),
    )


@allow(*WRITERS)
def amendment_representations(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    back_url = plan_url(plan)
    amendment = services.open_amendment(plan)
    if plan.status != Plan.Status.AMENDMENT_PROPOSED or amendment is None:
        return refused(
            request,
            "The family's comments on proposed amendments are recorded once the proposals "
            f"are sent. The plan is {plan.get_status_display().lower()}. Nothing was changed.",
            back_url,
        )
    form = AmendmentRepresentationsForm(
        post_data(request),
        initial={
            "representations": amendment.representations,
            "preferred_institution": amendment.preferred_institution_id,
        },
    )
    return step_pages.step_page(
        request,
        form=form,
        run=lambda data: services.plan_record_amendment_representations(
            plan=plan, **data, acting_user=request.user
        ),
        success="The family's comments on the proposed amendments are recorded",
        title="Record the family's comments on the proposed amendments",
        intro=f"They have until {long_date(amendment.representations_due_on)} to comment "
        "(15 days beginning with the day the proposals were served, Reg 22(2)(c)). Their "
        "comments do not end that time: the amended plan waits for it to end, unless they "
        "tell you they have nothing more to say.",
        submit_label="Record their comments",
        back_url=back_url,
        child=plan.child,
        record="the plan",
        extra={"plan": plan},
    )


def _deadline_words(d: Deadline, what: str) -> str:
    if d.met_late:
        return (
            f"{d.days_late} day{'s' if d.days_late != 1 else ''} after the {what} deadline of "
            f"{long_date(d.due_on)}"
        )
    return f"within {what} (due {long_date(d.due_on)})"


@allow(*WRITERS)
def amendment_issue(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True, content=True)
    amendment = services.open_amendment(plan)
    form = DateForm(
        post_data(request),
        label="Date the amended plan is issued",
        required_message="Enter the date the amended plan is issued",
    )

    def success(result: services.AmendedIssue) -> str:
        text = f"Amended plan issued as version {result.version.number}"
        parts = []
        if (d := result.deadline("amended_plan")) is not None:
            parts.append(_deadline_words(d, "8 weeks"))
        if (d := result.deadline("amended_plan_after_review")) is not None:
            parts.append(_deadline_words(d, "12 weeks of the review meeting"))
        return text + (", " + " and ".join(parts) if parts else "")

    return transition_page(
        request,
        plan=plan,
        method="issue_amended",
        form=form,
        run=lambda cleaned: services.plan_issue_amended_final(
            plan=plan, on=cleaned["on"], acting_user=request.user
        ),
        success=success,
        title="Check the amended plan before issuing it",
        intro="The amended plan replaces the plan in force and names the school or college "
        "in section I. It is due 8 weeks after the proposed amendments (Reg 22(3)). The "
        "family may appeal to the tribunal about it.",
        submit_label="Issue the amended plan",
        template="plans/amendment_check.html",
        extra=_check_context(plan, amendment, kind="amended"),
    )


@allow(*WRITERS)
def amendment_not(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    return transition_page(
        request,
        plan=plan,
        method="keep_unamended",
        form=NotAmendForm(post_data(request)),
        run=lambda cleaned: services.plan_decide_not_to_amend(
            plan=plan, on=cleaned["on"], reasons=cleaned["reasons"], acting_user=request.user
        ),
        success="Decision not to amend recorded: the plan in force is unchanged, and the "
        "changes made while amending were undone",
        title="Decide not to amend the plan",
        intro="Every section goes back to the plan in force, and any changes made while "
        "amending are undone. The family are told the decision and the reasons, and that "
        "they may appeal to the tribunal (Reg 22(4)).",
        submit_label="Decide not to amend",
        warning=True,
    )
