"""Fixtures for the attack-round tests: plans reached through the real services (the
plans tests' own fixtures)."""

from tests.dashboards.conftest import make_case, make_deadline, school  # noqa: F401 (fixtures)
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    assessment,
    decide_to_issue,
    draft_issued,
    draft_version,
    institutions,
    media_root,
    plan,
    psychologist,
    ready_plan,
)
