"""A reassessment the council decides on itself (Children and Families Act 2014 s44(3):
"at any other time if it thinks it necessary").

There is no request to decide within 15 days (Reg 25(1) is about requests): the record
is a reassessment "request" with ``requester`` council, received and decided the same
day. The 14 weeks to the amended or replacement plan run from that decision (Reg 27(2):
"within 14 weeks of ... deciding it is necessary to reassess under section 44(3)"), and
the rights-holder gets the ``reassessment_initiated`` letter. From there it is the same
reassessment: advice (Reg 26), then the plan amended or replaced (Reg 27(1)).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction

from assessments.events import AssessmentEvent
from assessments.models import AssessmentRequest, NeedsAssessment
from assessments.services.requests import request_decide_to_assess
from sen_portal.casework import steps
from sen_portal.casework.models import Child
from sen_portal.casework.steps import Event
from sen_portal.casework.workflow import ActionRefused, check_date, require_text
from sen_portal.dates import long_date


@transaction.atomic
def reassessment_initiate(
    *, child: Child, on: datetime.date, reasons: str, acting_user
) -> NeedsAssessment:
    """The council decides on ``on`` that a reassessment is necessary (CFA s44(3)): the
    reassessment starts that day and the amended or replacement plan is due 14 weeks
    later (Reg 27(2)). Decided Monday 7 January 2030: due Monday 15 April 2030."""
    reasons = require_text(reasons, field="reasons", message="Enter why a reassessment is needed")
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=child.date_of_birth,
        before_what="the date of birth",
    )
    if child.assessment_requests.filter(status__in=AssessmentRequest.OPEN).exists():
        raise ActionRefused(
            "This child already has a request waiting for a decision: decide that first."
        )
    blocking = (
        child.needs_assessments.filter(status__in=NeedsAssessment.BLOCKS_NEW_REQUEST)
        .values_list("status", flat=True)
        .first()
    )
    if blocking != NeedsAssessment.Status.DECIDED_TO_ISSUE:
        raise ActionRefused(
            "Only a child or young person with an EHC plan can be reassessed"
            + (" (an assessment is in progress)." if blocking else ".")
        )
    request = AssessmentRequest(
        child=child,
        kind=AssessmentRequest.Kind.REASSESSMENT,
        requester=AssessmentRequest.Requester.COUNCIL,
        requester_name=settings.COUNCIL_NAME,
        received_on=on,
        reasons=reasons,
        consent_to_share=False,
        recorded_by=acting_user,
    )
    steps.create(
        request,
        user=acting_user,
        event=Event(
            AssessmentEvent.REASSESSMENT_INITIATED,
            f"The council decided on {long_date(on)} that a reassessment is necessary (CFA s44(3))",
            note=reasons,
            family=True,
        ),
    )
    return request_decide_to_assess(assessment_request=request, on=on, acting_user=acting_user)


# CFA s44(3) with Reg 27(2): the rights-holder is told of the decision and the plan's date.
steps.after(AssessmentRequest, "decide_to_assess")(
    steps.issues_letter("reassessment_initiated", when=lambda step: step.obj.council_initiated)
)
