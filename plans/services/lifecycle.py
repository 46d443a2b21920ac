"""The plan's workflow: starting it from a decided assessment, the draft, the family's
comments, consulting schools and colleges, the final plan, bringing it into force,
withdrawing it, and ceasing it.

Each service checks what was typed and takes one step on the transition kernel
(``sen_portal.casework.steps``: lock, permission, conditions, transition, chronology);
the version each issue freezes and the deadlines each step meets or opens are its
follow-ups, registered below, in the same transaction. PDFs are rendered only after
commit (transaction.on_commit).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import AdviceRequest, NeedsAssessment
from plans import selectors
from plans.events import PlanEvent
from plans.models import (
    AdviceEntry,
    Consultation,
    Institution,
    Plan,
    PlanVersion,
)
from plans.models.plan import DRAFT_OUT
from plans.services._common import ActionRefused, require_text
from plans.services.amendments import amendment_consult_institution
from plans.services.versions import version_create
from plans.services.window import plan_record_nothing_more
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.models import Deadline
from sen_portal.casework.services import (
    deadline_cancel,
    deadline_meet,
    deadline_open,
)
from sen_portal.casework.steps import Event, Step
from sen_portal.dates import long_date

Status = Plan.Status
REPLY_DATE = steps.DateRule(
    "date the reply was received", "sent_on", "the day the consultation was sent", "received_on"
)


# Each issue freezes the plan as a version of this kind (a follow-up of the step, so that
# the follow-ups registered after it, a letter for one, find the version made).
VERSION_KINDS = {
    "issue_draft": PlanVersion.Kind.DRAFT,
    "issue_final": PlanVersion.Kind.FINAL,
    "propose_amendments": PlanVersion.Kind.PROPOSAL,
    "issue_amended": PlanVersion.Kind.AMENDED,
}


@steps.after(Plan, *VERSION_KINDS)
def _freeze_version(step: Step) -> None:
    step.obj.issued_version = version_create(
        step.obj,
        kind=VERSION_KINDS[step.transition],
        on=step.kwargs.get("on") or timezone.localdate(),
        acting_user=step.user,
    )


def _advice_given_by(advice: AdviceRequest) -> str:
    if advice.addressee:
        return advice.addressee
    giver = advice.advice_giver
    if giver is None:
        return "Not recorded"
    return f"{giver.full_name}, {giver.job_title}" if giver.job_title else giver.full_name


@transaction.atomic
def plan_start(*, assessment: NeedsAssessment, acting_user, replaces: Plan | None = None) -> Plan:
    """Start drafting the plan of an assessment that decided to issue one (CFA s37(1)).
    Section K lists the advice received during the assessment. ``replaces``: the plan in
    force that this one will replace after a reassessment (Reg 27(1)); it stays in force
    meanwhile (plans/services/replacement.py)."""
    locked = steps.lock(assessment)
    steps.authorise(locked, acting_user)
    if locked.status != NeedsAssessment.Status.DECIDED_TO_ISSUE:
        raise ActionRefused(
            "A plan can be started only once the council has decided to issue one. "
            + steps.state_words(locked)
        )
    if Plan.objects.filter(assessment=locked).exists():
        raise ActionRefused("A plan has already been started from this assessment.")
    current = Plan.objects.filter(child=locked.child, status__in=Plan.CURRENT)
    if replaces is not None:
        current = current.exclude(pk=replaces.pk)
    if current.exists():
        raise ActionRefused("This child already has an EHC plan.")
    received = (
        locked.advice_requests.filter(status=AdviceRequest.Status.RECEIVED)
        .select_related("advice_giver")
        .order_by("received_on", "kind")
    )
    received = list(received)
    plan = steps.create(
        Plan(child=locked.child, assessment=locked, started_by=acting_user, replaces=replaces),
        user=acting_user,
        event=Event(
            PlanEvent.STARTED,
            "Drafting of the EHC plan started",
            note=f"Section K lists the {len(received)} piece(s) of advice received in the "
            "assessment.",
            family=True,
        ),
    )
    entries = [
        AdviceEntry(
            plan=plan,
            advice_request=advice,
            title=advice.get_kind_display(),
            given_by=_advice_given_by(advice)[:200],
            dated=advice.received_on,
        )
        for advice in received
    ]
    AdviceEntry.objects.bulk_create(entries)
    return plan


@transaction.atomic
def plan_issue_draft(
    *,
    plan: Plan,
    on: datetime.date,
    preferred_institution: Institution | None = None,
    preference_note: str = "",
    sent_by: str = timescales.ServiceMethod.PORTAL,
    acting_user,
) -> PlanVersion:
    """Reg 12-13: send the draft to the family on ``on`` by ``sent_by`` (the draft page
    asks; callers that do not say mean the family portal, served the same day). Opens
    their 15 days to comment and to ask for a meeting, beginning with the day it is
    served (Reg 13(1)(a); by post, the second working day after posting), records the
    school or college they would like, and freezes the draft as a version."""
    if sent_by not in {m.value for m in timescales.ServiceMethod}:
        raise ValidationError({"sent_by": "Select how the draft plan is sent"})
    locked = steps.take(
        plan,
        "issue_draft",
        user=acting_user,
        on=on,
        sent_by=sent_by,
        preferred_institution=preferred_institution,
        preference_note=(preference_note or "").strip(),
    )
    return locked.issued_version


# Reg 13(1)(a): the 15 days begin with the day the draft is served, not the day issued.
steps.after(Plan, "issue_draft")(
    steps.opens_deadline("draft_representations", start=lambda step: step.obj.served_on)
)


def _require_draft_out(plan: Plan, what: str) -> None:
    if plan.status not in (Status.DRAFT_ISSUED, Status.CONSULTING):
        raise ActionRefused(
            f"{what} only between the draft and the final plan. {steps.state_words(plan)}"
        )


@transaction.atomic
def plan_record_representations(
    *,
    plan: Plan,
    received_on: datetime.date,
    representations: str,
    nothing_more: bool = False,
    acting_user,
) -> Plan:
    """The family's comments on the draft (Reg 13(1)(a)(i)). A first comment does not end
    their 15 days: they may say more until the window ends, and the final plan waits for
    it (or for their word that they have nothing more to say: ``nothing_more``, when
    they said so with these comments; plans.services.window)."""
    locked = steps.lock(plan)
    steps.authorise(locked, acting_user)
    _require_draft_out(locked, "The family's comments can be recorded")
    DRAFT_OUT.but(what="date the comments were received", field="received_on").check(
        locked, received_on
    )
    representations = require_text(
        representations, field="representations", message="Enter a summary of the family's comments"
    )
    locked.representations_received_on = received_on
    locked.representations = representations
    locked.save(update_fields=["representations_received_on", "representations", "updated_at"])
    steps.record(
        locked,
        Event(
            PlanEvent.REPRESENTATIONS_RECEIVED,
            "The family's comments on the draft plan received",
            note=representations,
            family=True,
        ),
        user=acting_user,
    )
    if nothing_more and locked.family_confirmed_on is None:
        plan_record_nothing_more(
            plan=locked,
            confirmed_on=received_on,
            how=f"With their comments received on {long_date(received_on)}.",
            acting_user=acting_user,
        )
    return locked


@transaction.atomic
def plan_consult_institution(
    *, plan: Plan, institution: Institution, on: datetime.date, acting_user
) -> Consultation:
    """CFA s39: ask a school or college whether it can meet the child's needs before it
    is named. It should reply within 15 days (CoP 9.79); each one has its own deadline.
    While the issued plan is being amended, the consultation belongs to the amendment."""
    locked = steps.lock(plan)
    from_state = locked.status
    if locked.status in Plan.AMENDMENT:
        consultation = amendment_consult_institution(
            plan=locked, institution=institution, on=on, acting_user=acting_user
        )
    else:
        _require_draft_out(locked, "Schools and colleges can be consulted")
        DRAFT_OUT.but(what="date the consultation was sent").check(locked, on)
        if locked.consultations.filter(institution=institution).exists():
            raise ValidationError({"institution": f"{institution.name} has already been consulted"})
        # Recorded below, with the consultation as its subject.
        steps.take(locked, "consult", user=acting_user, event=None)
        consultation = Consultation.send(plan=locked, institution=institution, on=on)
    # CFA s39(2): the school or college is sent the draft and asked to reply.
    letter_issue(
        kind="plan_consultation",
        subject=consultation,
        child=locked.child,
        acting_user=acting_user,
        on=on,
    )
    steps.record(
        consultation,
        Event(
            PlanEvent.INSTITUTION_CONSULTED,
            f"{institution.name} consulted about being named in the plan",
            note=f"Reply due by {long_date(consultation.due_on)}.",
            family=True,
        ),
        user=acting_user,
        child=locked.child,
        from_state=from_state,
        to_state=locked.status,
    )
    steps.open_deadline(
        consultation, "institution_consultation", user=acting_user, start=on, child=locked.child
    )
    return consultation


@transaction.atomic
def plan_record_consultation_response(
    *,
    consultation: Consultation,
    response: str,
    received_on: datetime.date,
    note: str = "",
    acting_user,
) -> Consultation:
    """The school or college's reply. Meets its consultation deadline (late, if after
    the 15 days)."""
    locked_plan = steps.lock(consultation.plan)
    locked = steps.lock(consultation)
    steps.authorise(locked_plan, acting_user)
    consulting = locked_plan.status == Status.CONSULTING and locked.amendment_id is None
    amending = (
        locked_plan.status == Status.AMENDMENT_PROPOSED
        and locked.amendment_id is not None
        and locked.amendment.is_open
    )
    if not (consulting or amending):
        raise ActionRefused(
            f"Replies can be recorded only while consulting. {steps.state_words(locked_plan)}"
        )
    if locked.answered:
        raise ActionRefused(f"The reply from {locked.institution.name} is already recorded.")
    if response not in (Consultation.Response.CAN_MEET, Consultation.Response.CANNOT_MEET):
        raise ValidationError({"response": "Select what the school or college said"})
    REPLY_DATE.check(locked, received_on)
    locked.response = response
    locked.response_received_on = received_on
    locked.response_note = (note or "").strip()
    locked.full_clean()
    locked.save()
    steps.record(
        locked,
        Event(
            PlanEvent.CONSULTATION_REPLY,
            f"{locked.institution.name} replied: {locked.get_response_display().lower()}",
            note=locked.response_note,
            family=True,
        ),
        user=acting_user,
        child=locked_plan.child,
    )
    steps.meet_deadlines(locked, "institution_consultation", user=acting_user, on=received_on)
    return locked


@dataclass(frozen=True)
class FinalIssue:
    version: PlanVersion
    # The request's 20-week deadline as it stands after the issue (None if the case has
    # none, e.g. one recorded before requests were).
    deadline: Deadline | None

    @property
    def late_days(self) -> int:
        return self.deadline.days_late if self.deadline is not None else 0


@transaction.atomic
def plan_issue_final(*, plan: Plan, on: datetime.date, acting_user) -> FinalIssue:
    """Reg 13(2): issue the final plan, naming the school or college, once the family's
    15 days on the draft have ended (or they said they have nothing more to say) and any
    meeting they asked for has been held (Reg 13(1)(a)). Meets the 20-week
    deadline of the request on the day of issue: on time, or late (reported as late; an
    exception recorded against it stays on the record). Ends the family's window and any
    consultation still waiting for a reply, and starts the 12-month review clock."""
    locked = steps.lock(plan)
    if locked.status != Status.CONSULTING:
        raise ActionRefused(
            "The final plan is issued after consulting the school or college to be named. "
            + steps.state_words(locked)
        )
    steps.check_dates(locked, "issue_final", on=on)
    # Reg 13(1)(a): not before the family's 15 days end, unless they said they have
    # nothing more to say by then.
    if problem := locked.check_final_date(on, "draft plan"):
        raise ValidationError({"on": problem})
    steps.take(locked, "issue_final", user=acting_user, on=on)
    return FinalIssue(version=locked.issued_version, deadline=locked.final_plan_deadline)


steps.after(Plan, "issue_final")(
    steps.cancels_deadlines(
        "draft_representations",
        reason="The family's 15 days for comments had ended when the final plan was issued.",
    )
)


@steps.after(Plan, "issue_final")
def _final_plan_clocks(step: Step) -> None:
    """Consultations still waiting end unanswered; the request's 20 weeks are met on
    the day of issue; the 12 months to the first review start (CFA s44(1))."""
    plan, on, user = step.obj, step.kwargs["on"], step.user
    for consultation in plan.consultations.filter(response="").select_related("institution"):
        why = f"The final plan was issued without a reply from {consultation.institution.name}."
        steps.cancel_deadlines(consultation, "institution_consultation", user=user, reason=why)
    deadline = selectors.final_plan_deadline(plan)
    if deadline is not None and deadline.is_live:
        deadline = deadline_meet(deadline=deadline, on=on, acting_user=user)
    plan.final_plan_deadline = deadline
    deadline_open(child=plan.child, code="annual_review", start=on, subject=plan, acting_user=user)


# From this day the council must secure section F, health must arrange section G and
# social care section H (CFA s42).
plan_bring_into_force = steps.service(Plan, "bring_into_force", "plan")
# The plan will not be finalised (for example the family moved out of the area). Every
# clock it started stops, and so does the request's 20-week clock.
plan_withdraw = steps.service(Plan, "withdraw", "plan")


@steps.after(Plan, "withdraw")
def _withdrawn_plan_clocks(step: Step) -> None:
    plan, user = step.obj, step.user
    stop = f"The plan was withdrawn: {step.kwargs['reason']}"[:500]
    for subject in (plan, *plan.consultations.all()):
        steps.cancel_deadlines(subject, user=user, reason=stop)
    deadline = selectors.final_plan_deadline(plan)
    if deadline is not None and deadline.is_live:
        deadline_cancel(deadline=deadline, acting_user=user, reason=stop)


@transaction.atomic
def plan_cease(*, plan: Plan, on: datetime.date, reason: str, acting_user) -> Plan:
    """The plan ends on ``on`` for SEN2 reason ``reason`` (CFA s45). The ceasing process
    decides when (after the appeal period, or when an appeal concludes); this only ends
    the plan and stops every clock it started, the annual review among them."""
    if reason not in Plan.CeaseReason.values:
        raise ValidationError({"reason": "Select why the plan ended"})
    return steps.take(plan, "cease", user=acting_user, on=on, reason=reason)


@steps.after(Plan, "cease")
def _ceased_plan_clocks(step: Step) -> None:
    why = f"The plan ended: {Plan.CeaseReason(step.kwargs['reason']).label}"
    steps.cancel_deadlines(step.obj, user=step.user, reason=why)
