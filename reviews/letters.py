"""The notices of annual reviews, on casework's letters capability: the invitation to the
review meeting (Reg 20(2)-(3): at least 2 weeks before it, with the advice gathered) and
the decision after it (Reg 20(10): within 4 weeks of the meeting). A decision to keep the
plan as it is can be appealed (Reg 32 content); one to amend carries the proposed
amendments (Reg 22(2), sent in the same step: R (L, M & P) v Devon CC [2022] EWHC 493
(Admin)) in this one letter, not a second notice of proposals; one to cease leads to
the ceasing notices (ceasing: Reg 31).
Registered in ReviewsConfig.ready(): the decision letter as a follow-up of the kernel's
"decide" step; the invitation from review_record_papers_sent (not a transition)."""

from __future__ import annotations

from plans import letters as plan_letters
from sen_portal.casework import letters


def _proposals(review):
    """The amendment whose proposals went with a decision to amend (Devon), if any."""
    if review.decision != "amend" or review.decided_on is None:
        return None
    from plans.models import PlanAmendment

    return (
        PlanAmendment.objects.filter(plan=review.plan, proposals_issued_on=review.decided_on)
        .select_related("proposals_version")
        .order_by("-number")
        .first()
    )


def _context(review) -> dict:
    return {
        "review": review,
        "plan": review.plan,
        "advice": list(review.advice.filter(received_on__isnull=False).order_by("received_on")),
        "appeal_due_on": review.appeal_due_on,
        # R (L, M & P) v Devon CC [2022] EWHC 493 (Admin): a decision to amend carries the
        # proposed amendments (Reg 20(10) read with Reg 22(2)).
        "amendment": _proposals(review),
    }


def _decided_act_by(review, letter):
    """To amend: the last of the family's 15 days on the proposals sent with it."""
    amendment = _proposals(review)
    if amendment is None:
        return None, ""
    return (
        amendment.representations_due_on,
        "the last day to comment on the proposed changes or ask for a meeting",
    )


def _decided_posted(review, letter) -> None:
    """The decision to amend was posted: the proposals went in the same envelope, so the
    family's 15 days on them begin with its service (Reg 22(2)(c)), as when the plan's
    own notice of proposals is posted (plans.letters.posted)."""
    amendment = _proposals(review)
    if amendment is not None and amendment.proposals_version is not None:
        plan_letters.posted(amendment.proposals_version, letter)


def decision_kind(decision: str) -> str:
    return "review_decided_maintain" if decision == "maintain" else "review_decided"


def _decision_letter(step) -> None:
    letters.letter_issue(
        kind=decision_kind(step.kwargs["decision"]),
        subject=step.obj,
        child=step.obj.child,
        acting_user=step.user,
        on=step.kwargs.get("on"),
    )


def register() -> None:
    from reviews.models import Review
    from sen_portal.casework import steps

    # Reg 20(10): a follow-up of the decision step (casework.steps).
    steps.after(Review, "decide")(_decision_letter)
    letters.register(
        letters.LetterKind(
            code="review_invitation",
            title="Invitation to the annual review of the EHC plan",
            template="letters/reviews/invitation.html",
            regulation="SEND Regulations 2014, regulation 20(2) to (4)",
            meaning="You are invited to the review meeting. Tell us your views before it.",
            act_by=lambda review, letter: (review.meeting_on, "the day of the review meeting"),
            context=_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="review_decided_maintain",
            title="Decision after the annual review: the plan stays as it is",
            template="letters/reviews/decided.html",
            regulation="SEND Regulations 2014, regulations 20(10) and 32",
            meaning=("We decided to keep the plan as it is. You can ask for mediation and appeal."),
            appealable=True,
            act_by=lambda review, letter: letters.appeal_act_by(review.appeal_due_on),
            context=_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="review_decided",
            title="Decision after the annual review",
            template="letters/reviews/decided.html",
            regulation="SEND Regulations 2014, regulations 20(10) and 22(2); R (L, M and P) v "
            "Devon County Council [2022] EWHC 493 (Admin)",
            meaning="What we decided after the review meeting, and what happens next. If we "
            "are changing the plan, the changes we propose are with it.",
            act_by=_decided_act_by,
            on_posted=_decided_posted,
            context=_context,
        )
    )
