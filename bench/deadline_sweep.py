#!/usr/bin/env python
"""Benchmark: one deadline sweep over a million deadlines.

    .venv/bin/python bench/deadline_sweep.py [--rows 1000000] [--keep]

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/sen_portal_bench), which it drops, creates and
migrates, so it never touches the development or test databases. Not part of the test
suite.

The data, generated in the database with generate_series (seeded, so every run is the
same), is a council's deadline table some years in:
  * 75% history: due over the last three years; met (85%), cancelled (8%), missed (5%),
    missed then met late (2%);
  * 1% open and overdue by up to a week: the backlog a sweep finds after a week-long
    outage of the worker, which it must catch up on (breach, chronology, notifications);
  * 1% open with an exception recorded;
  * 23% open, due over the next year: the ones in the next 10 working days get reminders,
    the ones due today an escalation.
100,000 children in 20 teams of 10 caseworkers and 2 managers; 1 case in 20 unassigned.

It times the first sweep (all of the above to do) and a second one straight after (the
steady state: nothing new), and prints rows, seconds and the process's peak RSS. The
sweep's memory does not grow with the rows: run it with --rows 100000 to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sen_portal_bench"
)
# Whatever DATABASE_URL says, this script works on the bench database only.
os.environ["DATABASE_URL"] = BENCH_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "sen_portal.settings.test"

CHILDREN = 100_000
TEAMS = 20
CASEWORKERS_PER_TEAM = 10
MANAGERS_PER_TEAM = 2

# How often each kind of clock occurs: advice is asked of several people per request.
CODE_WEIGHTS = {
    "advice_due": 5,
    "decide_whether_to_assess": 2,
    "decide_not_to_issue": 1,
    "final_plan": 2,
    "draft_representations": 1,
    "annual_review": 4,
    "review_papers": 1,
    "review_report": 1,
    "review_decision": 1,
    "amended_plan": 1,
    "mediation_certificate": 1,
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1024 / 1024


def recreate_database() -> None:
    import psycopg2

    url = urlparse(BENCH_URL)
    name = url.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must contain 'bench'")
    admin = psycopg2.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def generate(rows: int, children: int = CHILDREN) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from sen_portal.accounts.models import Team, User
    from sen_portal.accounts.roles import Role
    from sen_portal.casework.models import Child

    now = timezone.now()
    with transaction.atomic():
        teams = Team.objects.bulk_create(
            Team(name=f"Bench team {t}", email=f"bench.team{t}@example.org") for t in range(TEAMS)
        )
        users = []
        for team in teams:
            for n in range(CASEWORKERS_PER_TEAM):
                users.append((team, Role.CASEWORKER, n))
            for n in range(MANAGERS_PER_TEAM):
                users.append((team, Role.MANAGER, n))
        accounts = []
        for team, role, n in users:
            account = User(
                email=f"bench.{role}.{team.pk}.{n}@example.org",
                full_name=f"Bench {role} {team.pk}-{n}",
                role=role,
                team=team,
            )
            account.set_unusable_password()  # nobody signs in as these
            accounts.append(account)
        created = User.objects.bulk_create(accounts)
        caseworkers = [u.pk for u in created if u.role == Role.CASEWORKER]
        team_ids = [t.pk for t in teams]
        child_table = Child._meta.db_table
        codes = [code for code, weight in CODE_WEIGHTS.items() for _ in range(weight)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")
            # Children: ids derived from their number so deadlines can find them without a
            # join. A caseworker from the child's own team; 1 in 20 unassigned.
            cursor.execute(
                f"""
                INSERT INTO {child_table} (
                    id, created_at, updated_at, first_name, last_name, preferred_name,
                    date_of_birth, la_reference, upn, uln, nhs_number, address_line_1,
                    address_line_2, town, postcode, team_id, caseworker_id, sex,
                    ethnicity, upn_unknown_reason
                )
                SELECT md5('bench-child-' || n)::uuid, %(now)s, %(now)s, 'Bench',
                       'Child ' || n, '', DATE '2014-01-01' + (n %% 4000), 'BENCH-' || n,
                       '', '', '', '', '', '', '',
                       (%(teams)s::bigint[])[1 + n %% {TEAMS}],
                       CASE WHEN n %% 20 = 0 THEN NULL
                            ELSE (%(caseworkers)s::bigint[])[
                                1 + (n %% {TEAMS}) * {CASEWORKERS_PER_TEAM}
                                  + (n / {TEAMS}) %% {CASEWORKERS_PER_TEAM}] END,
                       -- Every column the model declares NOT NULL is named here: SEN2 person
                       -- items left unrecorded ('' is "not recorded"), no UPN reason.
                       '', '', ''
                FROM generate_series(1, {children}) AS n
                """,  # noqa: S608 - only our own table name and constants are formatted in
                {"now": now, "teams": team_ids, "caseworkers": caseworkers},
            )
            cursor.execute(
                """
                INSERT INTO casework_deadline (
                    created_at, updated_at, child_id, subject_type_id, subject_id, code,
                    started_on, due_on, status, met_on, breached_at, exception_reason,
                    exception_starts_on, exception_ends_on, exception_note,
                    exception_recorded_at, exception_recorded_by_id
                )
                SELECT %(now)s, %(now)s, md5('bench-child-' || (1 + g.i %% %(children)s))::uuid,
                       %(ct)s, 'bench-' || g.i, g.code, g.due - 42, g.due, g.status,
                       CASE WHEN g.status = 'met' AND g.late THEN g.due + 5
                            WHEN g.status = 'met' THEN g.due - (g.s * 20)::int END,
                       CASE WHEN g.status = 'breached' OR g.late
                            THEN (g.due + 1)::timestamptz END,
                       CASE WHEN g.status = 'excepted' THEN 'absent_from_area' ELSE '' END,
                       CASE WHEN g.status = 'excepted' THEN g.due - 60 END,
                       NULL,
                       CASE WHEN g.status = 'excepted' THEN 'Bench evidence' ELSE '' END,
                       CASE WHEN g.status = 'excepted' THEN %(now)s END,
                       NULL
                FROM (
                    SELECT i,
                           CASE WHEN b >= 0.76 AND b < 0.77 THEN 'final_plan'
                                ELSE (%(codes)s::text[])[1 + i %% %(ncodes)s] END AS code,
                           CASE WHEN b < 0.75 THEN %(today)s::date - 1 - (r * 1095)::int
                                WHEN b < 0.76 THEN %(today)s::date - 1 - (r * 6.99)::int
                                WHEN b < 0.77 THEN %(today)s::date - 30 + (r * 180)::int
                                ELSE %(today)s::date + (r * 365)::int END AS due,
                           CASE WHEN b < 0.75 THEN
                                    CASE WHEN s < 0.85 THEN 'met'
                                         WHEN s < 0.93 THEN 'cancelled'
                                         WHEN s < 0.98 THEN 'breached'
                                         ELSE 'met' END
                                WHEN b < 0.76 THEN 'open'
                                WHEN b < 0.77 THEN 'excepted'
                                ELSE 'open' END AS status,
                           (b < 0.75 AND s >= 0.98) AS late,
                           s
                    FROM (
                        SELECT i, random() AS b, random() AS r, random() AS s
                        FROM generate_series(1, %(rows)s) AS i
                    ) AS raw
                ) AS g
                """,
                {
                    "now": now,
                    "children": children,
                    "ct": ContentType.objects.get_for_model(Child).pk,
                    "codes": codes,
                    "ncodes": len(codes),
                    "today": timezone.localdate(),
                    "rows": rows,
                },
            )
    with connection.cursor() as cursor:
        # What autovacuum would have done on a live database: give the planner statistics.
        cursor.execute("VACUUM ANALYZE")


def describe() -> str:
    from django.db.models import Count

    from sen_portal.casework.models import Deadline

    counts = dict(Deadline.objects.values_list("status").annotate(n=Count("id")))
    return ", ".join(f"{status} {counts.get(status, 0):,}" for status in Deadline.Status.values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--children", type=int, default=CHILDREN, help="cases the deadlines belong to"
    )
    parser.add_argument(
        "--keep", action="store_true", help="Reuse the database as it is (no regenerate)"
    )
    args = parser.parse_args()

    if not args.keep:
        recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse
    from django.utils import timezone

    from sen_portal.casework.models import Deadline, Notification
    from sen_portal.casework.sweep import sweep_deadlines

    if not args.keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, skip_checks=True)
        generate(args.rows, args.children)
        print(f"Generated {args.rows:,} deadlines in {time.perf_counter() - started:.1f} s")
    connection.close()

    # A worker process loads the URL configuration (and every view module behind it) once,
    # on its first reverse(); do that before the clock starts so the figure is the sweep.
    started = time.perf_counter()
    reverse("home")
    print(f"URL configuration loaded in {time.perf_counter() - started:.2f} s (once per process)")
    print(f"Database: {urlparse(BENCH_URL).path.lstrip('/')}, today {timezone.localdate()}")
    print(f"Deadlines: {Deadline.objects.count():,} ({describe()})")
    rss_before = current_rss_mb()
    print(f"RSS before the sweep: {rss_before:.0f} MB (peak so far {peak_rss_mb():.0f} MB)")

    for label in ("First sweep (a week's backlog)", "Second sweep (steady state)"):
        started = time.perf_counter()
        result = sweep_deadlines()
        seconds = time.perf_counter() - started
        print(
            f"{label}: {seconds:.2f} s. Reminders {result.reminders:,}, escalations "
            f"{result.escalations:,}, breaches {result.breaches:,} "
            f"({result.breach_notifications:,} notifications). "
            f"RSS now {current_rss_mb():.0f} MB, peak {peak_rss_mb():.0f} MB"
        )
    print(f"Notifications in the outbox: {Notification.objects.count():,}")


if __name__ == "__main__":
    main()
