"""Requests for an EHC needs assessment: recording one, and the decision whether to assess."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from assessments.models import AssessmentRequest, NeedsAssessment
from assessments.services._common import (
    ActionRefused,
    already,
    check_date,
    close_deadlines,
    lock_row,
    require_text,
    run_transition,
    validate_new,
)
from sen_portal.casework.deadlines import (
    deadline_open,
    long_date,
)
from sen_portal.casework.documents import delete_files_on_error, document_store
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.models import Child
from sen_portal.casework.services import chronology_record

# The clocks a request starts on the day it arrives (Regs 5(1), 10(1), 13(2)).
REQUEST_CLOCKS = ("decide_whether_to_assess", "decide_not_to_issue", "final_plan")
# CFA s83(2): a young person is over compulsory school age and under 25 (Child.
# is_young_person_on, from sen_portal/timescales.py).
YOUNG_PERSON_ONLY = (
    "Only a young person can ask for themselves: from the day after the school leaving "
    "date (the last Friday in June of the school year they turn 16) until the day before "
    "their 25th birthday"
)


# --- Requests for assessment ---------------------------------------------------------------


@transaction.atomic
def request_record(
    *,
    child: Child,
    requester: str,
    requester_name: str,
    received_on: datetime.date,
    reasons: str,
    consent_to_share: bool,
    share_with: Iterable[str] = (),
    evidence: Iterable[UploadedFile] = (),
    rya: bool = False,
    acting_user,
) -> AssessmentRequest:
    """Record a request for an EHC needs assessment (CFA s36(1)) and start its clocks:
    the decision whether to assess (6 weeks, Reg 5(1)), the notice that no plan will be
    issued (16 weeks, Reg 10(1)) and the final plan (20 weeks, Reg 13(2)), all from the
    day the council received it."""
    # One request at a time per child: two caseworkers recording the same letter at
    # once queue here, and the second is refused below.
    child = Child.objects.select_for_update().get(pk=child.pk)
    check_date(
        received_on,
        field="received_on",
        what="date the request was received",
        not_before=child.date_of_birth,
        before_what="the date of birth",
    )
    if requester == AssessmentRequest.Requester.YOUNG_PERSON and not child.is_young_person_on(
        received_on
    ):
        raise ValidationError({"requester": YOUNG_PERSON_ONLY})
    if child.assessment_requests.filter(status__in=AssessmentRequest.OPEN).exists():
        raise ActionRefused("This child already has a request waiting for a decision.")
    blocking = (
        child.needs_assessments.filter(status__in=NeedsAssessment.BLOCKS_NEW_REQUEST)
        .values_list("status", flat=True)
        .first()
    )
    if blocking == NeedsAssessment.Status.DECIDED_TO_ISSUE:
        raise ActionRefused(
            "This child's assessment decided to issue an EHC plan. A new request is not "
            "recorded while the plan is made or in force: that would be a reassessment."
        )
    if blocking is not None:
        raise ActionRefused("This child already has an EHC needs assessment in progress.")
    share_with = list(dict.fromkeys(share_with))
    unknown = set(share_with) - set(AssessmentRequest.Agency.values)
    if unknown:
        raise ValidationError({"share_with": "Select agencies from the list"})
    if share_with and not consent_to_share:
        raise ValidationError(
            {"share_with": "Only share with agencies when the family has agreed to it"}
        )
    assessment_request = AssessmentRequest(
        child=child,
        requester=requester,
        requester_name=requester_name.strip(),
        received_on=received_on,
        reasons=reasons.strip(),
        consent_to_share=consent_to_share,
        share_with=share_with,
        rya=rya,
        recorded_by=acting_user,
    )
    validate_new(assessment_request)
    assessment_request.save()
    chronology_record(
        child=child,
        actor=acting_user,
        kind="assessment_request_received",
        summary=(
            f"Request for an EHC needs assessment received on {long_date(received_on)} "
            f"from {assessment_request.get_requester_display().lower()}"
        ),
        note=assessment_request.reasons,
        to_state=assessment_request.status,
        subject=assessment_request,
        visible_to_family=True,
    )
    for code in REQUEST_CLOCKS:
        deadline_open(
            child=child,
            code=code,
            start=received_on,
            subject=assessment_request,
            acting_user=acting_user,
        )
    with delete_files_on_error():
        for upload in evidence:
            document = document_store(
                child=child,
                upload=upload,
                title=f"Evidence with the request: {upload.name}",
                acting_user=acting_user,
            )
            assessment_request.evidence.add(document)
    # Reg 4: the family is told the council is considering an assessment, and may give
    # views and evidence; with the date of the decision (CoP 9.14).
    letter_issue(
        kind="request_acknowledged",
        subject=assessment_request,
        child=child,
        acting_user=acting_user,
    )
    return assessment_request


@transaction.atomic
def request_decide_to_assess(
    *, assessment_request: AssessmentRequest, on: datetime.date, acting_user
) -> NeedsAssessment:
    """Reg 5(1): decide that an EHC needs assessment is necessary. Meets the 6-week
    deadline and starts the assessment; the 16- and 20-week clocks keep running."""
    locked = lock_row(AssessmentRequest, assessment_request, "child")
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=locked.received_on,
        before_what="the day the request was received",
    )
    from_state = run_transition(
        locked,
        "decide_to_assess",
        user=acting_user,
        refused=f"This request has already been decided. {already(locked)}",
        not_ready="This child already has an EHC needs assessment in progress.",
        on=on,
        by=acting_user,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="assessment_request_decided_assess",
        summary="Decided to carry out an EHC needs assessment",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    close_deadlines(
        locked, acting_user=acting_user, outcome="met", on=on, codes=["decide_whether_to_assess"]
    )
    # Reg 5(1): the family is told of the decision.
    letter_issue(
        kind="request_assess", subject=locked, child=locked.child, acting_user=acting_user, on=on
    )
    assessment = NeedsAssessment(request=locked, child=locked.child, started_on=on)
    validate_new(assessment)
    assessment.save()
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="needs_assessment_started",
        summary="EHC needs assessment started: gathering advice",
        to_state=assessment.status,
        subject=assessment,
        visible_to_family=True,
    )
    return assessment


@transaction.atomic
def request_decline(
    *, assessment_request: AssessmentRequest, on: datetime.date, reasons: str, acting_user
) -> AssessmentRequest:
    """Reg 5(1), 5(3): decide not to assess. Meets the 6-week deadline, ends the 16- and
    20-week clocks, and starts the family's appeal period (CFA s51(2)(a); HESC Rules
    r20(1)(c))."""
    reasons = require_text(reasons, field="reasons", message="Enter the reasons for the decision")
    locked = lock_row(AssessmentRequest, assessment_request, "child")
    check_date(
        on,
        field="on",
        what="date of the decision",
        not_before=locked.received_on,
        before_what="the day the request was received",
    )
    from_state = run_transition(
        locked,
        "decline",
        user=acting_user,
        refused=f"This request has already been decided. {already(locked)}",
        on=on,
        reasons=reasons,
        by=acting_user,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="assessment_request_declined",
        summary="Decided not to carry out an EHC needs assessment",
        note=f"{reasons}\n\nThe family may appeal until {long_date(locked.appeal_due_on)}.",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    close_deadlines(
        locked, acting_user=acting_user, outcome="met", on=on, codes=["decide_whether_to_assess"]
    )
    close_deadlines(
        locked,
        acting_user=acting_user,
        outcome="cancelled",
        codes=["decide_not_to_issue", "final_plan"],
        reason="The council decided not to assess.",
    )
    deadline_open(
        child=locked.child,
        code="appeal_after_decision",
        start=on,
        subject=locked,
        acting_user=acting_user,
    )
    # Reg 5(3): the notice with the reasons and the family's rights (Reg 32).
    letter_issue(
        kind="request_declined", subject=locked, child=locked.child, acting_user=acting_user, on=on
    )
    return locked


@transaction.atomic
def request_withdraw(
    *, assessment_request: AssessmentRequest, on: datetime.date, reason: str, acting_user
) -> AssessmentRequest:
    """The request is taken back before the decision: every clock it started stops."""
    reason = require_text(reason, field="reason", message="Enter why the request was withdrawn")
    locked = lock_row(AssessmentRequest, assessment_request, "child")
    check_date(
        on,
        field="on",
        what="date it was withdrawn",
        not_before=locked.received_on,
        before_what="the day the request was received",
    )
    from_state = run_transition(
        locked,
        "withdraw",
        user=acting_user,
        refused=f"Only a request waiting for a decision can be withdrawn. {already(locked)}",
        on=on,
        reason=reason,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="assessment_request_withdrawn",
        summary="Request for an EHC needs assessment withdrawn",
        note=reason,
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
        visible_to_family=True,
    )
    close_deadlines(
        locked,
        acting_user=acting_user,
        outcome="cancelled",
        codes=REQUEST_CLOCKS,
        reason="The request was withdrawn.",
    )
    return locked
