"""Fault tests start from tests/journeys.py's plans (reached through the real services)."""

import pytest

from tests.faults.private_redis import broker  # noqa: F401 (fixture)


@pytest.fixture(autouse=True)
def _own_media(media_root):
    """Every test here writes its files to a folder of its own (tests/journeys.py)."""
    return media_root
