"""The plans tests start from tests/journeys.py's journeys (an assessment that decided to
issue, a plan drafted, issued, in force), registered for the whole suite; its helpers are
named here too for the tests of this directory."""

import pytest

from tests.journeys import (  # noqa: F401 - helpers for this directory's tests
    FINAL_ON,
    TODAY,
    at,
    bring_to_final_ready,
    date_fields,
    days_ago,
    fill_draft_sections,
)


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
