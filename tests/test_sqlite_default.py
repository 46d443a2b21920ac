"""The embedded default (`make run`: SQLite, the README's first command) serves the staff
pages whose reads are compiled once (sen_portal.prepared). SQLite writes a date as text
and a UUID as 32 hex digits, so a compiled read must write the request's value the same
way; the case page once answered 500 there (ValueError) while every PostgreSQL test
passed. The rest of the suite runs on PostgreSQL, so this one runs a child process on a
fresh SQLite file with the local settings, as `make run` does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = """
import datetime

import django

django.setup()
from django.test import Client
from django.urls import reverse

from sen_portal.accounts.roles import Role
from sen_portal.casework.services.deadlines import deadline_open
from tests.factories import ChildFactory, TeamFactory, UserFactory

team = TeamFactory()
caseworker = UserFactory(role=Role.CASEWORKER, team=team)
manager = UserFactory(role=Role.MANAGER, team=team)
child = ChildFactory(team=team, caseworker=caseworker)
deadline_open(
    child=child, code="decide_whether_to_assess", start=datetime.date.today(),
    acting_user=caseworker,
)
other = ChildFactory(team=TeamFactory())

pages = [
    (caseworker, reverse("casework:child_list"), 200),
    (caseworker, reverse("casework:child_detail", args=[child.pk]), 200),
    (caseworker, reverse("casework:child_history", args=[child.pk]), 200),
    (caseworker, reverse("casework:child_detail", args=[other.pk]), 404),
    (manager, reverse("dashboards:timeliness"), 200),
]
for user, url, expected in pages:
    client = Client(raise_request_exception=True, HTTP_HOST="127.0.0.1")
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == expected, (url, response.status_code)
    if expected == 200 and "child" in url:
        assert child.la_reference in response.content.decode(), url
print("ok", len(pages))
"""


def test_the_staff_pages_answer_on_the_embedded_sqlite_default(tmp_path):
    env = {
        **os.environ,
        "SEN_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sen_portal.settings.local",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)

    def run(*args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own manage.py and script, fixed arguments
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    run("manage.py", "migrate", "--noinput", "-v", "0")
    assert run("-c", PAGES).split() == ["ok", "5"]
