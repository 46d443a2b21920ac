"""The notices of requests and assessments, on casework's letters capability:
acknowledgement (Reg 4), the decision whether to assess (Reg 5), advice requests (Reg 6),
the decision not to issue a plan (Reg 10) and the decision whether to reassess (Reg 25).
Registered in AssessmentsConfig.ready(); each service calls letters.letter_issue inside its
transaction.
"""

from __future__ import annotations

from sen_portal import timescales
from sen_portal.casework import letters
from sen_portal.casework.models.letter import LetterAudience


def _appeal_by(decision, letter):
    return letters.appeal_act_by(decision.appeal_due_on)


def register() -> None:
    letters.register(
        letters.LetterKind(
            code="request_acknowledged",
            title="We have received your request for an EHC needs assessment",
            template="letters/assessments/request_acknowledged.html",
            regulation=(
                "SEND Regulations 2014, regulation 4, and the SEND Code of Practice, paragraph 9.14"
            ),
            meaning=(
                "We are considering whether to assess. You can send us your views and "
                "any evidence before we decide."
            ),
            act_by=lambda request, letter: (
                request.decision_due_on,
                "the latest date we will tell you whether we will assess; send your "
                "views and evidence before then",
            ),
            context=lambda request: {"request": request},
        )
    )
    letters.register(
        letters.LetterKind(
            code="request_assess",
            title="Decision to carry out an EHC needs assessment",
            template="letters/assessments/request_assess.html",
            regulation="SEND Regulations 2014, regulation 5(1)",
            meaning="We will carry out an EHC needs assessment and ask for advice.",
            act_by=lambda request, letter: (
                timescales.due_date("decide_not_to_issue", request.received_on),
                "the latest date we will tell you whether we will issue an EHC plan",
            ),
            context=lambda request: {"request": request},
        )
    )
    letters.register(
        letters.LetterKind(
            code="request_declined",
            title="Decision not to carry out an EHC needs assessment",
            template="letters/assessments/request_declined.html",
            regulation="SEND Regulations 2014, regulations 5(3) and 32",
            meaning="We decided not to assess. You can ask for mediation and appeal.",
            appealable=True,
            act_by=_appeal_by,
            context=lambda request: {"decision": request, "appeal_due_on": request.appeal_due_on},
            attach_to="decision_letter",
        )
    )
    letters.register(
        letters.LetterKind(
            code="reassessment_agreed",
            title="Decision to reassess education, health and care needs",
            template="letters/assessments/reassessment_agreed.html",
            regulation="Children and Families Act 2014, section 44(2); SEND Regulations "
            "2014, regulations 25(1), 26 and 27(2)",
            meaning="We will reassess and ask for advice, then send you the amended EHC plan.",
            act_by=lambda request, letter: (
                request.reassessment_plan_due_on,
                "the latest date we will send you the amended or replacement EHC plan",
            ),
            context=lambda request: {"request": request},
        )
    )
    letters.register(
        letters.LetterKind(
            code="reassessment_initiated",
            title="We have decided to reassess education, health and care needs",
            template="letters/assessments/reassessment_initiated.html",
            regulation="Children and Families Act 2014, section 44(3); SEND Regulations "
            "2014, regulations 26 and 27(2)",
            meaning="We decided ourselves to reassess, and will send you the amended or "
            "replacement EHC plan.",
            act_by=lambda request, letter: (
                request.reassessment_plan_due_on,
                "the latest date we will send you the amended or replacement EHC plan",
            ),
            context=lambda request: {"request": request},
        )
    )
    letters.register(
        letters.LetterKind(
            code="reassessment_refused",
            title="Decision not to reassess education, health and care needs",
            template="letters/assessments/reassessment_refused.html",
            regulation="SEND Regulations 2014, regulations 24, 25 and 32; Children and "
            "Families Act 2014, section 51(2)(d)",
            meaning="We decided not to reassess. You can ask for mediation and appeal.",
            appealable=True,
            act_by=_appeal_by,
            context=lambda request: {"decision": request, "appeal_due_on": request.appeal_due_on},
            attach_to="decision_letter",
        )
    )
    letters.register(
        letters.LetterKind(
            code="advice_request",
            title="Request for advice for an EHC needs assessment",
            template="letters/assessments/advice_request.html",
            regulation="SEND Regulations 2014, regulations 6 and 8",
            audience=LetterAudience.PROFESSIONAL,
            recipient=lambda advice: letters.Recipient(
                name=advice.addressee,
                user=advice.advice_giver,
                salutation=advice.advice_giver.full_name if advice.advice_giver else "",
            ),
            act_by=lambda advice, letter: (advice.due_on, "the date your advice is due"),
            context=lambda advice: {"advice": advice, "assessment": advice.assessment},
        )
    )
    letters.register(
        letters.LetterKind(
            code="plan_refused",
            title="Decision not to issue an EHC plan",
            template="letters/assessments/plan_refused.html",
            regulation="SEND Regulations 2014, regulations 10 and 32",
            meaning="We decided not to issue an EHC plan. You can ask for mediation and appeal.",
            appealable=True,
            act_by=_appeal_by,
            context=lambda assessment: {
                "decision": assessment,
                "appeal_due_on": assessment.appeal_due_on,
            },
            attach_to="decision_letter",
        )
    )
