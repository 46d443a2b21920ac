"""The reviews tests start from tests/journeys.py: the plan in force on Monday 7 January
2030 (reached through the real plans services), and quick issued plans for lists and
cohorts (rows written directly, with the annual review clock their issue opens)."""

import pytest

from tests.journeys import at, date_fields, quick_plan  # noqa: F401 - helpers for these tests


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
