"""Opening and closing statutory deadlines. Workflows call these inside the transaction of
their own transition, so a state that starts a clock and the clock itself commit together.

Each function locks the deadline row (select_for_update) before changing it, so a
caseworker's action and the sweep breaching the same row cannot both win, and writes one
chronology event in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from sen_portal import timescales
from sen_portal.casework.models import Child, Deadline
from sen_portal.casework.services.case import chronology_record
from sen_portal.dates import long_date

Status = Deadline.Status


class DeadlineTransitionNotAllowed(Exception):
    """The deadline is not in a state that allows this change (e.g. already met)."""


def _lock(deadline: Deadline) -> Deadline:
    # A fresh, locked copy: the caller's instance may be stale (the sweep may have
    # breached it since it was read).
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _require(deadline: Deadline, to: str, action: str) -> None:
    if not deadline.can_become(to):
        raise DeadlineTransitionNotAllowed(
            f"Cannot {action} a deadline that is {deadline.get_status_display().lower()}"
        )


@transaction.atomic
def deadline_open(
    *,
    child: Child,
    code: str,
    start: datetime.date,
    subject: models.Model | None = None,
    acting_user=None,
    due_on: datetime.date | None = None,
) -> Deadline:
    """Start the statutory clock ``code`` on ``start``; the due date comes from
    sen_portal/timescales.py, or is ``due_on`` where the parties agreed another date in
    writing (a mediation agreement, Reg 42(5)). One open deadline per step: opening it
    twice is refused (ValidationError), by the database as well as here."""
    if code not in timescales.TIMESCALES:
        raise ValidationError({"code": f"Unknown timescale {code!r}"})
    if due_on is not None and due_on < start:
        raise ValidationError({"due_on": "The agreed date must be on or after the clock starts"})
    deadline = Deadline(
        child=child,
        code=code,
        started_on=start,
        due_on=due_on or timescales.due_date(code, start),
    )
    if subject is not None:
        deadline.subject_type = ContentType.objects.get_for_model(subject)
        deadline.subject_id = str(subject.pk)
    deadline.full_clean()
    deadline.save()
    timescale = deadline.timescale
    chronology_record(
        child=child,
        actor=acting_user,
        kind="deadline_opened",
        summary=f"Statutory deadline set: {timescale.title}, due {long_date(deadline.due_on)}",
        note=(
            f"{timescale.period} from {timescale.clock_starts.lower()} on "
            f"{long_date(start)} ({timescale.regulation})."
        ),
        to_state=Status.OPEN,
        subject=deadline,
    )
    return deadline


def _meet(deadline: Deadline, *, on: datetime.date, acting_user) -> Deadline:
    if on > timezone.localdate():
        raise ValidationError({"met_on": "A step cannot be done on a date in the future"})
    locked = _lock(deadline)
    _require(locked, Status.MET, "meet")
    from_state = locked.status
    locked.status = Status.MET
    locked.met_on = on
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["status", "met_on", "updated_at"])
    summary = f"Statutory deadline met: {locked.title}"
    if locked.met_late:
        days = locked.days_late
        summary += f" ({days} day{'s' if days != 1 else ''} late)"
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="deadline_met_late" if locked.met_late else "deadline_met",
        summary=summary,
        note=f"Due {long_date(locked.due_on)}, done {long_date(on)}.",
        from_state=from_state,
        to_state=Status.MET,
        subject=locked,
    )
    return locked


def _cancel(deadline: Deadline, *, acting_user, reason: str) -> Deadline:
    locked = _lock(deadline)
    _require(locked, Status.CANCELLED, "cancel")
    from_state = locked.status
    locked.status = Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="deadline_cancelled",
        summary=f"Statutory deadline no longer applies: {locked.title}",
        note=reason,
        from_state=from_state,
        to_state=Status.CANCELLED,
        subject=locked,
    )
    return locked


@transaction.atomic
def deadline_meet(*, deadline: Deadline, on: datetime.date, acting_user) -> Deadline:
    """The step was done on ``on``. After the due day it is still "met", and reported as
    met late (``Deadline.met_late``); a breach already recorded stays on the record."""
    return _meet(deadline, on=on, acting_user=acting_user)


@transaction.atomic
def deadline_cancel(*, deadline: Deadline, acting_user, reason: str = "") -> Deadline:
    """The step no longer has to happen (a request withdrawn, a family moved away)."""
    return _cancel(deadline, acting_user=acting_user, reason=reason)


@transaction.atomic
def deadline_record_exception(
    *,
    deadline: Deadline,
    reason: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    note: str,
    acting_user,
) -> Deadline:
    """Record why the time limit does not apply (Reg 5(4), 8(2), 10(4), 13(3), 27(3) or
    44(3)). The deadline keeps its date: an exception is reported alongside it ("with
    exceptions"), it never moves it. A live deadline stops being chased (status excepted;
    the sweep leaves it alone); a step already met late keeps "met" and gains the reason.
    Recording again replaces the earlier exception; the chronology keeps both."""
    locked = _lock(deadline)
    allowed = {r.code: r for r in locked.exception_reasons}
    if not allowed:
        raise ValidationError({"exception_reason": f"{locked.title} has no statutory exceptions"})
    if reason not in allowed:
        raise ValidationError(
            {"exception_reason": "Select a reason the regulations allow for this deadline"}
        )
    if not locked.can_record_exception:
        raise DeadlineTransitionNotAllowed(
            f"Cannot record an exception on a deadline that is "
            f"{locked.get_status_display().lower()}"
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(
            {"exception_ends_on": "The end date must be the same as or after the start date"}
        )
    if not note.strip():
        raise ValidationError({"exception_note": "Enter the evidence for the exception"})
    from_state = locked.status
    if locked.is_live:
        locked.status = Status.EXCEPTED
    locked.exception_reason = reason
    locked.exception_starts_on = starts_on
    locked.exception_ends_on = ends_on
    locked.exception_note = note.strip()
    locked.exception_recorded_at = timezone.now()
    locked.exception_recorded_by = acting_user
    locked.full_clean(validate_constraints=False)
    locked.save()
    period = long_date(starts_on) + (f" to {long_date(ends_on)}" if ends_on else " onwards")
    chronology_record(
        child=locked.child,
        actor=acting_user,
        kind="deadline_exception_recorded",
        summary=f"Exception recorded: {locked.title}",
        note=f"{allowed[reason].label} ({allowed[reason].regulation}), {period}.\n{note.strip()}",
        from_state=from_state,
        to_state=locked.status,
        subject=locked,
    )
    return locked


@transaction.atomic
def deadlines_close_for_subject(
    *,
    subject: models.Model,
    acting_user,
    outcome: Literal["met", "cancelled"] = "met",
    on: datetime.date | None = None,
    codes: Iterable[str] | None = None,
    reason: str = "",
) -> list[Deadline]:
    """Close every live deadline of one workflow object (optionally only ``codes``) as
    met on ``on`` (default today) or cancelled: what a workflow calls when it leaves the
    state that started those clocks."""
    if outcome not in ("met", "cancelled"):
        raise ValueError(f"outcome must be 'met' or 'cancelled', not {outcome!r}")
    live = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        status__in=Deadline.LIVE,
    ).order_by("id")
    if codes is not None:
        live = live.filter(code__in=list(codes))
    closed = []
    for deadline in live:
        if outcome == "met":
            closed.append(_meet(deadline, on=on or timezone.localdate(), acting_user=acting_user))
        else:
            closed.append(_cancel(deadline, acting_user=acting_user, reason=reason))
    return closed
