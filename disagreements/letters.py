"""The notices of the disagreement route, on casework's letters capability (issue #18,
notice 11): the rights-holder is told that an order of the First-tier Tribunal (SEND
Regulations 2014, reg 44), a step of an appeal the council did not oppose (reg 45), a
term of a mediation agreement (reg 42) or a health or social care recommendation
(SI 2017/1306) has been complied with: what was ordered, what was done and when.
Registered in DisagreementsConfig.ready(); disagreements.services.orders issues them
when an order is complied with, by the real step or by a caseworker's record."""

from __future__ import annotations

from sen_portal.casework import letters

TEMPLATE = "letters/disagreements/order_complied.html"


def _context(order) -> dict:
    d = order.disagreement
    return {
        "order": order,
        "disagreement": d,
        "siblings": [o for o in d.orders.order_by("due_on", "pk") if o.pk != order.pk],
    }


def register() -> None:
    letters.register(
        letters.LetterKind(
            code="tribunal_order_complied",
            title="We have done what the Tribunal ordered",
            template=TEMPLATE,
            regulation=(
                "Special Educational Needs and Disability Regulations 2014, regulations 44 and 45"
            ),
            meaning="We did what the First-tier Tribunal ordered. This letter says what and when.",
            context=_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="mediation_agreement_complied",
            title="What was agreed at mediation has been done",
            template=TEMPLATE,
            regulation="Special Educational Needs and Disability Regulations 2014, regulation 42",
            meaning="What was agreed at mediation has been done. This letter says what and when.",
            context=_context,
        )
    )
    letters.register(
        letters.LetterKind(
            code="recommendation_answered",
            title="Our answer to the Tribunal's recommendation",
            template=TEMPLATE,
            regulation=(
                "Special Educational Needs and Disability (First-tier Tribunal "
                "Recommendations Power) Regulations 2017"
            ),
            meaning="The answer to the Tribunal's health or social care recommendation.",
            context=_context,
        )
    )
