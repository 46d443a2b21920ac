"""The notices of ceasing a plan, on casework's letters capability: that the council is
considering ceasing and the family's right to give views (Reg 31(1)(a)-(b)), and the
decision to cease with the family's rights (Reg 31(2), with Reg 32). Registered in
CeasingConfig.ready() as follow-ups of the ceasing steps (casework.steps)."""

from __future__ import annotations

import datetime

from sen_portal.casework import letters


def register() -> None:
    from ceasing.models import CeasingProposal
    from sen_portal.casework import steps

    letters.register(
        letters.LetterKind(
            code="ceasing_proposed",
            title="We are considering ceasing the EHC plan",
            template="letters/ceasing/proposed.html",
            regulation="SEND Regulations 2014, regulation 31(1)",
            meaning=(
                "We think the plan may no longer be needed. Tell us your views before we decide."
            ),
            context=lambda proposal: {"proposal": proposal, "plan": proposal.plan},
        )
    )
    letters.register(
        letters.LetterKind(
            code="ceasing_decided",
            title="Decision to cease the EHC plan",
            template="letters/ceasing/decided.html",
            regulation="SEND Regulations 2014, regulations 31(2) and 32, and CFA 2014 section 45",
            meaning=(
                "We decided to cease the plan. It continues until the time to appeal has "
                "passed. You can ask for mediation and appeal."
            ),
            appealable=True,
            act_by=lambda proposal, letter: letters.appeal_act_by(proposal.appeal_due_on),
            context=lambda proposal: {
                "proposal": proposal,
                "plan": proposal.plan,
                "appeal_due_on": proposal.appeal_due_on,
                # The plan ends the day after the last day for appealing.
                "ends_on": proposal.appeal_due_on + datetime.timedelta(days=1),
            },
            attach_to="decision_letter",
        )
    )
    # Reg 31(1): when the proposal is made; Reg 31(2): when the decision is.
    steps.after(CeasingProposal, "created")(
        letters.follow_up("ceasing_proposed", on=lambda step: step.obj.proposed_on)
    )
    steps.after(CeasingProposal, "decide_cease")(letters.follow_up("ceasing_decided"))
