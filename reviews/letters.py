"""The notices of annual reviews, on casework's letters capability: the invitation to the
review meeting (Reg 20(2)-(3): at least 2 weeks before it, with the advice gathered) and
the decision after it (Reg 20(10): within 4 weeks of the meeting). A decision to keep the
plan as it is can be appealed (Reg 32 content); one to amend leads to the notice of
proposed amendments (plans: Reg 22), one to cease to the ceasing notices (ceasing: Reg 31).
Registered in ReviewsConfig.ready(): the decision letter as a follow-up of the kernel's
"decide" step; the invitation from review_record_papers_sent (not a transition)."""

from __future__ import annotations

from sen_portal.casework import letters


def _context(review) -> dict:
    return {
        "review": review,
        "plan": review.plan,
        "advice": list(review.advice.filter(received_on__isnull=False).order_by("received_on")),
        "appeal_due_on": review.appeal_due_on,
    }


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
            regulation="SEND Regulations 2014, regulation 20(10)",
            meaning="What we decided after the review meeting, and what happens next.",
            context=_context,
        )
    )
