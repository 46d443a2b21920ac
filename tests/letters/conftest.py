"""Fixtures for the letters tests: every notice reached through the real services, with
on_commit callbacks run (Celery is eager in tests) so the worker's PDFs exist."""

from __future__ import annotations

import pytest

from tests.journeys import pdf_text  # noqa: F401 - for this directory's tests


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
