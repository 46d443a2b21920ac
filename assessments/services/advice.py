"""Advice for an assessment (Reg 6) and its 6-week clock (Reg 8)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.events import AssessmentEvent
from assessments.models import AdviceRequest, NeedsAssessment
from assessments.services._common import ActionRefused, check_date, require_text, today
from assessments.year_groups import preparing_for_adulthood_applies
from sen_portal import timescales
from sen_portal.accounts.roles import Role
from sen_portal.casework import steps
from sen_portal.casework.models import Notification
from sen_portal.casework.services import (
    deadline_record_exception,
    delete_files_on_error,
    document_store,
    notification_create,
)
from sen_portal.casework.steps import Event, Step
from sen_portal.dates import long_date

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
    setting: str = "",
    acting_user,
) -> AdviceRequest:
    """Ask for advice (Reg 6). The advice is due 6 weeks from the request (Reg 8(1)),
    a clock of its own. Preparing-for-adulthood advice is asked for from year 9."""
    locked = steps.lock(assessment)
    steps.authorise(locked, acting_user)
    if not locked.can_ask_for_advice:
        raise ActionRefused(
            "Advice can only be asked for while the assessment is gathering advice. "
            + steps.state_words(locked)
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
        setting=setting.strip(),
    )
    steps.create(
        advice,
        user=acting_user,
        event=Event(
            AssessmentEvent.ADVICE_REQUESTED,
            f"Advice asked for: {advice.get_kind_display()} from {advice.addressee}",
            note=f"Due {long_date(advice.due_on)}.",
            family=True,
        ),
    )
    return advice


# The advice is due 6 weeks from the day it was asked for (Reg 8(1)).
steps.after(AdviceRequest, "created")(
    steps.opens_deadline("advice_due", start=lambda step: step.obj.requested_on)
)


# Reg 6: the request to the professional, with what is asked and the due date.
steps.after(AdviceRequest, "created")(
    steps.issues_letter(
        "advice_request",
        on=lambda step: step.obj.requested_on,
        when=lambda step: step.obj.kind != AdviceRequest.Kind.FAMILY_VIEWS,
    )
)


@steps.after(AdviceRequest, "created")
def _tell_the_advice_giver(step: Step) -> None:
    advice = step.obj
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
    locked = steps.lock(advice_request)
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
    # Staff entering advice that came by post or email say so: who entered it, for whom.
    on_behalf = ""
    if acting_user is not None and acting_user.pk != locked.advice_giver_id:
        whom = locked.advice_giver.full_name if locked.advice_giver else locked.addressee
        on_behalf = f"Entered by {acting_user.full_name or acting_user} on behalf of {whom}."
    with delete_files_on_error():
        steps.take(
            locked,
            "submit",
            user=acting_user,
            event=Event(
                AssessmentEvent.ADVICE_RECEIVED,
                f"Advice received: {locked.get_kind_display()} from {locked.addressee}",
                note=on_behalf,
                family=True,
            ),
            on=received_on,
            needs=needs,
            outcomes=outcomes,
            provision=provision,
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
    return locked


steps.after(AdviceRequest, "submit")(steps.meets_deadlines("advice_due"))


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
    if reason not in {r.code for r in timescales.exception_reasons_for("advice_due")}:
        raise ValidationError({"reason": "Select a reason the regulations allow"})
    return steps.take(
        advice_request,
        "claim_exception",
        user=acting_user,
        reason=reason,
        starts_on=starts_on,
        note=note,
    )


# The caseworker agrees: the exception goes on the 6-week deadline (it keeps its date and is
# reported "with exceptions"), and the assessment may go on without it.
advice_accept_exception = steps.service(AdviceRequest, "accept_exception", "advice_request")


@steps.after(AdviceRequest, "accept_exception")
def _exception_on_the_deadline(step: Step) -> None:
    advice = step.obj
    deadline = steps.live_deadline(advice, "advice_due")
    if deadline is not None:
        deadline_record_exception(
            deadline=deadline,
            reason=advice.exception_reason,
            starts_on=advice.exception_starts_on,
            note=advice.exception_note,
            acting_user=step.user,
        )


# The caseworker does not accept it: the advice is still due on its date.
advice_reject_exception = steps.service(AdviceRequest, "reject_exception", "advice_request")

# The advice is no longer needed (asked of the wrong person, assessment stopped).
advice_cancel = steps.service(AdviceRequest, "cancel", "advice_request")
steps.after(AdviceRequest, "cancel")(
    steps.cancels_deadlines("advice_due", reason=lambda step: step.kwargs["reason"])
)
