"""The attack-round tests start from tests/journeys.py: plans reached through the real
services, and the dashboards' case data."""

import pytest


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
