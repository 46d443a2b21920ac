"""What the council must do after a disagreement, and doing it: the First-tier Tribunal's
orders (SEND Regulations 2014, reg 44(2)), an appeal it did not oppose (reg 45 as
substituted by SI 2015/359 reg 8), a mediation agreement (reg 42) and the Tribunal's
health and social care recommendations (SEND (First-tier Tribunal Recommendations Power)
Regulations 2017, SI 2017/1306).

Each thing to do is a ``TribunalOrder`` row with its statutory Deadline (via
casework.services, from the period in sen_portal/timescales.py). It is complied with
either by the real step it asked for (a plan issued, an assessment decided: the
follow-ups at the end of this module, registered on the transition kernel) or by a
caseworker recording what was done. Either way the deadline is met (late if after the
due date; the sweep records a breach the day after it passes), the chronology says so,
and a letter tells the rights-holder what was ordered and what was done, and when.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from disagreements.events import DisagreementEvent
from disagreements.models import (
    AGREEMENT_CODES,
    AGREEMENT_KINDS,
    AGREEMENT_NOTICE_CODES,
    CONCEDED_KINDS,
    ORDER_CODES,
    ORDER_KIND_LABELS,
    TRIBUNAL_KINDS,
    AppealOutcome,
    DecisionKind,
    Disagreement,
    OrderSource,
    TribunalOrder,
    family_event,
)
from sen_portal import timescales
from sen_portal.casework import letters, steps
from sen_portal.casework.services import deadline_cancel, deadline_meet
from sen_portal.casework.steps import Step
from sen_portal.casework.workflow import ActionRefused, check_date, require_text
from sen_portal.dates import long_date

__all__ = [
    "disagreement_agreement_add",
    "disagreement_order_add",
    "disagreement_order_comply",
    "disagreement_orders_add",
    "disagreement_recommendation_add",
    "orders_comply_by_step",
]

Compliance = TribunalOrder.Compliance

# The letter that tells the family an order was complied with, by where it came from.
LETTER_FOR_SOURCE = {
    OrderSource.TRIBUNAL: "tribunal_order_complied",
    OrderSource.CONCEDED: "tribunal_order_complied",
    OrderSource.MEDIATION: "mediation_agreement_complied",
    OrderSource.RECOMMENDATION: "recommendation_answered",
}


def _locked_for(disagreement: Disagreement, acting_user) -> Disagreement:
    d = steps.lock(disagreement)
    steps.authorise(d, acting_user)
    return d


# An order (or agreement, or recommendation) is made on or after what it follows: the
# appeal lodged (the mediation held), or at least the decision.
AFTER_APPEAL = steps.DateRule(
    "date of the order",
    ("appeal_lodged_on", "decision_on"),
    ("the day the appeal was lodged", "the date of the decision"),
    "made_on",
)
AFTER_MEDIATION = AFTER_APPEAL.but(
    what="date of the agreement", not_before=("mediation_held_on", "decision_on")
)


def _open(
    d: Disagreement,
    source: str,
    kind: str,
    codes: Iterable[str],
    *,
    made_on: datetime.date,
    detail: str,
    body: str = "",
    user,
    agreed_dates: dict[str, datetime.date] | None = None,
) -> list[TribunalOrder]:
    """One row and one statutory Deadline for each period the order starts, and one
    chronology event for the order. ``agreed_dates``: a date agreed in writing for a
    code, instead of its period (Reg 42(5))."""
    acting_user = user
    opened = []
    agreed_dates = agreed_dates or {}
    for code in codes:
        order = TribunalOrder(
            disagreement=d,
            source=source,
            kind=kind,
            code=code,
            made_on=made_on,
            due_on=agreed_dates.get(code) or timescales.due_date(code, made_on),
            detail=detail,
            body=body,
            recorded_by=acting_user,
        )
        order.full_clean(exclude=["deadline"])
        order.save()
        order.deadline = steps.open_deadline(
            order,
            code,
            user=acting_user,
            start=made_on,
            child=d.child,
            due_on=agreed_dates.get(code),
        )
        order.save(update_fields=["deadline", "updated_at"])
        opened.append(order)
    dates = "; ".join(f"{o.what}: by {long_date(o.due_on)}" for o in opened)
    steps.record(
        d,
        family_event(
            DisagreementEvent.ORDER_RECORDED,
            f"{OrderSource(source).label}: {ORDER_KIND_LABELS.get(kind, opened[0].what)}",
            f"{dates[0].upper()}{dates[1:]}." + (f" {detail}" if detail else ""),
        ),
        user=acting_user,
    )
    _comply_what_has_happened(d, opened, acting_user=acting_user)
    return opened


@transaction.atomic
def disagreement_orders_add(
    *,
    disagreement: Disagreement,
    kind: str,
    made_on: datetime.date,
    detail: str = "",
    acting_user,
) -> list[TribunalOrder]:
    """What the Tribunal ordered (Reg 44(2)) or, for an appeal the council did not oppose,
    what Reg 45 requires, with a Deadline for each period it starts (timescales
    .ORDER_KINDS). ``made_on``: the date of the order, or the day the council told the
    Tribunal it would not oppose the appeal (Reg 45(1))."""
    d = _locked_for(disagreement, acting_user)
    if not d.may_have_orders:
        raise ActionRefused(
            "Orders are recorded after an appeal is decided (allowed, dismissed or conceded). "
            + steps.state_words(d)
        )
    if d.outcome == AppealOutcome.CONCEDED:
        allowed, source = CONCEDED_KINDS, OrderSource.CONCEDED
    elif d.outcome == AppealOutcome.ALLOWED:
        allowed, source = TRIBUNAL_KINDS, OrderSource.TRIBUNAL
    else:  # dismissed: only an appeal against ceasing leaves something to do
        allowed = ("cease",) if d.kind == DecisionKind.CEASE else ()
        source = OrderSource.TRIBUNAL
    if kind not in allowed:
        if not allowed:
            raise ActionRefused(
                "The appeal was dismissed: the decision stands and there is no order to "
                "comply with. Record any health or social care recommendation instead."
            )
        raise ValidationError({"kind": "Select what the tribunal ordered"})
    AFTER_APPEAL.check(d, made_on)
    codes, detail = timescales.ORDER_KINDS[kind], (detail or "").strip()
    return _open(d, source, kind, codes, made_on=made_on, detail=detail, user=acting_user)


@transaction.atomic
def disagreement_order_add(
    *,
    disagreement: Disagreement,
    code: str,
    made_on: datetime.date,
    detail: str = "",
    acting_user,
) -> TribunalOrder:
    """One period of an order by its timescale code (Reg 44(2) or Reg 45), for callers
    that know it; pages record the whole order with ``disagreement_orders_add``."""
    d = _locked_for(disagreement, acting_user)
    if not d.may_have_orders or d.outcome == AppealOutcome.DISMISSED:
        raise ActionRefused(
            "Orders are recorded after an appeal is allowed or conceded. " + steps.state_words(d)
        )
    if code not in ORDER_CODES or not code.startswith(("tribunal_", "unopposed_")):
        raise ValidationError({"code": "Select the order the tribunal made"})
    AFTER_APPEAL.check(d, made_on)
    source = OrderSource.CONCEDED if code.startswith("unopposed_") else OrderSource.TRIBUNAL
    detail = (detail or "").strip()
    return _open(d, source, "", [code], made_on=made_on, detail=detail, user=acting_user)[0]


@transaction.atomic
def disagreement_agreement_add(
    *,
    disagreement: Disagreement,
    kind: str,
    made_on: datetime.date,
    detail: str,
    body: str = "",
    agreed_by: datetime.date | None = None,
    acting_user,
) -> list[TribunalOrder]:
    """A term of a mediation agreement (SEND Regulations 2014, reg 42), recorded in
    writing. ``kind`` "health": health care provision agreed at a mediation the council
    was not a party to (the family and the commissioning body alone), so the body must
    tell the council of the agreement within 1 week (reg 42(4): "Where the local
    authority was not a party to the mediation, the responsible commissioning body must
    notify the local authority of the mediation agreement within 1 week of the date of
    that agreement"; a date of that other body's) and do it within 2 weeks (reg 42(3); also its
    date, "mediation_agreement_health_act", not the council's).
    Agreed at a mediation the council was party to, it is "other", with ``body``.
    ``agreed_by``: a date the parties agreed in writing for doing what was agreed, in
    place of the period (reg 42(5)); worked example: agreed on 3 March 2031 to act by
    31 March 2031 instead of 17 March 2031.

    On matters the family could appeal, the council has the Reg 44 period of the
    matching order, "as if the mediation agreement were an order of the First-tier
    Tribunal" (reg 42(2)): ``kind`` is that order. Anything else ("other": health or
    social care provision, a meeting, information) must be done "within two weeks of
    the date of the mediation agreement" by the council or the commissioning body
    (reg 42(3)); ``body`` names who."""
    d = _locked_for(disagreement, acting_user)
    if not d.may_have_agreement:
        raise ActionRefused(
            "A mediation agreement is recorded after mediation that reached agreement. "
            + steps.state_words(d)
        )
    if kind not in AGREEMENT_KINDS:
        raise ValidationError({"kind": "Select what the agreement says the council will do"})
    detail = require_text(detail, field="detail", message="Enter what was agreed")
    AFTER_MEDIATION.check(d, made_on)
    codes = AGREEMENT_CODES.get(kind) or timescales.ORDER_KINDS[kind]
    body = (body or "").strip()
    agreed_dates = {}
    if agreed_by is not None:
        if agreed_by < made_on:
            raise ValidationError(
                {"agreed_by": "The agreed date must be the same as or after the agreement"}
            )
        agreed_dates = {c: agreed_by for c in codes if c not in AGREEMENT_NOTICE_CODES}
    return _open(
        d,
        OrderSource.MEDIATION,
        kind,
        codes,
        made_on=made_on,
        detail=detail,
        body=body,
        user=acting_user,
        agreed_dates=agreed_dates,
    )


@transaction.atomic
def disagreement_recommendation_add(
    *,
    disagreement: Disagreement,
    made_on: datetime.date,
    body: str,
    detail: str,
    acting_user,
) -> TribunalOrder:
    """A recommendation of the Tribunal about the health or social care needs or
    provision in the plan (SI 2017/1306). Not binding, but the responsible body (the
    health commissioning body, or the council for social care) must answer the family
    and the council in writing within 5 weeks of the recommendation, with the steps it
    will take or its reasons for not following it (SI 2017/1306 reg 6; DfE, "SEND
    Tribunal: single route of redress national trial", 2020, "Responding to
    recommendations")."""
    d = _locked_for(disagreement, acting_user)
    if not d.may_have_recommendations:
        raise ActionRefused(
            "Recommendations come with the tribunal's decision on an appeal. "
            + steps.state_words(d)
        )
    body = require_text(body, field="body", message="Enter who must answer the recommendation")
    detail = require_text(detail, field="detail", message="Enter what the tribunal recommended")
    AFTER_APPEAL.but(what="date of the recommendation").check(d, made_on)
    source, codes = OrderSource.RECOMMENDATION, ["recommendation_response"]
    return _open(
        d,
        source,
        "recommendation",
        codes,
        made_on=made_on,
        detail=detail,
        body=body,
        user=acting_user,
    )[0]


def _comply(
    order: TribunalOrder,
    *,
    on: datetime.date,
    action: str,
    compliance: str,
    acting_user,
) -> TribunalOrder:
    """Mark one locked order done (or not needed), close its deadline, record it and
    write the letter."""
    order.complied_on = on
    order.compliance = compliance
    order.action = action
    order.save(update_fields=["complied_on", "compliance", "action", "updated_at"])
    deadline = order.deadline
    if deadline is not None and deadline.is_live:
        if compliance == Compliance.NOT_NEEDED:
            deadline_cancel(deadline=deadline, reason=action, acting_user=acting_user)
        else:
            deadline_meet(deadline=deadline, on=on, acting_user=acting_user)
    d = order.disagreement
    if compliance == Compliance.NOT_NEEDED:
        summary = f"Not needed: {order.what}"
        note = action
    else:
        summary = f"Done: {order.what}"
        timing = "late" if order.late else "on time"
        note = f"{action} On {long_date(on)}, {timing} (due {long_date(order.due_on)})."
    steps.record(d, family_event(DisagreementEvent.ORDER_COMPLIED, summary, note), user=acting_user)
    if compliance != Compliance.NOT_NEEDED:
        letters.letter_issue(
            kind=LETTER_FOR_SOURCE[order.source],
            subject=order,
            child=d.child,
            acting_user=acting_user,
            on=timezone.localdate(),  # dated the day it is written
        )
    return order


@transaction.atomic
def disagreement_order_comply(
    *, order: TribunalOrder, on: datetime.date, action: str = "", acting_user
) -> TribunalOrder:
    """A caseworker records that an order was complied with, what was done and when
    (the steps this app cannot see: a reconsidered decision sent, provision arranged,
    a recommendation answered)."""
    d = _locked_for(order.disagreement, acting_user)
    order = (
        TribunalOrder.objects.select_for_update(of=("self",))
        .select_related("deadline")
        .get(pk=order.pk)
    )
    order.disagreement = d
    if order.complied_on is not None:
        raise ActionRefused("That order has already been complied with. Nothing was changed.")
    action = (action or "").strip()
    if not action:
        action = f"We did what was required: {order.what}."
    check_date(
        on,
        field="on",
        what="date the order was complied with",
        not_before=order.made_on,
        before_what="the date of the order",
    )
    return _comply(
        order, on=on, action=action, compliance=Compliance.RECORDED, acting_user=acting_user
    )


# --- Compliance by the real step ---------------------------------------------------------------


def _open_orders_for(child, codes: Iterable[str]):
    return (
        TribunalOrder.objects.select_for_update(of=("self",))
        .select_related("deadline", "disagreement__child")
        .filter(disagreement__child=child, code__in=list(codes), complied_on__isnull=True)
        .order_by("made_on", "pk")
    )


def orders_comply_by_step(
    *,
    child,
    codes: Iterable[str],
    on: datetime.date,
    action: str,
    acting_user,
    not_needed: Iterable[str] = (),
    not_needed_because: str = "",
) -> list[TribunalOrder]:
    """The step an order asked for happened: the child's open orders ``codes`` made on
    or before ``on`` are complied with by it; ``not_needed``: their other branch, which
    no longer applies (a plan issued after an ordered assessment: the "no plan" notice
    is not needed, Reg 44(2)(b)(i)-(ii))."""
    done = []
    for order in _open_orders_for(child, codes):
        if order.made_on <= on:
            done.append(
                _comply(
                    order, on=on, action=action, compliance=Compliance.STEP, acting_user=acting_user
                )
            )
    if done:
        for order in _open_orders_for(child, not_needed):
            _comply(
                order,
                on=max(on, order.made_on),
                action=not_needed_because,
                compliance=Compliance.NOT_NEEDED,
                acting_user=acting_user,
            )
    return done


def _comply_what_has_happened(d: Disagreement, opened, *, acting_user) -> None:
    """Reg 44(2)(a) and (g) take effect at once, through the ceasing the appeal held:
    a dismissed appeal against ceasing has already ended the plan, an allowed one kept
    it (ceasing.services, when the outcome was recorded)."""
    ceasing = d.ceasing
    for order in opened:
        if order.code == "tribunal_cease_immediately" and ceasing and ceasing.ceased_on:
            on = max(ceasing.ceased_on, order.made_on)
            _comply(
                order,
                on=on,
                action=f"The EHC plan ceased on {long_date(ceasing.ceased_on)}.",
                compliance=Compliance.STEP,
                acting_user=acting_user,
            )
        elif order.code == "tribunal_continue" and ceasing and ceasing.continued_on:
            on = max(ceasing.continued_on, order.made_on)
            _comply(
                order,
                on=on,
                action="We continue to maintain the EHC plan; the decision to cease it "
                "no longer has effect.",
                compliance=Compliance.STEP,
                acting_user=acting_user,
            )


# The steps that comply with orders, by the codes they meet (and the branch they end).
_NOTIFY_ASSESS = ("tribunal_assess_notify", "unopposed_assess_notify")
_NO_PLAN = ("tribunal_assess_no_plan", "unopposed_assess_no_plan")
_FINAL_AFTER_ASSESS = ("tribunal_assess_final_plan", "unopposed_assess_final_plan")
_DRAFT = ("tribunal_make_plan_draft", "unopposed_make_plan_draft")
_FINAL = ("tribunal_make_plan_final", "unopposed_make_plan_final", *_FINAL_AFTER_ASSESS)
_AMENDED = (
    "tribunal_amend_plan",
    "tribunal_amend_section_i",
    "tribunal_continue_and_amend",
    "unopposed_amend_plan",
    "unopposed_amend_section_i",
    "unopposed_continue_and_amend",
)


_WORDS = {
    "assess": "We told you on {day} that we will carry out the EHC needs assessment.",
    "no_plan": "After the assessment we told you on {day} that we will not issue an EHC "
    "plan, with our reasons.",
}


def _step_day(step: Step) -> datetime.date:
    version = getattr(step.obj, "issued_version", None)
    return getattr(version, "issued_on", None) or step.kwargs.get("on") or timezone.localdate()


def register_follow_ups() -> None:
    """Called from DisagreementsConfig.ready(): the real steps that comply with orders.
    Disagreements depend on plans and assessments, never the reverse."""
    from assessments.models import AssessmentRequest, NeedsAssessment
    from plans.models import Plan

    def follow(model, transition, codes, action, *, not_needed=(), because=""):
        def comply(step: Step) -> None:
            day = _step_day(step)
            orders_comply_by_step(
                child=step.obj.child,
                codes=codes,
                on=day,
                action=action.format(day=long_date(day)),
                acting_user=step.user,
                not_needed=not_needed,
                not_needed_because=because,
            )

        steps.after(model, transition)(comply)

    # (model, step, the codes it meets, what was done; the codes it makes not needed, why)
    follows = [
        (AssessmentRequest, "decide_to_assess", _NOTIFY_ASSESS, _WORDS["assess"], (), ""),
        (
            NeedsAssessment,
            "decide_not_to_issue",
            _NO_PLAN,
            _WORDS["no_plan"],
            _FINAL_AFTER_ASSESS,
            "After the assessment we decided not to issue a plan (Reg 44(2)(b)(i)).",
        ),
        (Plan, "issue_draft", _DRAFT, "We sent you the draft EHC plan on {day}.", (), ""),
        (
            Plan,
            "issue_final",
            _FINAL,
            "We issued the final EHC plan on {day}.",
            _NO_PLAN,
            "After the assessment we issued a plan (Reg 44(2)(b)(ii)).",
        ),
        (Plan, "issue_amended", _AMENDED, "We issued the amended EHC plan on {day}.", (), ""),
        (Plan, "cease", ("tribunal_cease_immediately",), "The EHC plan ceased on {day}.", (), ""),
    ]
    for model, transition, codes, action, not_needed, because in follows:
        follow(model, transition, codes, action, not_needed=not_needed, because=because)
