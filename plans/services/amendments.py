"""Amending an issued plan (Regs 20-22, CoP 9.193-9.198).

After a review, or at any time (a tribunal order, a reassessment, a change of school),
the council may amend the plan:

1. ``plan_amendment_start``: the sections open for editing; the issued plan stays in
   force meanwhile. Reviews, ceasing and disagreements call this.
2. ``plan_issue_amendment_proposals``: the family get a copy of the plan with the
   proposed amendments (Reg 22(2)); they have 15 days, beginning with the day it is
   served, to comment and to ask for a school or college; the amended plan is due 8 weeks
   after the notice (Reg 22(3)).
3. ``plan_record_amendment_representations``: their comments (and any school asked for,
   which the council then consults with ``plan_consult_institution``).
4. ``plan_issue_amended_final``: the amended plan, a new final version; meets the
   8-week deadline and, after a review, the 12 weeks from the review meeting.
   Or ``plan_decide_not_to_amend``: the plan returns to its issued content.

The family may appeal the amended plan or the decision not to amend (CFA s51(2)).
Every function takes one step of the plan's state machine on the transition kernel
(``sen_portal.casework.steps``), with the chronology and the deadlines in the same
transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from plans import selectors
from plans.constants import SECTION_CODES
from plans.events import PlanEvent
from plans.models import (
    AdviceEntry,
    BudgetLine,
    Consultation,
    Institution,
    Need,
    Outcome,
    Plan,
    PlanAmendment,
    PlanVersion,
    ProvisionItem,
)
from plans.services._common import ActionRefused, require_text
from plans.services.versions import next_version_number
from plans.services.window import plan_record_nothing_more
from plans.snapshot import PROVISION_CODES, build_snapshot, content_hash
from sen_portal import timescales
from sen_portal.casework import letters, steps
from sen_portal.casework.models import Deadline
from sen_portal.casework.steps import Event
from sen_portal.dates import long_date

Status = Plan.Status
_T = TypeVar("_T")
# The deadlines an amendment opens on the plan; the reviews code opens the third.
# The dates of an amendment's steps: on or after it started; after the proposals were sent.
STARTED = steps.DateRule("date", "started_on", "the day the amendment started")
PROPOSED = steps.DateRule("date", "proposals_issued_on", "the day the proposals were sent")
AMENDMENT_CODES = ("amendment_representations", "amended_plan", "amended_plan_after_review")


def open_amendment(plan: Plan) -> PlanAmendment | None:
    """The plan's amendment under way, if there is one."""
    return (
        PlanAmendment.objects.filter(plan=plan, outcome=PlanAmendment.Outcome.OPEN)
        .select_related("amends_version", "proposals_version", "preferred_institution")
        .first()
    )


# What each step on an amendment needs: the plan in these states, or a person is told so.
NEEDS = {
    "propose": ((Status.AMENDING,), "Proposed amendments can be sent only once, while amending."),
    "representations": (
        (Status.AMENDMENT_PROPOSED,),
        "The family's comments can be recorded only once the proposed amendments are sent.",
    ),
    "issue": (
        (Status.AMENDMENT_PROPOSED,),
        "The amended plan is issued after the proposed amendments have been sent.",
    ),
    "not_amend": (Plan.AMENDMENT, "A decision not to amend can be made only while amending."),
}


def _locked_amendment(plan: Plan, user, step: str) -> tuple[Plan, PlanAmendment]:
    """The plan locked, its user checked, and its amendment under way (``NEEDS[step]``)."""
    locked = steps.lock(plan)
    steps.authorise(locked, user)
    return locked, _require_amendment(locked, *NEEDS[step])


def _require_amendment(plan: Plan, states, what: str) -> PlanAmendment:
    if plan.status not in states:
        raise ActionRefused(f"{what} {steps.state_words(plan)}")
    amendment = open_amendment(plan)
    if amendment is None:  # a state without its row: never left so by the services
        raise ActionRefused(f"{what} No amendment of this plan is under way.")
    return amendment


def _issued_final(plan: Plan) -> PlanVersion | None:
    """The plan in force: the latest final or amended version."""
    return (
        PlanVersion.objects.filter(
            plan=plan, kind__in=[PlanVersion.Kind.FINAL, PlanVersion.Kind.AMENDED]
        )
        .order_by("-number")
        .first()
    )


def _current_hash(plan: Plan, kind: str) -> str:
    return content_hash(build_snapshot(selectors.plan_with_content(plan_id=plan.pk), kind=kind))


# --- 1. Starting ----------------------------------------------------------------------


@transaction.atomic
def plan_amendment_start(
    *,
    plan: Plan,
    on: datetime.date,
    reason: str,
    acting_user,
    origin: str = PlanAmendment.Origin.OTHER,
) -> Plan:
    """Start amending an issued plan (final issued or in force) on ``on`` for ``reason``
    (for example the review's recommendation, or a tribunal order). The sections can be
    edited again; the issued plan stays the plan in force until an amended one is issued
    or the council decides not to amend. Returns the plan, now amending. ``origin``
    "review": started from an annual review, whose decision sends the proposals (R (L,
    M & P) v Devon CC [2022] EWHC 493 (Admin)); reviews.services.review_prepare_amendments."""
    if origin not in PlanAmendment.Origin.values:
        raise ValidationError({"origin": "Select why the plan is being amended"})
    reason = steps.texts(Plan, "start_amendment", reason=reason)["reason"]
    locked = steps.lock(plan)
    steps.check_dates(locked, "start_amendment", on=on)
    amends = _issued_final(locked)
    number = (PlanAmendment.objects.filter(plan=locked).aggregate(n=Max("number"))["n"] or 0) + 1
    steps.take(
        locked,
        "start_amendment",
        user=acting_user,
        event=Event(
            PlanEvent.AMENDMENT_STARTED,
            f"Amending the EHC plan started (amendment {number}, of version "
            f"{amends.number if amends else '?'})",
            note=reason,
        ),
    )
    if amends is None:
        raise ActionRefused("The plan has no issued final version to amend.")
    started = {"started_on": on, "started_by": acting_user, "reason": reason, "origin": origin}
    steps.add(PlanAmendment(plan=locked, number=number, amends_version=amends, **started))
    return locked


# --- 2. The proposals -----------------------------------------------------------------


@transaction.atomic
def plan_issue_amendment_proposals(
    *,
    plan: Plan,
    on: datetime.date,
    summary: str,
    sent_by: str = timescales.ServiceMethod.PORTAL,
    acting_user,
    with_review_decision: bool = False,
) -> PlanVersion:
    """Reg 22(2): send the family a copy of the plan with the proposed amendments and a
    notice of what they are (``summary``). Freezes the proposals as a version (printed
    with a DRAFT watermark), opens the family's 15 days to comment and to ask for a
    meeting, beginning with the day the notice is served (Reg 22(2)(c): ``sent_by``
    post, the second working day after posting ``on``), and the 8 weeks to issue the
    amended plan, which run from sending (Reg 22(3): "within 8 weeks of the local
    authority sending a copy of the EHC plan")."""
    if sent_by not in {m.value for m in timescales.ServiceMethod}:
        raise ValidationError({"sent_by": "Select how the proposed amendments are sent"})
    summary = require_text(
        summary, field="summary", message="Enter what the council proposes to change"
    )
    locked, amendment = _locked_amendment(plan, acting_user, "propose")
    if amendment.origin == PlanAmendment.Origin.REVIEW and not with_review_decision:
        # R (L, M & P) v Devon CC [2022] EWHC 493 (Admin): after a review the proposals
        # go with the Reg 20(10) notice of the decision to amend, and only that step
        # meets the review's 4-week deadline.
        raise ActionRefused(
            "These amendments come from an annual review: send them with the decision to "
            "amend on the review's page (Reg 20(10); R (L, M & P) v Devon CC [2022])."
        )
    STARTED.but(what="date the proposals are sent").check(amendment, on)
    if _current_hash(locked, PlanVersion.Kind.PROPOSAL) == amendment.amends_version.content_sha256:
        raise ActionRefused(
            "Nothing in the plan has been changed yet: change the sections to be amended "
            "before sending the proposals, or decide not to amend."
        )
    amendment.proposals_issued_on = on
    amendment.proposals_summary = summary
    amendment.set_service(sent_by=sent_by, sent_on=on)
    reassessment_due = _reassessment_plan_due(locked, amendment)
    amendment.amended_plan_due_on = reassessment_due or timescales.due_date("amended_plan", on)
    steps.take(
        locked,
        "propose_amendments",
        user=acting_user,
        event=Event(
            PlanEvent.AMENDMENT_PROPOSED,
            f"Proposed amendments to the EHC plan sent (version {next_version_number(locked)})",
            note=f"{summary}\nComments and any request for a school or college by "
            f"{long_date(amendment.representations_due_on)}. The amended plan is due by "
            f"{long_date(amendment.amended_plan_due_on)}.",
            family=True,
        ),
        context={
            "on": on,
            "served_on": amendment.served_on,
            "after_reassessment": reassessment_due is not None,
            # Devon: the review's Reg 20(10) letter carries these proposals (reviews.letters).
            "with_review_decision": with_review_decision,
        },
    )
    amendment.proposals_version = locked.issued_version
    return steps.add(amendment).proposals_version


def _reassessment_plan_due(plan: Plan, amendment: PlanAmendment) -> datetime.date | None:
    """The Reg 27(2) date when ``amendment`` is the amendment after a reassessment (begun
    the day the council decided, after the reassessment, to amend: reassessment
    .amend_after_reassessment), else None.

    SEND Regulations 2014 reg 27(1): "Where the local authority decides to amend or
    replace an EHC plan following a reassessment it must comply with the requirements of
    regulations 11, 12, 13(1) and 14": not reg 22, whose 8 weeks (22(3)) time an
    amendment "following a review". Reg 27(2): the finalised plan "as soon as
    practicable, and in any event within 14 weeks of the notification under regulation
    25(1) or of deciding it is necessary to reassess under section 44(3)". That 14-week
    deadline is already open on the request (timescales "reassessment_final_plan")."""
    from assessments.models import AssessmentRequest, NeedsAssessment

    if amendment.origin != PlanAmendment.Origin.OTHER:
        return None
    reassessment = NeedsAssessment.objects.filter(
        child=plan.child,
        request__kind=AssessmentRequest.Kind.REASSESSMENT,
        request__status=AssessmentRequest.Status.ASSESSING,
        status=NeedsAssessment.Status.DECIDED_TO_ISSUE,
        decided_on=amendment.started_on,
    ).first()
    if reassessment is None:
        return None
    clock = (
        Deadline.objects.filter(
            child=plan.child,
            subject_id=str(reassessment.request_id),
            code="reassessment_final_plan",
            status__in=[Deadline.Status.OPEN, Deadline.Status.BREACHED, Deadline.Status.EXCEPTED],
        )
        .order_by("-started_on")
        .first()
    )
    return clock.due_on if clock is not None else None


# Reg 22(2)(c): the 15 days begin with the day the notice is served (Reg 13(1) after a
# reassessment: the same "at least 15 days, beginning with the day on which the draft
# plan was served").
steps.after(Plan, "propose_amendments")(
    steps.opens_deadline("amendment_representations", start=lambda step: step.kwargs["served_on"])
)


@steps.after(Plan, "propose_amendments")
def open_amended_plan_clock(step) -> None:
    """Reg 22(3): the amended plan within 8 weeks of sending the proposals. Not after a
    reassessment: Reg 27(1) does not apply reg 22, and the plan is due within the 14
    weeks of Reg 27(2), already open (``_reassessment_plan_due``). Worked example
    (tests/plans/test_reassessment.py): decided to reassess Monday 14 January 2030,
    proposals sent Monday 4 February 2030: due Monday 22 April 2030 (Reg 27(2)), not
    Monday 1 April 2030 (8 weeks)."""
    if not step.kwargs.get("after_reassessment"):
        steps.open_deadline(step.obj, "amended_plan", user=step.user, start=step.kwargs["on"])


@transaction.atomic
def plan_record_amendment_representations(
    *,
    plan: Plan,
    received_on: datetime.date,
    representations: str,
    preferred_institution: Institution | None = None,
    nothing_more: bool = False,
    acting_user,
) -> PlanAmendment:
    """Reg 22(2)(c): the family's comments on the proposed amendments, and the school or
    college they asked for, if any. A first comment does not end their 15 days, unless
    they said with it that they have nothing more to say (``nothing_more``)."""
    locked, amendment = _locked_amendment(plan, acting_user, "representations")
    PROPOSED.but(what="date the comments were received", field="received_on").check(
        amendment, received_on
    )
    representations = require_text(
        representations,
        field="representations",
        message="Enter a summary of the family's comments",
    )
    first = amendment.representations_received_on is None
    amendment.representations_received_on = received_on
    amendment.representations = representations
    amendment.preferred_institution = preferred_institution
    amendment.full_clean()
    amendment.save()
    asked = (
        f"The family asked for {preferred_institution.name} (URN {preferred_institution.urn})."
        if preferred_institution
        else ""
    )
    steps.record(
        locked,
        Event(
            PlanEvent.AMENDMENT_REPRESENTATIONS,
            "The family's comments on the proposed amendments received"
            if first
            else "The family's comments on the proposed amendments updated",
            note="\n".join(filter(None, [representations, asked])),
            family=True,
        ),
        user=acting_user,
    )
    if nothing_more and amendment.family_confirmed_on is None:
        amendment = plan_record_nothing_more(
            plan=locked,
            confirmed_on=received_on,
            how=f"With their comments received on {long_date(received_on)}.",
            acting_user=acting_user,
        )
    return amendment


def amendment_consult_institution(
    *, plan: Plan, institution: Institution, on: datetime.date, acting_user
) -> Consultation:
    """CFA s39 while amending: consult a school or college (the family's request, or the
    one the council proposes) about being named. Called by plan_consult_institution with
    the plan locked; the plan's state does not change."""
    amendment = _require_amendment(
        plan,
        (Status.AMENDMENT_PROPOSED,),
        "Schools and colleges can be consulted once the proposed amendments are sent.",
    )
    PROPOSED.but(what="date the consultation was sent").check(amendment, on)
    if amendment.consultations.filter(institution=institution).exists():
        raise ValidationError(
            {"institution": f"{institution.name} has already been consulted about these amendments"}
        )
    # plan_consult_institution records it, with the consultation.
    steps.take(plan, "consult_on_amendment", user=acting_user, event=None)
    return Consultation.send(plan=plan, institution=institution, on=on, amendment=amendment)


# --- 3. The amended plan --------------------------------------------------------------


@dataclass(frozen=True)
class AmendedIssue:
    version: PlanVersion
    amendment: PlanAmendment
    # The amendment's deadlines met by the issue: the 8 weeks and, after a review, the
    # 12 weeks from the meeting (each on time or late).
    deadlines: list[Deadline] = field(default_factory=list)

    def deadline(self, code: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.code == code), None)


def _amendment_placement_consulted(plan: Plan, amendment: PlanAmendment) -> str:
    """CFA s39(3): a school or college newly named must be consulted first (about these
    amendments). '' when it was, or when section I still names the same one."""
    before = (amendment.amends_version.snapshot["sections"]["I"] or {}).get("institution")
    if plan.placement_id is None or (before and before.get("urn") == plan.placement.urn):
        return ""
    # Reads the prefetched consultations on pages (selectors.plan_with_content).
    if any(
        c.amendment_id == amendment.pk and c.institution_id == plan.placement_id
        for c in plan.consultations.all()
    ):
        return ""
    return f"Consult {plan.placement.name} before naming it in section I"


def amended_plan_waiting_for(plan: Plan, amendment: PlanAmendment | None) -> list[str]:
    """What stands between the proposals and the amended plan, besides the sections: for
    the plan page. No queries on a plan from selectors.plan_with_content."""
    if amendment is None or plan.status != Status.AMENDMENT_PROPOSED:
        return []
    waiting = amendment.window_waiting("proposed amendments")
    if consult := _amendment_placement_consulted(plan, amendment):
        waiting.append(consult)
    return waiting


def _close_amendment_consultations(amendment: PlanAmendment, acting_user, why: str) -> None:
    for consultation in amendment.consultations.filter(response="").select_related("institution"):
        steps.cancel_deadlines(
            consultation,
            "institution_consultation",
            user=acting_user,
            reason=f"{why} without a reply from {consultation.institution.name}.",
        )


@transaction.atomic
def plan_issue_amended_final(*, plan: Plan, on: datetime.date, acting_user) -> AmendedIssue:
    """Reg 22(3): issue the amended plan, a new final version, within 8 weeks of the
    proposals (and, after a review, 12 weeks of the meeting: the reviews code opens that
    deadline on the plan). Both are met on the day of issue, on time or late. The plan is
    in force as before; the annual review clock keeps running from the last review or the
    first final plan, so no new one is opened."""
    locked, amendment = _locked_amendment(plan, acting_user, "issue")
    PROPOSED.but(what="date the amended plan is issued").check(amendment, on)
    # Reg 22(2)(c): not before the family's 15 days end (or their word that they have
    # nothing more to say), and not before a meeting they asked for is held.
    if problem := amendment.check_final_date(on, "proposed amendments"):
        raise ValidationError({"on": problem})
    if amendment.meeting_outstanding:
        raise ActionRefused(
            "The amended plan cannot be issued yet: hold the meeting the family asked for "
            "about the proposed amendments, and record it."
        )
    problems = steps.unmet(locked, "issue_amended")
    consulted = _amendment_placement_consulted(locked, amendment) if not problems else ""
    if problems or consulted:
        raise ActionRefused(
            "The amended plan cannot be issued yet: " + "; ".join(problems or [consulted])
        )
    if _current_hash(locked, PlanVersion.Kind.AMENDED) == amendment.amends_version.content_sha256:
        raise ActionRefused(
            "The plan is the same as the one in force: change the sections to be amended, "
            "or decide not to amend."
        )
    steps.take(locked, "issue_amended", user=acting_user, context={"on": on})
    version = locked.issued_version
    amendment.amended_version = version
    _decided(amendment, PlanAmendment.Outcome.AMENDED, on, acting_user)
    steps.cancel_deadlines(
        locked,
        "amendment_representations",
        user=acting_user,
        reason="The family's 15 days for comments had ended when the amended plan was issued.",
    )
    _close_amendment_consultations(amendment, acting_user, "The amended plan was issued")
    met = steps.meet_deadlines(
        locked, "amended_plan", "amended_plan_after_review", user=acting_user, on=on
    )
    return AmendedIssue(version=version, amendment=amendment, deadlines=met)


# --- 4. Not amending after all ----------------------------------------------------------


@transaction.atomic
def plan_decide_not_to_amend(
    *, plan: Plan, on: datetime.date, reasons: str, acting_user
) -> PlanAmendment:
    """Reg 22(4): the council decides not to amend the plan after all, and tells the
    family why (they may appeal, CFA s51(2)(e)). Every section goes back to the plan in
    force, unchanged. Within 8 weeks of any proposals: that deadline is met by the
    decision; the review's 12 weeks no longer apply."""
    reasons = steps.texts(Plan, "keep_unamended", reasons=reasons)["reasons"]
    locked, amendment = _locked_amendment(plan, acting_user, "not_amend")
    (PROPOSED if amendment.proposals_issued_on else STARTED).but(what="date of the decision").check(
        amendment, on
    )
    context = {"on": on, "reasons": reasons, "amendment": amendment}
    steps.take(locked, "keep_unamended", user=acting_user, context=context)
    restore_from_snapshot(locked, amendment.amends_version.snapshot)
    amendment.decision_reasons = reasons
    _decided(amendment, PlanAmendment.Outcome.NOT_AMENDED, on, acting_user)
    why = f"The council decided not to amend the plan: {reasons}"[:500]
    steps.cancel_deadlines(
        locked,
        "amendment_representations",
        "amended_plan_after_review",
        user=acting_user,
        reason=why,
    )
    steps.meet_deadlines(locked, "amended_plan", user=acting_user, on=on)
    _close_amendment_consultations(amendment, acting_user, "The council decided not to amend")
    # Reg 22(4) with Reg 32: the notice of the decision, with the family's right to
    # appeal it (CFA s51(2)(e)), mediation and the date to act by.
    letters.letter_issue(
        kind="plan_not_amended",
        subject=amendment,
        child=locked.child,
        acting_user=acting_user,
        on=on,
    )
    return amendment


def _decided(amendment: PlanAmendment, outcome: str, on: datetime.date, user) -> None:
    amendment.outcome = outcome
    amendment.decided_on = on
    amendment.decided_by = user
    steps.add(amendment)


def _pop(links: dict[tuple, list[_T]], key: tuple) -> _T | None:
    ids = links.get(key)
    return ids.pop(0) if ids else None


def restore_from_snapshot(plan: Plan, snapshot: dict) -> None:
    """Put every section back as ``snapshot`` froze it (the plan in force), for a plan
    whose amendments are abandoned. Rows are made again in the snapshot's reading order,
    so a new snapshot of the plan equals the old one; section K keeps its links to the
    assessment's advice requests, and a need whose words are unchanged its SEN2 type."""
    sections = snapshot["sections"]
    advice_links: dict[tuple, list[int]] = {}
    for e in AdviceEntry.objects.filter(plan=plan, advice_request__isnull=False).order_by("id"):
        advice_links.setdefault((e.title, e.given_by, e.dated.isoformat()), []).append(
            e.advice_request_id
        )
    # The SEN2 type of each need (the SEN2 SEN need module) is not part of the plan's content, so
    # not in the snapshot: a need made again keeps the type of the row with its words.
    sen_types: dict[tuple[str, str], list[tuple[str, int | None]]] = {}
    for n in Need.objects.filter(plan=plan).order_by("id"):
        sen_types.setdefault((n.area, n.description), []).append((n.sen_type, n.sen_type_rank))
    ProvisionItem.objects.filter(plan=plan).delete()
    Outcome.objects.filter(plan=plan).delete()
    Need.objects.filter(plan=plan).delete()
    BudgetLine.objects.filter(plan=plan).delete()
    AdviceEntry.objects.filter(plan=plan).delete()

    needs = {}
    for n in sections["B"]["needs"]:
        sen_type, rank = _pop(sen_types, (n["area"], n["description"])) or ("", None)
        needs[n["ref"]] = Need.objects.create(
            plan=plan,
            area=n["area"],
            description=n["description"],
            sen_type=sen_type,
            sen_type_rank=rank,
        )
    outcomes = {}
    for o in sections["E"]["outcomes"]:
        outcome = Outcome.objects.create(
            plan=plan,
            description=o["description"],
            achieve_by=o["achieve_by"],
            preparing_for_adulthood=o["preparing_for_adulthood"],
        )
        outcome.needs.set([needs[ref] for ref in o["needs"] if ref in needs])
        outcomes[o["ref"]] = outcome
    for code in PROVISION_CODES:
        for p in sections[code]["items"]:
            item = ProvisionItem.objects.create(
                plan=plan,
                section=code,
                what=p["what"],
                delivered_by=p["delivered_by"],
                how_often=p["how_often"],
                how_long=p["how_long"],
                responsible_agency=p["agency"],
                contact_name=p["contact_name"],
                contact_details=p["contact_details"],
            )
            item.outcomes.set([outcomes[ref] for ref in p["outcomes"] if ref in outcomes])
    BudgetLine.objects.bulk_create(
        BudgetLine(
            plan=plan,
            section=line["section"],
            description=line["description"],
            annual_amount=line["annual_amount"],
            arrangement=line["arrangement"],
        )
        for line in sections["J"]["lines"]
    )
    AdviceEntry.objects.bulk_create(
        AdviceEntry(
            plan=plan,
            title=e["title"],
            given_by=e["given_by"],
            dated=datetime.date.fromisoformat(e["dated"]),
            advice_request_id=_pop(advice_links, (e["title"], e["given_by"], e["dated"])),
        )
        for e in sections["K"]["advice"]
    )
    place = sections["I"].get("institution")
    plan.placement = Institution.objects.get(urn=place["urn"]) if place else None
    plan.placement_note = sections["I"].get("note", "")
    plan.a_views = sections["A"]["views"]
    plan.a_interests = sections["A"]["interests"]
    plan.a_aspirations = sections["A"]["aspirations"]
    plan.c_health_needs = sections["C"]["text"]
    plan.d_social_care_needs = sections["D"]["text"]
    plan.j_requested = sections["J"]["requested"]
    plan.j_arrangements = sections["J"]["arrangements"]
    plan.completed_sections = list(SECTION_CODES)
    plan.save()
