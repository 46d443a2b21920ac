#!/usr/bin/env python
"""Benchmark: the staff pages in-process, as ratios to a bare Django page timed alongside.

    .venv/bin/python bench/pages.py --seed             # make the data (bench/dashboard.py's)
    .venv/bin/python bench/pages.py [--runs 200]       # time the pages and the anchor
    .venv/bin/python bench/pages.py --profile case     # cProfile of one page, by cumtime

On a machine shared with other work, wrk's requests per second swing with the load; two
timings taken back to back in one process swing together, so their ratio holds. This
times N requests of each page with Django's test client under production settings
(`sen_portal.settings.production`: DEBUG off, cached template loader, the whole
middleware stack, two-step verification on and verified in the session, the access log
of who read which child), on `bench/dashboard.py`'s data (25,000 children, 250,000
deadlines, 10 teams), as the perf kit's users: the busiest caseworker of the team with the
most final-plan deadlines (their caseload and their case with most deadlines) and that
team's manager (the dashboard). The anchor is the perf kit's (`../shared/perf-kit/anchor`,
or BENCH_ANCHOR): a bare Django page listing 50 of 25,000 rows with select_related through
a small template, timed the same way in a child process.

Prints, per page: median ms per request, queries, and the ratio anchor ms / page ms
(the perf kit's requests-per-second ratio: 1.0 = as fast as the anchor), as the median
of --rounds rounds that each time the anchor and then every page, back to back.
Databases: BENCH_DATABASE_URL (default .../sen_pages_bench) and BENCH_ANCHOR_DATABASE_URL
(default .../sen_pages_anchor_bench); --seed drops and makes both.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PG = "postgres://postgres@127.0.0.1:5432"
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", f"{PG}/sen_pages_bench")
ANCHOR_URL = os.environ.get("BENCH_ANCHOR_DATABASE_URL", f"{PG}/sen_pages_anchor_bench")
# ../shared/perf-kit beside the checkout (or beside the folder of a git worktree).
ANCHOR_DIR = Path(
    os.environ.get("BENCH_ANCHOR")
    or next(
        (
            path
            for path in (p / "shared" / "perf-kit" / "anchor" for p in ROOT.parents[:2])
            if path.exists()
        ),
        ROOT.parent / "shared" / "perf-kit" / "anchor",
    )
)
STATIC_ROOT = Path(tempfile.gettempdir()) / "sen_pages_bench_static"

# Production settings, with what production needs from its environment for a loopback
# run (the perf kit's settings do the same).
os.environ["DATABASE_URL"] = BENCH_URL
os.environ["BENCH_DATABASE_URL"] = BENCH_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "sen_portal.settings.production"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-pages-not-a-secret-" + "x" * 40)
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")

# The anchor, in its own process (its own settings): each line read on stdin (a number
# of requests) is answered with their median time in ms.
ANCHOR_TIMER = """
import statistics, sys, time
import django
django.setup()
from django.test import Client
client = Client()
for _ in range(20):
    assert client.get("/cases/").status_code == 200
for line in sys.stdin:
    timings = []
    for _ in range(int(line)):
        started = time.perf_counter()
        client.get("/cases/")
        timings.append((time.perf_counter() - started) * 1000)
    print(statistics.median(timings), flush=True)
"""


def seed() -> None:
    import importlib.util

    path = ROOT / "bench" / "dashboard.py"
    spec = importlib.util.spec_from_file_location("bench_dashboard", path)
    dashboard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dashboard)  # sets the test settings: put production back
    os.environ["DJANGO_SETTINGS_MODULE"] = "sen_portal.settings.production"
    dashboard.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, skip_checks=True)
    dashboard.generate()
    print(f"app data in {time.perf_counter() - started:.0f} s")
    if ANCHOR_DIR.exists():
        env = {**os.environ, "ANCHOR_DATABASE_URL": ANCHOR_URL, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DJANGO_SETTINGS_MODULE")
        dashboard.BENCH_URL = ANCHOR_URL
        dashboard.recreate_database()
        for command in (["migrate", "-v0"], ["seed_anchor"]):
            subprocess.run(  # noqa: S603 - our own interpreter and the kit's manage.py
                [sys.executable, "manage.py", *command], cwd=ANCHOR_DIR, env=env, check=True
            )


def start_anchor():
    if not ANCHOR_DIR.exists():
        return None
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ANCHOR_DIR),
        "DJANGO_SETTINGS_MODULE": "anchorsite.settings",
        "ANCHOR_DATABASE_URL": ANCHOR_URL,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", ANCHOR_TIMER],
        cwd=ANCHOR_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def anchor_ms(anchor, runs: int) -> float:
    anchor.stdin.write(f"{runs}\n")
    anchor.stdin.flush()
    return float(anchor.stdout.readline())


def collectstatic() -> None:
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def signed_in_clients():
    """The perf kit's users (lib/seed_app.py), signed in with a verified second factor."""
    from django.db.models import Count
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sen_portal.accounts.models import User
    from sen_portal.accounts.roles import Role
    from sen_portal.casework.models import Child, Deadline

    team_id = (
        Deadline.objects.filter(code="final_plan")
        .values("child__team_id")
        .annotate(n=Count("id"))
        .order_by("-n", "child__team_id")
        .first()["child__team_id"]
    )
    caseworker = (
        User.objects.filter(role=Role.CASEWORKER, team_id=team_id)
        .annotate(n=Count("assigned_children"))
        .order_by("-n", "pk")
        .first()
    )
    manager = User.objects.filter(role=Role.MANAGER, team_id=team_id).order_by("pk").first()
    child = (
        Child.objects.filter(caseworker=caseworker, needs_assessments__isnull=False)
        .annotate(n=Count("deadlines", distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    clients = {}
    for label, user in (("caseworker", caseworker), ("manager", manager)):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        client = Client(headers={"x-forwarded-proto": "https"})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        # The production cookie name (__Host-sessionid) is what the test client set.
        clients[label] = client
    pages = {
        "caseload": (clients["caseworker"], "/cases/"),
        "case": (clients["caseworker"], f"/cases/{child.pk}/"),
        "dashboard": (clients["manager"], "/dashboards/"),
    }
    return pages


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):  # warm: URL configuration, templates, content types
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured)


def time_page(client, path: str, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", action="store_true", help="Make both databases, then stop")
    parser.add_argument("--runs", type=int, default=200, help="Requests per page")
    parser.add_argument("--rounds", type=int, default=10, help="Anchor/page rounds")
    parser.add_argument("--profile", choices=["caseload", "case", "dashboard"])
    parser.add_argument("--queries", action="store_true", help="Print each page's SQL")
    args = parser.parse_args()
    if args.seed:
        seed()
        return
    import django
    from django.conf import settings

    settings.STATIC_ROOT = str(STATIC_ROOT)
    django.setup()
    collectstatic()
    pages = signed_in_clients()

    if args.profile:
        client, path = pages[args.profile]
        count_queries(client, path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.runs):
            client.get(path)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(os.environ.get("BENCH_SORT", "cumtime"))  # or tottime
        stats.print_stats(int(os.environ.get("BENCH_TOP", "45")))
        print(out.getvalue())
        return
    if args.queries:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from sen_portal.prepared import statement

        for name, (client, path) in pages.items():
            client.get(path)
            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            print(f"== {name} {path}: {len(captured)} queries")
            for query in captured:
                sql = re.sub(r"^SELECT .*? FROM", "SELECT ... FROM", statement(query["sql"]))
                print(f"  {float(query['time']) * 1000:6.1f} ms  {sql[:400]}")
        return

    queries = {name: count_queries(client, path) for name, (client, path) in pages.items()}
    anchor = start_anchor()
    # Rounds of (anchor, each page), so that the load on a shared machine falls on both
    # sides of each ratio alike; the ratio printed is the median of the rounds' ratios.
    batch = max(args.runs // args.rounds, 1)
    times = {name: [] for name in ["anchor", *pages]}
    ratios = {name: [] for name in pages}
    for _ in range(args.rounds):
        if anchor is not None:
            times["anchor"].append(anchor_ms(anchor, batch))
        for name, (client, path) in pages.items():
            times[name].append(time_page(client, path, batch))
            if anchor is not None:
                ratios[name].append(times["anchor"][-1] / times[name][-1])
    if anchor is not None:
        anchor.stdin.close()
        anchor.wait()
    load = os.getloadavg()[0]
    print(
        f"{args.rounds} rounds of {batch} requests per page, in-process, production settings;"
        f" load average {load:.1f}"
    )
    if times["anchor"]:
        print(f"  {'anchor':10} {statistics.median(times['anchor']):7.2f} ms")
    for name in pages:
        ratio = f"  {statistics.median(ratios[name]):5.2f}x anchor" if ratios[name] else ""
        ms = statistics.median(times[name])
        print(f"  {name:10} {ms:7.2f} ms  {queries[name]:3d} queries{ratio}")


if __name__ == "__main__":
    main()
