"""Fault tests reuse the plans tests' fixtures (plans reached through the real services)."""

from tests.faults.private_redis import broker  # noqa: F401 (fixture)
from tests.plans.conftest import (  # noqa: F401 (fixtures)
    assessment,
    decide_to_issue,
    institutions,
    media_root,
    plan,
    psychologist,
    ready_plan,
)
