"""Every change to a disagreement: mediation, the appeal, the tribunal's decision and
its orders (CFA ss51-55; SEND Regs 32-45).

Each service checks what was typed and takes one step on the transition kernel
(``sen_portal.casework.steps``); the statutory deadlines (mediation certificate: 3
working days, Reg 34/39; mediation held: 30 days, Reg 37; each tribunal order: Reg
44(2)) are opened and closed by the follow-ups registered below, in the same
transaction. A disagreement about a decision to cease holds the ceasing: while the
family are in mediation the plan is not ended, a certificate may extend their appeal
deadline, and an appeal keeps the plan until it concludes (ceasing.services).
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction

from ceasing import services as ceasing_services
from ceasing.models import CeasingProposal
from disagreements.events import DisagreementEvent
from disagreements.models import (
    ContactBy,
    DecisionKind,
    Disagreement,
    MediationOutcome,
    family_event,
)
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.models import Child
from sen_portal.casework.steps import Event, Step
from sen_portal.casework.workflow import ActionRefused
from sen_portal.dates import long_date

Status = Disagreement.Status
# A decision appealable under the Children and Families Act 2014 (in force 1 September 2014).
NOTICE_DATE = steps.DateRule(
    "date of the decision notice",
    lambda _: datetime.date(2014, 9, 1),
    "the Children and Families Act 2014 came into force",
    "decision_on",
)

__all__ = [
    "ActionRefused",
    "disagreement_close",
    "disagreement_contact_adviser",
    "disagreement_issue_certificate",
    "disagreement_hold_mediation",
    "disagreement_lodge_appeal",
    "disagreement_record",
    "disagreement_record_outcome",
    "disagreement_request_mediation",
    "disagreement_resolve",
    "disagreement_set_hearing",
]


def _ceasing_for_update(d: Disagreement) -> CeasingProposal | None:
    return d.ceasing if d.kind == DecisionKind.CEASE and d.ceasing_id else None


@transaction.atomic
def disagreement_record(
    *,
    child: Child,
    kind: str,
    decision_on: datetime.date,
    acting_user,
    decision: models.Model | None = None,
    summary: str = "",
) -> Disagreement:
    """The family disagree with an appealable decision (CFA s51(2)). ``decision``: the
    decision's object where there is one; for a decision to cease, the proposal."""
    steps.authorise(child, acting_user)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": "Select the decision the family disagree with"})
    NOTICE_DATE.check(child, decision_on)
    d = Disagreement(
        child=child,
        kind=kind,
        decision_on=decision_on,
        summary=(summary or "").strip(),
        recorded_by=acting_user,
        appeal_due_on=timescales.appeal_due(decision_on),
    )
    if decision is None and kind == DecisionKind.CEASE:
        # A disagreement about ceasing must hold the ceasing: link the child's decision
        # to cease that has not taken effect, even when recorded from the case page.
        decision = (
            CeasingProposal.objects.filter(
                child=child,
                status__in=[CeasingProposal.Status.DECIDED, CeasingProposal.Status.APPEALED],
            )
            .order_by("-decided_on")
            .first()
        )
    if isinstance(decision, CeasingProposal):
        if kind != DecisionKind.CEASE:
            raise ValidationError({"kind": "A proposal to cease is disagreed with as a cease"})
        if decision.child_id != child.pk:
            raise ValidationError({"decision": "That decision is about another child"})
        if decision.decided_on is None or decision.ceased_immediately:
            raise ValidationError(
                {"kind": "The council has not sent a decision to cease this plan to appeal against"}
            )
        d.ceasing = decision
        if decision.decided_on and decision.decided_on != decision_on:
            raise ValidationError(
                {
                    "decision_on": "The decision to cease was sent on "
                    f"{long_date(decision.decided_on)}"
                }
            )
    elif decision is not None:
        if getattr(decision, "child_id", None) != child.pk:
            raise ValidationError({"decision": "That decision is about another child"})
        d.decision_type = ContentType.objects.get_for_model(decision)
        d.decision_id = str(decision.pk)
    return steps.create(
        d,
        user=acting_user,
        event=family_event(
            DisagreementEvent.RECORDED,
            f"Disagreement recorded with the decision {d.kind_words}",
            f"Decision notice sent on {long_date(decision_on)}; appeal deadline "
            f"{long_date(d.appeal_due_on)}.",
        ),
    )


def contact_late_warning(d: Disagreement) -> str:
    """The words of the warning when the adviser was contacted after Reg 33's 2 months,
    on the record (the chronology) and the pages."""
    return (
        f"Contacted after {long_date(d.contact_due_on)}, the last day of the 2 months "
        "after the decision notice (Reg 33). Any appeal will be late unless the tribunal "
        "extends the time (HESC Tribunal Rules r5(3)(a))."
    )


@transaction.atomic
def disagreement_contact_adviser(
    *, disagreement: Disagreement, on: datetime.date, by: str = "", acting_user
) -> Disagreement:
    """Reg 33: the parent or young person must contact the mediation adviser "within 2
    months after written notice of the local authority's decision was sent" (SEND
    Regulations 2014, reg 33). Recorded when they did, and who; a contact after the 2
    months is recorded with a warning. The certificate is due within 3 working days
    (Reg 34) unless they want mediation."""
    if by and by not in ContactBy.values:
        raise ValidationError({"by": "Select who contacted the mediation adviser"})

    def event(d: Disagreement) -> Event:
        who = f" by {ContactBy(by).label[0].lower()}{ContactBy(by).label[1:]}" if by else ""
        note = f"On {long_date(on)}{who}."
        if d.contact_late:
            note += " " + contact_late_warning(d)
        return family_event(
            DisagreementEvent.ADVISER_CONTACTED, "Mediation adviser contacted", note
        )

    return steps.take(disagreement, "contact_adviser", user=acting_user, event=event, on=on, by=by)


# Regs 36-37: the council is told the family want mediation; it must be held within 30
# days. No certificate is due until it ends.
disagreement_request_mediation = steps.service(Disagreement, "request_mediation", "disagreement")


@transaction.atomic
def disagreement_hold_mediation(
    *, disagreement: Disagreement, on: datetime.date, outcome: str, note: str = "", acting_user
) -> Disagreement:
    """Mediation took place; the adviser issues the certificate within 3 working days
    of it ending (Reg 39)."""
    if outcome not in MediationOutcome.values:
        raise ValidationError({"outcome": "Select the outcome of the mediation"})
    note = (note or "").strip()
    return steps.take(
        disagreement, "hold_mediation", user=acting_user, on=on, outcome=outcome, note=note
    )


# The mediation certificate: the family may now appeal, up to 1 month after it if that is
# later than 2 months after the decision (Reg 34, 39; HESC Rules r20(1)(c)).
disagreement_issue_certificate = steps.service(Disagreement, "issue_certificate", "disagreement")


@transaction.atomic
def disagreement_lodge_appeal(
    *, disagreement: Disagreement, on: datetime.date, reference: str = "", acting_user
) -> Disagreement:
    """The family's appeal reached the tribunal. Against a decision to cease, the plan is
    kept until the appeal concludes (a follow-up)."""
    reference = (reference or "").strip()
    return steps.take(disagreement, "lodge_appeal", user=acting_user, on=on, reference=reference)


@transaction.atomic
def disagreement_set_hearing(
    *, disagreement: Disagreement, hearing_on: datetime.date, acting_user
) -> Disagreement:
    """The tribunal listed (or moved) the hearing."""
    d = steps.lock(disagreement)
    steps.authorise(d, acting_user)
    if d.status != Status.APPEAL_LODGED:
        raise ActionRefused(f"A hearing is set while the appeal is waiting. {steps.state_words(d)}")
    if hearing_on < d.appeal_lodged_on:
        raise ValidationError(
            {
                "hearing_on": "The hearing must be on or after the day the appeal was lodged "
                f"({long_date(d.appeal_lodged_on)})"
            }
        )
    d.hearing_on = hearing_on
    d.save(update_fields=["hearing_on", "updated_at"])
    steps.record(
        d,
        family_event(DisagreementEvent.HEARING_SET, f"Tribunal hearing on {long_date(hearing_on)}"),
        user=acting_user,
    )
    return d


@transaction.atomic
def disagreement_record_outcome(
    *, disagreement: Disagreement, on: datetime.date, outcome: str, note: str = "", acting_user
) -> Disagreement:
    """The tribunal's decision, a withdrawal, or the council conceding (Reg 45)."""
    if outcome not in Disagreement.Outcome.values:
        raise ValidationError({"outcome": "Select the outcome of the appeal"})
    d = steps.lock(disagreement)
    steps.check_dates(d, "record_outcome", on=on)
    if outcome in (Disagreement.Outcome.ALLOWED, Disagreement.Outcome.DISMISSED):
        if d.hearing_on is None:
            raise ValidationError({"outcome": "Record the hearing date before its decision"})
        if on < d.hearing_on:
            raise ValidationError(
                {"on": f"The decision must be on or after the hearing ({long_date(d.hearing_on)})"}
            )
    note = (note or "").strip()
    return steps.take(d, "record_outcome", user=acting_user, on=on, outcome=outcome, note=note)


# No appeal will follow: the family accepted the decision, or mediation settled it.
disagreement_resolve = steps.service(Disagreement, "resolve", "disagreement")
# Close the file once every order has been complied with.
disagreement_close = steps.service(Disagreement, "close", "disagreement")


# --- Follow-ups: the statutory clocks, and the ceasing a disagreement holds ------------------

# Reg 33: the family's own date to contact the adviser, shown in their portal; met by
# the contact (late if after it), not needed for an appeal about the placement alone.
steps.after(Disagreement, "created")(
    steps.opens_deadline("mediation_adviser_contact", start=lambda step: step.obj.decision_on)
)
steps.after(Disagreement, "contact_adviser")(steps.meets_deadlines("mediation_adviser_contact"))
steps.after(Disagreement, "lodge_appeal")(
    steps.cancels_deadlines(
        "mediation_adviser_contact",
        reason="Appeal lodged without a certificate (about the placement alone, CFA s55(3))",
    )
)
steps.after(Disagreement, "contact_adviser", "hold_mediation")(
    steps.opens_deadline("mediation_certificate")
)
steps.after(Disagreement, "request_mediation")(
    steps.cancels_deadlines(
        "mediation_certificate", reason="The family want mediation: the certificate follows it"
    )
)
steps.after(Disagreement, "request_mediation")(steps.opens_deadline("mediation_held"))
steps.after(Disagreement, "hold_mediation")(steps.meets_deadlines("mediation_held"))
steps.after(Disagreement, "issue_certificate")(steps.meets_deadlines("mediation_certificate"))
# Mediation that never took place within its 30 days ends with the certificate.
steps.after(Disagreement, "issue_certificate")(
    steps.cancels_deadlines("mediation_held", reason="The certificate was issued without mediation")
)
steps.after(Disagreement, "resolve")(
    steps.cancels_deadlines(reason="The disagreement was resolved without an appeal")
)


@steps.after(Disagreement, "contact_adviser", "issue_certificate", "resolve")
def _ceasing_mediation(step: Step) -> None:
    """Mediation about a decision to cease holds the plan's end (CFA s45): tell the
    ceasing process whether it is still going on, and any certificate date."""
    ceasing = _ceasing_for_update(step.obj)
    if ceasing is None:
        return
    dates = {"certificate_on": step.kwargs["on"]} if step.transition == "issue_certificate" else {}
    ceasing_services.ceasing_mediation_update(
        proposal=ceasing,
        in_progress=step.transition == "contact_adviser",
        acting_user=step.user,
        **dates,
    )


@steps.after(Disagreement, "lodge_appeal")
def _appeal_holds_ceasing(step: Step) -> None:
    ceasing = _ceasing_for_update(step.obj)
    if ceasing is not None and ceasing.status == CeasingProposal.Status.DECIDED:
        ceasing_services.ceasing_appeal_lodged(
            proposal=ceasing, on=step.kwargs["on"], acting_user=step.user
        )


@steps.after(Disagreement, "record_outcome")
def _appeal_concludes_ceasing(step: Step) -> None:
    ceasing = _ceasing_for_update(step.obj)
    if ceasing is not None and ceasing.status == CeasingProposal.Status.APPEALED:
        ceasing_services.ceasing_appeal_concluded(
            proposal=ceasing,
            outcome=step.kwargs["outcome"],
            on=step.kwargs["on"],
            acting_user=step.user,
        )
