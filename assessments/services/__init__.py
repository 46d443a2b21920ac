"""Every change to a request, an assessment or an advice request: one function per
transition, which views, commands and tests all call.

Each one locks its row (select_for_update), so two people pressing the same button cannot
both win: the second waits, then finds the state changed and is refused with a message
(ActionRefused). The transition, its chronology event and the deadlines it opens or closes
commit together or not at all. ConcurrentTransitionMixin on the models is the second line:
a stale copy saved without the lock raises instead of overwriting.
"""

from assessments.services._common import ActionRefused, live_deadline
from assessments.services.advice import (
    advice_accept_exception,
    advice_cancel,
    advice_claim_exception,
    advice_reject_exception,
    advice_request_create,
    advice_submit,
)
from assessments.services.council_reassessment import reassessment_initiate
from assessments.services.needs_assessments import (
    assessment_complete_advice,
    assessment_decide_not_to_issue,
    assessment_decide_to_issue,
    assessment_withdraw,
)
from assessments.services.requests import (
    last_assessed_on,
    request_decide_to_assess,
    request_decline,
    request_record,
    request_withdraw,
)

__all__ = [
    "ActionRefused",
    "advice_accept_exception",
    "advice_cancel",
    "advice_claim_exception",
    "advice_reject_exception",
    "advice_request_create",
    "advice_submit",
    "assessment_complete_advice",
    "assessment_decide_not_to_issue",
    "assessment_decide_to_issue",
    "assessment_withdraw",
    "last_assessed_on",
    "live_deadline",
    "reassessment_initiate",
    "request_decide_to_assess",
    "request_decline",
    "request_record",
    "request_withdraw",
]
