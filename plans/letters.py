"""The notices of EHC plans, on casework's letters capability: the draft plan notice
(Regs 12-13), consultation with a school or college (CFA s39(2)), the final plan notice
(Reg 14 with Reg 32), the notice of proposed amendments (Reg 22(2)), the amended final
plan (Reg 22(3)-(4) with Reg 32) and the decision not to amend after all (Reg 22(4) with
Reg 32; appealable, CFA s51(2)(e)). Registered in PlansConfig.ready(): a letter follows
each issue step of the transition kernel (for the version it froze), and each
consultation."""

from __future__ import annotations

import datetime

from sen_portal import timescales
from sen_portal.casework import letters
from sen_portal.casework.models.letter import LetterAudience

# PlanVersion.Kind -> the notice sent with it.
LETTER_FOR_VERSION = {
    "draft": "plan_draft",
    "final": "plan_final",
    "proposal": "plan_amendment_proposed",
    "amended": "plan_amended",
}


def _window(version):
    """The row that keeps the family's 15 days on this draft or these proposals, as it is
    now (its service may have been recorded since the version was read)."""
    from plans.models import Plan, PlanAmendment

    if version.kind == "proposal":
        return PlanAmendment.objects.filter(proposals_version=version).first()
    return Plan.objects.filter(pk=version.plan_id).first()


def _from_service(code: str):
    """A period that begins with the day the notice is served (Reg 13(1), Reg 22(2)(c)):
    the same last day as the plan's own window (plans/models/window.py), which counts
    from the service recorded on the draft page or by posting this letter."""

    def act_by(version, letter) -> tuple[datetime.date | None, str]:
        window = _window(version)
        if window is not None and window.representations_due_on is not None:
            due = window.representations_due_on
        else:
            due = timescales.due_date(code, letter.service_on or letter.dated_on)
        return due, "the last day to send us your comments or ask for a meeting"

    return act_by


def posted(version, letter) -> None:
    """The letters page recorded the posting of this notice: it was served by post, and
    the family's 15 days begin with that day (Reg 13(1), Reg 22(2)(c))."""
    from plans.services.window import family_window, plan_record_service

    window = _window(version)
    found = family_window(version.plan)
    if window is None or found is None or found[0].pk != window.pk:
        return  # the plan has moved on (final, or other proposals): nothing to count
    if window.sent_by == "post" and window.served_on == letter.service_on:
        return
    plan_record_service(
        plan=version.plan,
        sent_by="post",
        sent_on=letter.sent_on,
        acting_user=letter.posted_by,
        system=True,
    )


def _appeal(version, letter) -> tuple[datetime.date | None, str]:
    return letters.appeal_act_by(timescales.appeal_due(version.issued_on))


def _plan_context(version) -> dict:
    plan = version.plan
    return {
        "version": version,
        "plan": plan,
        "placement": plan.placement,
        "appeal_due_on": timescales.appeal_due(version.issued_on),
        "first_review_due_on": timescales.due_date("annual_review", version.issued_on),
        # Reg 32(3)-(4): no certificate is needed to appeal only about the placement.
        "appeal_about_placement_only_note": True,
    }


def _draft_context(version) -> dict:
    plan = version.plan
    advice = (
        plan.assessment.advice_requests.filter(status="received").order_by("requested_on")
        if plan.assessment_id
        else []
    )
    return {"version": version, "plan": plan, "advice": list(advice)}


def _version_letter(step) -> None:
    """After each issue step, the notice that goes with the version it froze. Proposals
    sent with a review's decision to amend go in that decision's letter, one notice, not
    two on the same day (Reg 20(10) with Reg 22(2): R (L, M & P) v Devon CC [2022] EWHC
    493 (Admin); reviews.letters)."""
    if step.kwargs.get("with_review_decision"):
        return
    version = step.obj.issued_version
    letters.letter_issue(
        kind=LETTER_FOR_VERSION[version.kind],
        subject=version,
        child=step.obj.child,
        acting_user=step.user,
        on=version.issued_on,
    )


def register() -> None:
    from plans.models import Plan
    from plans.services.lifecycle import VERSION_KINDS
    from sen_portal.casework import steps

    # After the follow-up that freezes the version (registered when lifecycle loads).
    steps.after(Plan, *VERSION_KINDS)(_version_letter)
    letters.register(
        letters.LetterKind(
            code="plan_draft",
            title="Your draft EHC plan",
            template="letters/plans/draft.html",
            regulation=(
                "SEND Regulations 2014, regulations 12 and 13, and CFA 2014 sections 38 and 39"
            ),
            meaning=(
                "Read the draft plan. Tell us what you think, ask for a meeting and "
                "tell us which school or college you would like."
            ),
            act_by=_from_service("draft_representations"),
            on_posted=posted,
            context=_draft_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_final",
            title="Your final EHC plan",
            template="letters/plans/final.html",
            regulation="SEND Regulations 2014, regulations 14 and 32, and CFA 2014 section 51",
            meaning="The final plan is issued. You can ask for mediation and appeal.",
            appealable=True,
            act_by=_appeal,
            context=_plan_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_amendment_proposed",
            title="We propose to amend the EHC plan",
            template="letters/plans/amendment_proposed.html",
            regulation="SEND Regulations 2014, regulation 22(2)",
            meaning="Read the proposed changes to the plan and tell us what you think.",
            act_by=_from_service("amendment_representations"),
            on_posted=posted,
            context=lambda version: {
                "version": version,
                "plan": version.plan,
                "amendment": version.plan.amendments.filter(proposals_version=version).first(),
            },
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_amended",
            title="Your amended EHC plan",
            template="letters/plans/amended.html",
            regulation="SEND Regulations 2014, regulations 22 and 32, and CFA 2014 section 51",
            meaning="The amended plan is issued. You can ask for mediation and appeal.",
            appealable=True,
            act_by=_appeal,
            context=_plan_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_not_amended",
            title="Decision not to amend the EHC plan",
            template="letters/plans/not_amended.html",
            regulation="SEND Regulations 2014, regulations 22(4) and 32, and CFA 2014 section 51",
            meaning=(
                "We decided not to change the plan after all. You can ask for mediation and appeal."
            ),
            appealable=True,
            # CFA s51(2)(e); the 2 months of HESC Rules r20(1)(c) from the decision.
            act_by=lambda amendment, letter: letters.appeal_act_by(amendment.appeal_due_on),
            context=lambda amendment: {
                "amendment": amendment,
                "plan": amendment.plan,
                "placement": amendment.plan.placement,
                "appeal_due_on": amendment.appeal_due_on,
            },
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_consultation",
            title="Consultation about naming your school or college in an EHC plan",
            template="letters/plans/consultation.html",
            regulation="Children and Families Act 2014, section 39(2) (and section 38(2)(b)(ii))",
            audience=LetterAudience.PROFESSIONAL,
            recipient=lambda consultation: letters.Recipient(
                name=f"The headteacher or principal, {consultation.institution.name}",
                address="\n".join(
                    filter(None, [consultation.institution.name, consultation.institution.town])
                ),
                salutation="headteacher or principal",
            ),
            act_by=lambda consultation, letter: (
                consultation.due_on,
                "the date we need your reply",
            ),
            context=lambda consultation: {
                "consultation": consultation,
                "plan": consultation.plan,
                "institution": consultation.institution,
            },
        )
    )
