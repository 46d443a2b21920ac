"""Advice for an assessment (Reg 6) and its 6-week clock (Reg 8)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import AdviceRequest, NeedsAssessment
from assessments.rules import runs_the_case
from assessments.services._common import (
    ActionRefused,
    already,
    check_date,
    close_deadlines,
    live_deadline,
    lock_row,
    require_text,
    run_transition,
    today,
    validate_new,
)
from assessments.year_groups import preparing_for_adulthood_applies
from sen_portal import timescales
from sen_portal.accounts.roles import Role
from sen_portal.casework.deadlines import (
    deadline_open,
    deadline_record_exception,
    long_date,
)
from sen_portal.casework.documents import delete_files_on_error, document_store
from sen_portal.casework.letters import letter_issue
from sen_portal.casework.models import Notification
from sen_portal.casework.notifications import notification_create
from sen_portal.casework.services import chronology_record

# --- Advice ------------------------------------------------------------------------------


@transaction.atomic
def advice_request_create(
    *,
    assessment: NeedsAssessment,
    kind: str,
    advice_giver=None,
    addressee: str = "",
    questions: str,
    requested_on: datetime.date,
    acting_user,
) -> AdviceRequest:
    """Ask for advice (Reg 6). The advice is due 6 weeks from the request (Reg 8(1)),
    a clock of its own. Preparing-for-adulthood advice is asked for from year 9."""
    locked = lock_row(NeedsAssessment, assessment, "child")
    if not runs_the_case(locked, acting_user):
        raise PermissionDenied
    if not locked.can_ask_for_advice:
        raise ActionRefused(
            f"Advice can only be asked for while the assessment is gathering advice. "
            f"{already(locked)}"
        )
    check_date(
        requested_on,
        field="requested_on",
        what="date the advice was asked for",
        not_before=locked.started_on,
        before_what="the day the assessment started",
    )
    if kind == AdviceRequest.Kind.PREPARING_FOR_ADULTHOOD and not (
        preparing_for_adulthood_applies(locked.child.date_of_birth, requested_on)
    ):
        raise ValidationError(
            {"kind": "Preparing for adulthood advice is asked for from year 9 onwards"}
        )
    if advice_giver is not None:
        if advice_giver.role != Role.ADVICE_GIVER or not advice_giver.is_active:
            raise ValidationError({"advice_giver": "Select an advice giver from the list"})
        if kind == AdviceRequest.Kind.FAMILY_VIEWS:
            raise ValidationError(
                {"advice_giver": "The family's views are recorded by the caseworker"}
            )
        if locked.advice_requests.filter(
            kind=kind, advice_giver=advice_giver, status__in=AdviceRequest.OUTSTANDING
        ).exists():
            raise ValidationError(
                {"advice_giver": "This advice giver has already been asked for this advice"}
            )
        addressee = addressee.strip() or ", ".join(
            part for part in (advice_giver.full_name, advice_giver.job_title) if part
        )
    addressee = require_text(
        addressee, field="addressee", message="Enter who the advice is asked of"
    )
    advice = AdviceRequest(
        assessment=locked,
        kind=kind,
        advice_giver=advice_giver,
        addressee=addressee,
        questions=require_text(
            questions, field="questions", message="Enter what you are asking for advice on"
        ),
        requested_on=requested_on,
        due_on=timescales.due_date("advice_due", requested_on),
    )
    validate_new(advice)
    advice.save()
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="advice_requested",
        summary=f"Advice asked for: {advice.get_kind_display()} from {advice.addressee}",
        note=f"Due {long_date(advice.due_on)}.",
        to_state=advice.status,
        subject=advice,
        visible_to_family=True,
    )
    deadline_open(
        child=locked.child,
        code="advice_due",
        start=requested_on,
        subject=advice,
        acting_user=acting_user,
    )
    if advice.advice_giver is not None:
        # The email says only that advice is asked for and by when: no child's details.
        notification_create(
            recipient=advice.advice_giver,
            kind=Notification.Kind.ADVICE_REQUESTED,
            dedupe_key=f"advice_requested:{advice.pk}",
            subject="You have been asked for advice",
            body=(
                "A caseworker has asked for your advice for an EHC needs assessment. "
                f"It is due by {long_date(advice.due_on)}. Sign in to see the request."
            ),
            link_path=reverse("advice:advice_detail", args=[advice.pk]),
        )
    if advice.kind != AdviceRequest.Kind.FAMILY_VIEWS:
        # Reg 6: the request to the professional, with what is asked and the due date.
        letter_issue(
            kind="advice_request",
            subject=advice,
            child=locked.child,
            acting_user=acting_user,
            on=requested_on,
        )
    return advice


def _lock_advice(advice_request: AdviceRequest) -> AdviceRequest:
    return lock_row(AdviceRequest, advice_request, "assessment__child", "advice_giver")


@transaction.atomic
def advice_submit(
    *,
    advice_request: AdviceRequest,
    needs: str,
    outcomes: str,
    provision: str,
    received_on: datetime.date | None = None,
    upload: UploadedFile | None = None,
    acting_user,
) -> AdviceRequest:
    """The advice arrives: from the advice giver's own page (received today) or recorded
    by the caseworker (on the day it reached the council). Meets the 6-week deadline.
    Advice is given once: a second submission is refused, and nothing is stored."""
    locked = _lock_advice(advice_request)
    if locked.status == AdviceRequest.Status.RECEIVED:
        raise ActionRefused(
            f"This advice was already sent on {long_date(locked.received_on)}. "
            "It cannot be sent twice: contact the caseworker to add to it."
        )
    received_on = received_on or today()
    check_date(
        received_on,
        field="received_on",
        what="date the advice was received",
        not_before=locked.requested_on,
        before_what="the day it was asked for",
    )
    needs = require_text(needs, field="needs", message="Enter the child's needs")
    outcomes = require_text(outcomes, field="outcomes", message="Enter the outcomes")
    provision = require_text(
        provision, field="provision", message="Enter the provision you recommend"
    )
    with delete_files_on_error():
        from_state = run_transition(
            locked,
            "submit",
            user=acting_user,
            refused=f"This advice cannot be sent now. {already(locked)}",
            on=received_on,
            needs=needs,
            outcomes=outcomes,
            provision=provision,
            by=acting_user,
            at=timezone.now(),
        )
        if upload is not None:
            locked.document = document_store(
                child=locked.child,
                upload=upload,
                title=f"{locked.get_kind_display()} from {locked.addressee}",
                acting_user=acting_user,
            )
            locked.save(update_fields=["document", "updated_at"])
        chronology_record(
            child=locked.child,
            actor=acting_user,
            kind="advice_received",
            summary=f"Advice received: {locked.get_kind_display()} from {locked.addressee}",
            from_state=from_state,
            to_state=locked.status,
            subject=locked,
            visible_to_family=True,
        )
        close_deadlines(
            locked, acting_user=acting_user, outcome="met", on=received_on, codes=["advice_due"]
        )
    return locked


@transaction.atomic
def advice_claim_exception(
    *,
    advice_request: AdviceRequest,
    reason: str,
    starts_on: datetime.date,
    note: str,
    acting_user,
) -> AdviceRequest:
    """The advice giver tells the caseworker a Reg 8(2) exception applies. The deadline is
    unchanged until the caseworker accepts it."""
    allowed = {r.code: r for r in timescales.exception_reasons_for("advice_due")}
    if reason not in allowed:
        raise ValidationError({"reason": "Select a reason the regulations allow"})
    note = require_text(note, field="note", message="Enter what has happened")
    locked = _lock_advice(advice_request)
    check_date(
        starts_on,
        field="starts_on",
        what="date it started",
        not_before=locked.requested_on,
        before_what="the day the advice was asked for",
    )
    from_state = run_transition(
        locked,
        "claim_exception",
        user=acting_user,
        refused=f"An exception can only be reported on advice still due. {already(locked)}",
        reason=reason,
        starts_on=starts_on,
        note=note,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="advice_exception_claimed",
        summary=f"Advice giver reported an exception: {locked.get_kind_display()}",
        note=f"{allowed[reason].label} ({allowed[reason].regulation}) from "
        f"{long_date(starts_on)}.\n{note}",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
    )
    return locked


@transaction.atomic
def advice_accept_exception(*, advice_request: AdviceRequest, acting_user) -> AdviceRequest:
    """The caseworker agrees: the exception goes on the 6-week deadline (it keeps its
    date and is reported "with exceptions"), and the assessment may go on without it."""
    locked = _lock_advice(advice_request)
    from_state = run_transition(
        locked,
        "accept_exception",
        user=acting_user,
        refused=f"There is no exception waiting for a decision. {already(locked)}",
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="advice_exception_accepted",
        summary=f"Exception accepted: {locked.get_kind_display()} from {locked.addressee}",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
    )
    deadline = live_deadline(locked, "advice_due")
    if deadline is not None:
        deadline_record_exception(
            deadline=deadline,
            reason=locked.exception_reason,
            starts_on=locked.exception_starts_on,
            note=locked.exception_note,
            acting_user=acting_user,
        )
    return locked


@transaction.atomic
def advice_reject_exception(
    *, advice_request: AdviceRequest, note: str, acting_user
) -> AdviceRequest:
    """The caseworker does not accept it: the advice is still due on its date."""
    note = require_text(note, field="note", message="Enter why the exception does not apply")
    locked = _lock_advice(advice_request)
    from_state = run_transition(
        locked,
        "reject_exception",
        user=acting_user,
        refused=f"There is no exception waiting for a decision. {already(locked)}",
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="advice_exception_rejected",
        summary=f"Exception not accepted: {locked.get_kind_display()} from {locked.addressee}",
        note=note,
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
    )
    return locked


@transaction.atomic
def advice_cancel(*, advice_request: AdviceRequest, reason: str, acting_user) -> AdviceRequest:
    """The advice is no longer needed (asked of the wrong person, assessment stopped)."""
    reason = require_text(reason, field="reason", message="Enter why the advice is not needed")
    locked = _lock_advice(advice_request)
    from_state = run_transition(
        locked,
        "cancel",
        user=acting_user,
        refused=f"This advice request cannot be cancelled. {already(locked)}",
        reason=reason,
    )
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="advice_cancelled",
        summary=f"Advice no longer needed: {locked.get_kind_display()} from {locked.addressee}",
        note=reason,
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
    )
    close_deadlines(
        locked, acting_user=acting_user, outcome="cancelled", codes=["advice_due"], reason=reason
    )
    return locked
