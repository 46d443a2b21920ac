"""The benchmarks in bench/ run end to end at a small size, so that a schema change (a new
NOT NULL column their raw SQL does not name, a renamed table) breaks a test here rather
than the next person's benchmark run. Each runs as its own process, exactly as a person
runs it, against its own throwaway database named after the test database."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bench_database_url(request):
    """A database name of its own per test (and per xdist worker), dropped afterwards."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        pytest.skip("the benches run on PostgreSQL")
    name = f"{db['NAME']}_{request.node.name[5:30]}_bench"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    yield url
    admin = psycopg2.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def run_bench(script: str, *args: str, url: str, **env: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        env={**os.environ, "BENCH_DATABASE_URL": url, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_deadline_sweep_bench_runs_at_a_thousand_rows(bench_database_url):
    out = run_bench(
        "deadline_sweep.py", "--rows", "1000", "--children", "200", url=bench_database_url
    )
    assert "Generated 1,000 deadlines" in out
    assert "First sweep (a week's backlog)" in out
    assert "Second sweep (steady state)" in out


def test_the_dashboard_bench_seeds_every_kind_of_deadline_in_every_team(bench_database_url):
    # A hundredth of the council: 250 children, 2,500 deadlines.
    out = run_bench("dashboard.py", "--seed-only", url=bench_database_url, BENCH_SCALE="0.01")
    assert "deadlines 2,500" in out
    assert "every team has at least 11 of the 11 kinds" in out
    # Plans behind every SEN2 module (named plan, placements, needs, reviews...).
    counts = out.split("Plans ", 1)[1].splitlines()[0]
    assert all(not part.endswith(" 0") for part in counts.split(", ")), counts
