"""What every assessments service shares; the workflow helpers every app uses come from
sen_portal.casework.workflow and sen_portal.casework.steps."""

from __future__ import annotations

from sen_portal.casework.steps import live_deadline  # noqa: F401 - re-exported
from sen_portal.casework.workflow import (  # noqa: F401 - the services import them from here
    ActionRefused,
    check_date,
    require_text,
    today,
)
