"""What every assessments service shares; the workflow helpers every app uses come from
sen_portal.casework.workflow."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from sen_portal.casework.deadlines import (
    deadlines_close_for_subject,
)
from sen_portal.casework.models import Deadline
from sen_portal.casework.workflow import (  # noqa: F401 - the services import them from here
    ActionRefused,
    check_date,
    lock_row,
    require_text,
    run_transition,
    today,
    validate_new,
)


def close_deadlines(subject, *, acting_user, outcome, codes, on=None, reason="") -> None:
    deadlines_close_for_subject(
        subject=subject,
        acting_user=acting_user,
        outcome=outcome,
        on=on,
        codes=codes,
        reason=reason,
    )


def live_deadline(subject: models.Model, code: str) -> Deadline | None:
    return (
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            code=code,
            status__in=Deadline.LIVE,
        )
        .order_by("-id")
        .first()
    )


def already(obj) -> str:
    return f"Nothing was changed: this is already {obj.get_status_display().lower()}."
