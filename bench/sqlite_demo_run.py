#!/usr/bin/env python
"""The embedded default under load: `make run`'s SQLite file and filesystem broker, the
demo seed timed on a fresh database, then a Celery worker making the queued PDFs and
letters while every demo role walks its pages. Reports the seed's time, any answer of
500, and any document that was never made.

    .venv/bin/python bench/sqlite_demo_run.py [--seconds 90]

Not part of the test suite (it starts a real worker and takes minutes). Each run uses a
new folder for the database, broker and uploads, so it never touches var/.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=90, help="how long the roles walk")
    options = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="sen-sqlite-"))
    env = {
        **os.environ,
        "SEN_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "sen_portal.settings.local",
        "PYTHONPATH": str(ROOT),
    }
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    os.environ.clear()
    os.environ.update(env)
    python = sys.executable
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    seed_seconds = time.perf_counter() - started
    print(f"seed_demo on a fresh SQLite database: {seed_seconds:.1f} s")

    worker_log = (var / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter
        [python, "-m", "celery", "-A", "sen_portal", "worker", "--pool", "solo", "-l", "INFO"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    try:
        return walk(options.seconds, var)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def walk(seconds: int, var: Path) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from plans.models import PlanVersion, PlanVersionPdfFailure
    from sen_portal.accounts.models import User
    from sen_portal.casework.models import Child

    roles = [
        "caseworker@example.org",
        "manager@example.org",
        "advisor@example.org",
        "parent@example.org",
        "admin@example.org",
    ]
    clients = {}
    for email in roles:
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        clients[email] = client
    children = list(Child.objects.values_list("pk", flat=True))
    versions = list(PlanVersion.objects.values_list("plan_id", "number"))
    pages = ["/", "/cases/", "/dashboards/", "/family/", "/advice/", "/cases/notifications/"]
    pages += [f"/cases/{pk}/" for pk in children]
    pages += [f"/plans/{plan}/versions/{number}/" for plan, number in versions]

    answers: dict[int, int] = {}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    requests = 0
    while time.monotonic() < deadline:
        for email, client in clients.items():
            for url in pages:
                response = client.get(url)
                requests += 1
                answers[response.status_code] = answers.get(response.status_code, 0) + 1
                if response.status_code >= 500:
                    errors.append(f"{response.status_code} {email} {url}")
                if time.monotonic() >= deadline:
                    break
    print(f"{requests} requests while the worker ran: {dict(sorted(answers.items()))}")
    for line in errors[:20]:
        print("  ", line)

    # Give the worker time to finish what is queued, then count what was never made.
    waited = time.monotonic()
    while time.monotonic() - waited < 300:
        missing = PlanVersion.objects.filter(pdf__isnull=True).count()
        if missing == 0:
            break
        time.sleep(5)
    missing = PlanVersion.objects.filter(pdf__isnull=True).count()
    failed = PlanVersionPdfFailure.objects.count()
    total = PlanVersion.objects.count()
    print(f"plan PDFs: {total - missing} of {total} made, {failed} failed")
    locked = (var / "worker.log").read_text().count("database is locked")
    print(f"'database is locked' in the worker's log: {locked} (each one retried)")
    return 1 if errors or missing else 0


if __name__ == "__main__":
    sys.exit(main())
