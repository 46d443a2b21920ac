"""Ceasing pages: propose, consult, decide (cease or continue), cease at once, and the
proposal's page. Caseworkers and managers of the team that runs the case; every step is
a POST from a form and the service checks it again under a row lock."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import redirect, render
from django.urls import reverse
from django_fsm import can_proceed

from ceasing import services
from ceasing.access import get_proposal_for_user
from ceasing.forms import (
    CeaseNowForm,
    ConsultationForm,
    ContinueForm,
    DecideCeaseForm,
    ProposeForm,
)
from ceasing.models import CeasingProposal
from plans.access import get_plan_for_user
from plans.rules import runs_the_case
from plans.views.common import READERS, WRITERS, plan_url, post_data, refused
from sen_portal import timescales
from sen_portal.access import allow
from sen_portal.casework import steps
from sen_portal.casework.views import steps as step_pages
from sen_portal.dates import long_date


def proposal_url(proposal: CeasingProposal) -> str:
    return reverse("ceasing:detail", args=[proposal.pk])


@allow(*WRITERS)
def propose(request, plan_id):
    plan = get_plan_for_user(request, plan_id, write=True)
    live = plan.ceasing_proposals.filter(status__in=CeasingProposal.LIVE).first()
    if live is not None:
        return redirect(proposal_url(live))
    back_url = plan_url(plan)
    if not plan.is_issued:
        return refused(request, "Only an issued plan can be ceased.", back_url)
    return step_pages.step_page(
        request,
        form=ProposeForm(post_data(request)),
        run=lambda data: services.ceasing_propose(plan=plan, **data, acting_user=request.user),
        success="Proposal recorded: consult the family and the school or college",
        next_url=proposal_url,
        title="Propose to cease the EHC plan",
        intro="Tell the family why the council thinks the plan is no longer needed. "
        "Before deciding, consult them and the school or college named in the plan "
        "(Regs 29-30).",
        submit_label="Record the proposal",
        back_url=back_url,
        child=plan.child,
    )


@allow(*READERS)
def detail(request, proposal_id):
    proposal = get_proposal_for_user(request, proposal_id)
    consultations = list(proposal.consultations.select_related("recorded_by"))
    proposal._prefetched_objects_cache = {"consultations": consultations}
    may_act = runs_the_case(proposal, request.user)
    actions = []
    if may_act:
        for method, label, url_name, style in ACTIONS:
            if can_proceed(getattr(proposal, method), check_conditions=False):
                actions.append((label, reverse(url_name, args=[proposal.pk]), style))
    disagreements = list(proposal.disagreements.all())
    return render(
        request,
        "ceasing/detail.html",
        {
            "proposal": proposal,
            "child": proposal.child,
            "plan": proposal.plan,
            "consultations": consultations,
            "actions": actions,
            "waiting_for": steps.unmet(proposal, "decide_cease")
            if proposal.status == "consulting"
            else [],
            "disagreements": disagreements,
            "may_act": may_act,
        },
    )


ACTIONS = (
    ("consult", "Record a consultation", "ceasing:consult", "secondary"),
    ("decide_cease", "Decide to cease the plan", "ceasing:decide_cease", "warning"),
    ("decide_continue", "Decide to continue the plan", "ceasing:decide_continue", "secondary"),
    ("cease_now", "Cease at once (no appeal lies)", "ceasing:cease_now", "warning"),
)


def _step(
    request,
    proposal_id,
    *,
    method: str,
    form_class,
    run: Callable,
    success: Callable,
    title: str,
    intro: str,
    submit_label: str,
    warning: bool = False,
):
    proposal = get_proposal_for_user(request, proposal_id, write=True)
    back_url = proposal_url(proposal)
    bound = getattr(proposal, method)
    if not can_proceed(bound, check_conditions=False):
        return refused(
            request,
            f"This cannot be done now: the proposal is {proposal.get_status_display().lower()}. "
            "Nothing was changed.",
            back_url,
        )
    # Conditions (who must be consulted, which reasons allow ceasing at once) are
    # explained by the service when it refuses; the team's access was checked above.
    return step_pages.step_page(
        request,
        form=form_class(post_data(request)),
        run=lambda data: run(proposal, data),
        success=success,
        title=title,
        intro=intro,
        submit_label=submit_label,
        warning=warning,
        back_url=back_url,
        child=proposal.child,
        extra={"proposal": proposal},
    )


@allow(*WRITERS)
def consult(request, proposal_id):
    return _step(
        request,
        proposal_id,
        method="consult",
        form_class=ConsultationForm,
        run=lambda p, c: services.ceasing_record_consultation(
            proposal=p, acting_user=request.user, **c
        ),
        success=lambda c: f"Consultation with {c.name} recorded",
        title="Record a consultation about ceasing the plan",
        intro="Reg 30: consult the child's parent or the young person, and the head or "
        "principal of the school or college named in the plan, and record their views.",
        submit_label="Save the consultation",
    )


@allow(*WRITERS)
def decide_cease(request, proposal_id):
    return _step(
        request,
        proposal_id,
        method="decide_cease",
        form_class=DecideCeaseForm,
        run=lambda p, c: services.ceasing_decide_cease(proposal=p, acting_user=request.user, **c),
        success=lambda p: (
            f"Decision to cease recorded. The family may appeal until "
            f"{long_date(p.appeal_due_on)}; the plan ends on {long_date(p.ends_on)} if they "
            "do not. The decision letter is being made."
        ),
        title="Decide to cease the EHC plan",
        intro="The decision letter gives the reasons, the family's rights to mediation "
        "and appeal, and the last day to appeal: 2 months after the notice "
        f"({timescales.TIMESCALES['appeal_after_decision'].regulation}). The plan is kept "
        "until then, or until an appeal concludes.",
        submit_label="Decide to cease and make the letter",
        warning=True,
    )


@allow(*WRITERS)
def decide_continue(request, proposal_id):
    return _step(
        request,
        proposal_id,
        method="decide_continue",
        form_class=ContinueForm,
        run=lambda p, c: services.ceasing_decide_continue(
            proposal=p, acting_user=request.user, **c
        ),
        success=lambda p: "Decision recorded: the council continues to maintain the plan",
        title="Decide to continue to maintain the EHC plan",
        intro="Reg 31(2): tell the family that the plan continues.",
        submit_label="Record the decision",
    )


@allow(*WRITERS)
def cease_now(request, proposal_id):
    return _step(
        request,
        proposal_id,
        method="cease_now",
        form_class=CeaseNowForm,
        run=lambda p, c: services.ceasing_cease_now(proposal=p, acting_user=request.user, **c),
        success=lambda p: f"The plan ended on {long_date(p.ceased_on)}",
        title="Cease the plan at once",
        intro="Only where no appeal lies: the young person has moved to another local "
        "authority, which takes over the plan (CFA s47), or has died. The plan ends on the "
        "date you give, with no appeal period.",
        submit_label="Cease the plan now",
        warning=True,
    )
