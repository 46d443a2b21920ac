"""Fixtures for the letters tests: every notice reached through the real services, with
on_commit callbacks run (Celery is eager in tests) so the worker's PDFs exist."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_text(letter) -> str:
    """The letter's words as a reader gets them: read back from the stored PDF."""
    with letter.document.file.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
