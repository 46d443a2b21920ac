"""The same plan in force, proposal to cease and calendar as the ceasing tests
(tests/journeys.py)."""

import pytest


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
