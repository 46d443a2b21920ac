"""Packaging and background work: the installed package holds every app, the image
installs dependencies without a second copy of the code, and every task that does work
retries what is transient and nothing else."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from sen_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent
# The tasks that do work (a PDF, a letter, an email), as against beat's idempotent sweeps.
WORK_TASKS = (
    "plans.tasks.plan_version_render_pdf",
    "sen_portal.casework.tasks.letter_render",
    "sen_portal.casework.tasks.deliver_notifications",
)


def test_the_package_list_includes_every_app_of_this_project():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    ours = {name.split(".")[0] for name in settings.INSTALLED_APPS}
    ours = {top for top in ours if (ROOT / top / "__init__.py").exists()}
    assert {"reviews", "ceasing", "disagreements"} <= ours
    for top in ours:
        assert any(fnmatch(top, pattern) for pattern in include), top


def test_the_image_installs_dependencies_without_a_second_copy_of_the_code():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir ." not in dockerfile
    assert "pip install --no-cache-dir -r" in dockerfile
    assert dockerfile.count("COPY . .") == 1


@pytest.mark.parametrize("name", WORK_TASKS)
def test_every_work_task_retries_what_is_transient_and_never_a_bug(name):
    app.loader.import_default_modules()
    task = app.tasks[name]
    retried = tuple(task.autoretry_for)
    for transient in (BrokerOperationalError, DatabaseOperationalError, OSError):
        assert issubclass(transient, retried), transient
    # A bug (any other exception) fails at once, for a person to look at.
    assert not issubclass(ValueError, retried)
    assert not issubclass(KeyError, retried)
    assert task.max_retries <= 6
