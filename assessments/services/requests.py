"""Requests for an EHC needs assessment: recording one, and the decision whether to assess."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from assessments.events import AssessmentEvent
from assessments.models import REASSESSMENT_REQUESTERS, AssessmentRequest, NeedsAssessment
from assessments.services._common import ActionRefused, check_date
from sen_portal import timescales
from sen_portal.casework import steps
from sen_portal.casework.models import Child
from sen_portal.casework.services import delete_files_on_error, document_store
from sen_portal.casework.steps import Event
from sen_portal.dates import long_date
from sen_portal.sen2_codes import validate_exported_to_la

# The clocks a request starts on the day it arrives (Regs 5(1), 10(1), 13(2)).
REQUEST_CLOCKS = ("decide_whether_to_assess", "decide_not_to_issue", "final_plan")
# A reassessment's (Reg 25(1)); the 14 weeks of Reg 27(2) start with the decision.
REASSESSMENT_CLOCKS = ("reassessment_decision",)
Kind = AssessmentRequest.Kind
REASSESSMENT_REQUESTER_ONLY = (
    "A reassessment can be asked for by the parent, the young person, their school or "
    "college, or health (CFA s44(2)): record anyone else's concern on the case, or ask "
    "for an early review"
)
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
    day the council received it.

    For a child or young person whose assessment decided to issue a plan (the plan is
    being made or is in force), a new request is a request for a *reassessment* (CFA
    s44(2)): it is recorded as one, with its own clock, the decision within 15 days
    (Reg 25(1))."""
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
    if blocking is not None and blocking != NeedsAssessment.Status.DECIDED_TO_ISSUE:
        raise ActionRefused("This child already has an EHC needs assessment in progress.")
    kind = Kind.REASSESSMENT if blocking is not None else Kind.ASSESSMENT
    if requester == AssessmentRequest.Requester.COUNCIL:
        raise ValidationError(
            {"requester": "The council's own decision to reassess is recorded on its own page"}
        )
    if kind == Kind.REASSESSMENT and requester not in REASSESSMENT_REQUESTERS:
        raise ValidationError({"requester": REASSESSMENT_REQUESTER_ONLY})
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
        kind=kind,
        requester=requester,
        requester_name=requester_name.strip(),
        received_on=received_on,
        reasons=reasons.strip(),
        consent_to_share=consent_to_share,
        share_with=share_with,
        rya=rya,
        recorded_by=acting_user,
    )
    steps.create(
        assessment_request,
        user=acting_user,
        event=Event(
            AssessmentEvent.REASSESSMENT_REQUESTED
            if kind == Kind.REASSESSMENT
            else AssessmentEvent.REQUEST_RECEIVED,
            f"Request for {assessment_request.what} received on {long_date(received_on)} "
            f"from {assessment_request.get_requester_display().lower()}",
            note=assessment_request.reasons,
            family=True,
        ),
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
    return assessment_request


def _is_reassessment(step: steps.Step) -> bool:
    return step.obj.is_reassessment


def _is_requested_reassessment(step: steps.Step) -> bool:
    """A reassessment someone asked for (CFA s44(2)), not one the council began (s44(3))."""
    return step.obj.is_reassessment and not step.obj.council_initiated


def _is_assessment(step: steps.Step) -> bool:
    return not step.obj.is_reassessment


@steps.after(AssessmentRequest, "created")
def _open_request_clocks(step: steps.Step) -> None:
    """The request's clocks start on the day it was received: an assessment's 6, 16 and
    20 weeks, a reassessment's 15 days (Reg 25(1))."""
    if step.obj.council_initiated:
        return  # CFA s44(3): the council's own decision; nothing to decide within 15 days
    codes = REASSESSMENT_CLOCKS if step.obj.is_reassessment else REQUEST_CLOCKS
    for code in codes:
        steps.opens_deadline(code, start=lambda s: s.obj.received_on)(step)


# Reg 4: the family is told the council is considering an assessment, and may give
# views and evidence; with the date of the decision (CoP 9.14).
steps.after(AssessmentRequest, "created")(
    steps.issues_letter("request_acknowledged", on=lambda step: None, when=_is_assessment)
)


def last_assessed_on(*, child: Child, before: AssessmentRequest | None = None):
    """The day the child's last EHC needs assessment (or reassessment) was decided, from
    which Reg 24's 6 months run; None if none was."""
    assessments = child.needs_assessments.filter(decided_on__isnull=False)
    if before is not None:
        assessments = assessments.exclude(request=before)
    return assessments.order_by("-decided_on").values_list("decided_on", flat=True).first()


@transaction.atomic
def request_decide_to_assess(
    *, assessment_request: AssessmentRequest, on: datetime.date, acting_user
) -> NeedsAssessment:
    """Reg 5(1): decide that an EHC needs assessment is necessary. Meets the 6-week
    deadline and starts the assessment; the 16- and 20-week clocks keep running."""
    locked = steps.take(assessment_request, "decide_to_assess", user=acting_user, on=on)
    again = locked.is_reassessment
    return steps.create(
        NeedsAssessment(request=locked, child=locked.child, started_on=on),
        user=acting_user,
        event=Event(
            AssessmentEvent.REASSESSMENT_STARTED,
            "Reassessment started: gathering advice",
            family=True,
        )
        if again
        else Event(
            AssessmentEvent.STARTED, "EHC needs assessment started: gathering advice", family=True
        ),
    )


steps.after(AssessmentRequest, "decide_to_assess", "decline")(
    steps.meets_deadlines("decide_whether_to_assess", "reassessment_decision")
)
# Reg 27(2): the amended or replacement plan within 14 weeks of the notice of the
# decision to reassess; the date is timescales.reassessment_dates, as the command's.
_open_reassessment_plan_clock = steps.opens_deadline("reassessment_final_plan")


@steps.after(AssessmentRequest, "decide_to_assess")
def _reassessment_plan_clock(step: steps.Step) -> None:
    if step.obj.is_reassessment:
        _open_reassessment_plan_clock(step)


# Reg 5(1): the family is told of the decision; Reg 25(1), of the decision to reassess.
steps.after(AssessmentRequest, "decide_to_assess")(
    steps.issues_letter("request_assess", when=_is_assessment)
)
steps.after(AssessmentRequest, "decide_to_assess")(
    steps.issues_letter("reassessment_agreed", when=_is_requested_reassessment)
)


@transaction.atomic
def request_decline(
    *,
    assessment_request: AssessmentRequest,
    on: datetime.date,
    reasons: str,
    acting_user,
    ground: str = "",
) -> AssessmentRequest:
    """Reg 5(1), 5(3): decide not to assess. Meets the 6-week deadline, ends the 16- and
    20-week clocks, and starts the family's appeal period (CFA s51(2)(a); HESC Rules
    r20(1)(c)). The notice with the family's rights is a follow-up.

    A reassessment (Regs 24-25): within 15 days, with the ``ground`` (a RefusalGround);
    "less than 6 months since the last assessment" only where it was (Reg 24). The
    family may appeal (CFA s51(2)(d))."""
    Ground = AssessmentRequest.RefusalGround
    if not assessment_request.is_reassessment:
        ground = ""
    elif ground not in Ground.values:
        raise ValidationError({"ground": "Select why the council will not reassess"})
    elif ground == Ground.WITHIN_SIX_MONTHS:
        last = last_assessed_on(child=assessment_request.child, before=assessment_request)
        if not timescales.reassessment_refusable_within_six_months(
            last, assessment_request.received_on
        ):
            raise ValidationError(
                {
                    "ground": "The last assessment was decided "
                    + (f"on {long_date(last)}" if last else "never")
                    + ": not within the 6 months before the request (Reg 24)"
                }
            )
    return steps.take(
        assessment_request, "decline", user=acting_user, on=on, reasons=reasons, ground=ground
    )


steps.after(AssessmentRequest, "decline")(
    steps.cancels_deadlines(
        "decide_not_to_issue", "final_plan", reason="The council decided not to assess."
    )
)
steps.after(AssessmentRequest, "decline")(steps.opens_deadline("appeal_after_decision"))


# Reg 5(3): the notice with the reasons and the family's rights (Reg 32); Reg 25, the
# same for a reassessment refused.
steps.after(AssessmentRequest, "decline")(
    steps.issues_letter("request_declined", when=_is_assessment)
)
steps.after(AssessmentRequest, "decline")(
    steps.issues_letter("reassessment_refused", when=_is_reassessment)
)


def record_exported(assessment_request: AssessmentRequest, exported_to_la: str) -> None:
    """SEN2 Exported: the council the case went to (sen2_codes.validate_exported_to_la
    refuses this council's own code). Saved with the withdrawal, in its transaction."""
    exported_to_la = (exported_to_la or "").strip()
    try:
        validate_exported_to_la(exported_to_la)
    except ValidationError as error:
        raise ValidationError({"exported_to_la": error.messages}) from error
    if exported_to_la:
        assessment_request.exported_to_la = exported_to_la
        AssessmentRequest.objects.filter(pk=assessment_request.pk).update(
            exported_to_la=exported_to_la
        )


_withdraw = steps.service(AssessmentRequest, "withdraw", "assessment_request")


@transaction.atomic
def request_withdraw(
    *, assessment_request: AssessmentRequest, exported_to_la: str = "", **arguments
) -> AssessmentRequest:
    """The request is taken back before the decision: every clock it started stops. If
    the child or young person moved to another council's area, ``exported_to_la`` is its
    3-digit code (SEN2 Requests item Exported)."""
    record_exported(assessment_request, exported_to_la)
    return _withdraw(assessment_request=assessment_request, **arguments)


steps.after(AssessmentRequest, "withdraw")(
    steps.cancels_deadlines(
        *REQUEST_CLOCKS, *REASSESSMENT_CLOCKS, reason="The request was withdrawn."
    )
)
