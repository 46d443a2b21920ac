"""The ceasing tests start from tests/journeys.py: a plan in force (built through the real
plans services), a proposal to cease it, consulted and decided, on a worked calendar."""

import pytest

from tests.journeys import (  # noqa: F401 - the worked calendar and helpers for these tests
    APPEAL_DUE,
    CONSULTED_ON,
    DECIDED_ON,
    ENDS_ON,
    FINAL_ON,
    PROPOSED_ON,
    VIEWS_ON,
    at,
    consult_both,
    date_fields,
)


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
