"""The same plan in force, proposal to cease and calendar as the ceasing tests."""

from tests.ceasing.conftest import (  # noqa: F401 - fixtures
    assessment,
    consulted,
    decide_to_issue,
    decided,
    institutions,
    media_root,
    plan,
    plan_in_force,
    proposal,
    psychologist,
)
