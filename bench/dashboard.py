#!/usr/bin/env python
"""Benchmark: the manager dashboards and a full SEN2 export on a large council.

    .venv/bin/python bench/dashboard.py [--keep | --seed-only]
    BENCH_SCALE=10 .venv/bin/python bench/dashboard.py        # a national-scale council
    BENCH_DEADLINES=2500000 .venv/bin/python bench/dashboard.py  # 10 times the history
    BENCH_PLANS=0 .venv/bin/python bench/dashboard.py --sen2-only  # no plans seeded

Uses its own PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/sen_dash_bench), which it drops, creates and
migrates, so it never touches the development or test databases. Not part of the test
suite.

The data, generated in the database with generate_series (deterministic), is:
  * 25,000 children in 10 teams of 8 caseworkers and a manager (1 in 20 unassigned);
  * 60,000 requests for assessment: 3,000 waiting for a decision, the rest assessing;
  * 25,000 needs assessments (a quarter gathering advice, a quarter with advice
    complete, half decided to issue) and 75,000 requests for advice (3 each);
  * 250,000 deadlines over the last two years, every kind in every team in the
    proportions of CODE_WEIGHTS (advice most, then decisions, reviews, final plans):
    of the past ones 85% met on time, 11% met late, 4% cancelled, and 3% of those due
    in the last four months still missed; the rest open; 5% of the 20-week clocks
    with an exception recorded;
  * the SEN2 person items: 1 child in 50 without sex or ethnicity; the children with no
    UPN give the reason (UN2);
  * an EHC plan for every assessment decided to issue (generate_plans, in the proportions
    of PLANS below), so the SEN2 export writes every module: NamedPlan with PlanDetail,
    ActivePlans with PlacementDetail and SENneed, and the reviews, budgets and phase
    transfers behind their items.

It prints the server time of each dashboard page (median of 5, as a manager of one team,
as an administrator of all and as an administrator choosing one team with the team
selector) and of a full SEN2 export, as XML and as the CSV of each module, with peak
memory. Aim: every page under 300 ms, the export under 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sen_dash_bench"
)
# Whatever DATABASE_URL says, this script works on the bench database only.
os.environ["DATABASE_URL"] = BENCH_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "sen_portal.settings.test"

# Scale: BENCH_SCALE multiplies the council (children, requests, assessments, advice,
# deadlines); BENCH_DEADLINES sets the deadlines alone (a longer history for the same
# cases). Read from the environment so that tools importing generate() (the perf kit's
# seeding) get the same knobs.
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
CHILDREN = int(25_000 * SCALE)
REQUESTS = int(60_000 * SCALE)
WAITING = int(3_000 * SCALE)  # requests still waiting for a decision (one per child at most)
ASSESSMENTS = int(25_000 * SCALE)
DEADLINES = int(os.environ.get("BENCH_DEADLINES") or 250_000 * SCALE)
# Ten deadlines per case over two years; more per case is a longer history.
HISTORY_DAYS = max(730, 730 * DEADLINES // (10 * CHILDREN))
TEAMS = 10
CASEWORKERS_PER_TEAM = 8
# BENCH_PLANS=0 seeds no plans (no NamedPlan, PlanDetail, ActivePlans, PlacementDetail
# or SENneed in the return): the export as it was measured before plans were seeded.
PLANS = os.environ.get("BENCH_PLANS", "1") != "0"

# The kinds of deadline, how often each occurs relative to the others (advice is asked of
# three or four people per assessment; reviews come round every year for every plan) and
# its length in days (sen_portal/timescales.py).
CODE_WEIGHTS = {
    "decide_whether_to_assess": (3, 42),
    "advice_due": (6, 42),
    "decide_not_to_issue": (1, 112),
    "final_plan": (2, 140),
    "draft_representations": (2, 15),
    "annual_review": (3, 365),
    "review_papers": (1, 14),
    "review_report": (2, 14),
    "review_decision": (2, 28),
    "amended_plan": (1, 56),
    "mediation_held": (1, 30),
}


# The plans (generate_plans), one for each assessment decided to issue: the draft 10 days
# after the decision, the final plan 40 days after it (so 135 days from the request,
# inside 20 weeks) once that day has come. Proportions, each drawn from a hash of the
# plan, as shares of the plans:
#   * primary need (SENtype rank 1) in roughly the national shares of January 2025 (DfE,
#     "Education, health and care plans": ASD 31.5%, SLCN 21.3%, SEMH 20.7%, then MLD,
#     SPLD, SLD, PD...), weights out of 200 in PRIMARY_NEEDS; 3 in 5 have a secondary
#     need of another type;
#   * 1 in 40 educated with no school (a SEN setting code: EHE, OLA, EYP, NEET), 1 in 15
#     with an additional placement (rank 2); 1 in 30 in an SEN unit, 1 in 30 in a
#     resourced provision, 1 in 50 residential, 1 in 100 in work-based learning;
#   * 1 in 12 with a personal budget (half direct payments), the rest none asked for;
#   * 1 in 40 transferred in from another council, 1 in 25 ceased (reasons 1-9 in turn);
#   * every plan a year old by today with a decided annual review (maintain 16 in 20,
#     amend 3, cease 1); 1 in 12 of those issued before February 2025 with a phase
#     transfer whose next school was named by 15 February 2025.
PRIMARY_NEEDS = {
    "ASD": 64, "SLCN": 43, "SEMH": 41, "MLD": 14, "SPLD": 8, "SLD": 8, "PD": 6, "OTH": 4,
    "HI": 3, "DS": 3, "PMLD": 3, "VI": 2, "MSI": 1,
}  # fmt: skip
NEED_AREA = {
    "ASD": "communication_interaction", "SLCN": "communication_interaction",
    "SEMH": "semh", "MLD": "cognition_learning", "SPLD": "cognition_learning",
    "SLD": "cognition_learning", "PMLD": "cognition_learning", "DS": "cognition_learning",
    "OTH": "cognition_learning", "PD": "sensory_physical", "HI": "sensory_physical",
    "VI": "sensory_physical", "MSI": "sensory_physical",
}  # fmt: skip
INSTITUTIONS = 400
INSTITUTION_KINDS = ["mainstream", "academy", "mainstream", "academy", "resourced", "special",
                     "special_academy", "independent_special", "early_years", "fe_college",
                     "sixth_form", "post16_specialist"]  # fmt: skip


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


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


def generate() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from sen_portal.accounts.models import Team, User
    from sen_portal.accounts.roles import Role
    from sen_portal.casework.models import Child

    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        teams = Team.objects.bulk_create(
            Team(name=f"Bench team {t}", email=f"bench.team{t}@example.org") for t in range(TEAMS)
        )
        accounts = []
        for team in teams:
            for n in range(CASEWORKERS_PER_TEAM + 1):
                role = Role.MANAGER if n == CASEWORKERS_PER_TEAM else Role.CASEWORKER
                account = User(
                    email=f"bench.{role}.{team.pk}.{n}@example.org",
                    full_name=f"Bench {role} {team.pk}-{n}",
                    role=role,
                    team=team,
                )
                account.set_unusable_password()  # nobody signs in as these
                accounts.append(account)
        accounts.append(
            User(email="bench.admin@example.org", full_name="Bench admin", role=Role.ADMIN)
        )
        created = User.objects.bulk_create(accounts)
        caseworkers = [u.pk for u in created if u.role == Role.CASEWORKER]
        params = {
            "now": now,
            "today": today,
            "teams": [t.pk for t in teams],
            "caseworkers": caseworkers,
            "recorder": caseworkers[0],
            "ct": ContentType.objects.get_for_model(Child).pk,
        }
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO casework_child (
                    id, created_at, updated_at, first_name, last_name, preferred_name,
                    date_of_birth, la_reference, upn, uln, nhs_number, address_line_1,
                    address_line_2, town, postcode, team_id, caseworker_id, sex,
                    ethnicity, upn_unknown_reason
                )
                SELECT md5('bench-child-' || n)::uuid, %(now)s, %(now)s, 'Bench',
                       'Child ' || n, '', DATE '2010-01-01' + (n %% 4000), 'BENCH-' || n,
                       CASE WHEN n %% 10 = 0 THEN '' ELSE 'A' || lpad(n::text, 12, '0') END,
                       '', '', '', '', '', 'ZZ9 9ZZ',
                       (%(teams)s::bigint[])[1 + n %% {TEAMS}],
                       CASE WHEN n %% 20 = 0 THEN NULL
                            ELSE (%(caseworkers)s::bigint[])[
                                1 + (n %% {TEAMS}) * {CASEWORKERS_PER_TEAM}
                                  + (n / {TEAMS}) %% {CASEWORKERS_PER_TEAM}] END,
                       -- SEN2 person items: 1 in 50 without sex or ethnicity, and half
                       -- of those with no UPN give the reason.
                       CASE WHEN n %% 50 = 7 THEN '' WHEN n %% 2 = 0 THEN 'F' ELSE 'M' END,
                       CASE WHEN n %% 50 = 9 THEN ''
                            ELSE (ARRAY['WBRI','WOTH','AIND','APKN','BAFR','MWBC','CHNE',
                                        'NOBT'])[1 + n %% 8] END,
                       CASE WHEN n %% 20 = 0 THEN 'UN2' ELSE '' END
                FROM generate_series(1, {CHILDREN}) AS n
                """,  # noqa: S608 - only constants are formatted in
                params,
            )
            # Request i belongs to child 1 + (i - 1) mod CHILDREN; the first WAITING are
            # still waiting (children 1..WAITING: one each), the rest are being assessed.
            cursor.execute(
                f"""
                INSERT INTO assessments_assessmentrequest (
                    id, created_at, updated_at, child_id, requester, requester_name,
                    received_on, reasons, consent_to_share, share_with, recorded_by_id,
                    status, decided_on, decision_reasons, withdrawal_reason, rya, exported_to_la,
                    kind, refusal_ground
                )
                SELECT md5('bench-request-' || i)::uuid, %(now)s, %(now)s,
                       md5('bench-child-' || (1 + (i - 1) %% {CHILDREN}))::uuid,
                       'parent', 'A bench parent', r.received, 'Bench reasons', false,
                       '[]'::jsonb, %(recorder)s,
                       CASE WHEN i <= {WAITING} THEN 'received' ELSE 'assessing' END,
                       CASE WHEN i <= {WAITING} THEN NULL ELSE r.received + 35 END, '', '',
                       false, '', 'assessment', ''
                FROM generate_series(1, {REQUESTS}) AS i,
                LATERAL (SELECT CASE WHEN i <= {WAITING} THEN %(today)s::date - i %% 40
                                     ELSE %(today)s::date - 60 - ((i::bigint * 7919) %% 1000)::int
                                END AS received) AS r
                """,  # noqa: S608
                params,
            )
            # Assessments for requests WAITING+1 .. WAITING+ASSESSMENTS: distinct children.
            cursor.execute(
                f"""
                INSERT INTO assessments_needsassessment (
                    id, created_at, updated_at, request_id, child_id, started_on, status,
                    advice_completed_on, decided_on, decision_reasons, withdrawal_reason
                )
                SELECT md5('bench-assessment-' || i)::uuid, %(now)s, %(now)s,
                       r.id, r.child_id, r.decided_on,
                       CASE i %% 4 WHEN 0 THEN 'gathering_advice' WHEN 1 THEN 'advice_complete'
                            ELSE 'decided_to_issue' END,
                       CASE WHEN i %% 4 = 0 THEN NULL ELSE r.decided_on + 45 END,
                       CASE WHEN i %% 4 > 1 THEN r.decided_on + 60 END, '', ''
                FROM generate_series({WAITING} + 1, {WAITING} + {ASSESSMENTS}) AS i
                JOIN assessments_assessmentrequest AS r
                  ON r.id = md5('bench-request-' || i)::uuid
                """,  # noqa: S608
                params,
            )
            cursor.execute(
                """
                INSERT INTO assessments_advicerequest (
                    id, created_at, updated_at, assessment_id, kind, addressee, questions,
                    requested_on, due_on, status, received_on, needs, outcomes, provision,
                    exception_reason, exception_note, cancelled_reason, setting
                )
                SELECT md5('bench-advice-' || a.id || '-' || k)::uuid, %(now)s, %(now)s,
                       a.id, (ARRAY['health', 'education', 'educational_psychology',
                                    'social_care'])[1 + (k + abs(hashtext(a.id::text))) %% 4],
                       'A bench service', 'Bench questions', a.started_on + 3,
                       a.started_on + 45,
                       CASE WHEN a.status = 'gathering_advice' THEN 'requested'
                            ELSE 'received' END,
                       CASE WHEN a.status = 'gathering_advice' THEN NULL
                            ELSE a.started_on + 3 + abs(hashtext(a.id::text || k)) %% 60 END,
                       CASE WHEN a.status = 'gathering_advice' THEN '' ELSE 'Needs' END,
                       CASE WHEN a.status = 'gathering_advice' THEN '' ELSE 'Outcomes' END,
                       CASE WHEN a.status = 'gathering_advice' THEN '' ELSE 'Provision' END,
                       '', '', '', ''
                FROM assessments_needsassessment AS a, generate_series(1, 3) AS k
                """,
                params,
            )
            if PLANS:
                generate_plans(cursor, params)
            # Deadlines: each row's case and kind are drawn independently (hashes of its
            # number), so every team has every kind in the proportions of CODE_WEIGHTS.
            # Their clocks start over HISTORY_DAYS; with more deadlines per case the
            # history is longer, not busier, so the open ones stay a few per case.
            cursor.execute(
                f"""
                INSERT INTO casework_deadline (
                    created_at, updated_at, child_id, subject_type_id, subject_id, code,
                    started_on, due_on, status, met_on, breached_at, exception_reason,
                    exception_starts_on, exception_ends_on, exception_note,
                    exception_recorded_at, exception_recorded_by_id
                )
                SELECT %(now)s, %(now)s,
                       md5('bench-child-' || (1 + abs(hashtext('case-' || i)) %% {CHILDREN}))::uuid,
                       %(ct)s, 'bench-' || i, g.code, g.started, g.due,
                       CASE WHEN g.due >= %(today)s THEN 'open'
                            WHEN g.missed THEN 'breached'
                            WHEN g.s < 0.96 THEN 'met'
                            ELSE 'cancelled' END,
                       CASE WHEN g.due >= %(today)s OR g.missed OR g.s >= 0.96 THEN NULL
                            -- 85 in 100 on time (up to 20 days early), the rest late by up to
                            -- 6 weeks (never after today).
                            WHEN g.s < 0.85 THEN g.due - (g.s * 23)::int
                            ELSE LEAST(g.due + 1 + ((g.s - 0.85) * 400)::int, %(today)s) END,
                       CASE WHEN g.due < %(today)s AND g.missed THEN %(now)s END,
                       CASE WHEN g.exception THEN 'exceptional_personal_circumstances'
                            ELSE '' END,
                       CASE WHEN g.exception THEN g.started + 10 END, NULL,
                       CASE WHEN g.exception THEN 'Bench evidence' ELSE '' END,
                       CASE WHEN g.exception THEN %(now)s END, NULL
                FROM (
                    SELECT i, c.code, c.started, c.started + c.days AS due, c.s,
                           (c.code = 'final_plan' AND i %% 20 = 0) AS exception,
                           -- Still missed (live, red on the caseload): 3 in 100 of those due in
                           -- the last four months; older misses have since been done late.
                           (c.started + c.days < %(today)s
                            AND c.started + c.days >= %(today)s - 120 AND c.s >= 0.97) AS missed
                    FROM generate_series(1, {DEADLINES}) AS i,
                    LATERAL (
                        SELECT k.code, k.days,
                               %(today)s::date
                                 - (abs(hashtext('start-' || i)) %% {HISTORY_DAYS}) AS started,
                               (abs(hashtext('outcome-' || i)) %% 1000) / 1000.0 AS s
                        FROM (SELECT (%(codes)s::text[])[1 + abs(hashtext('kind-' || i))
                                                              %% %(ncodes)s] AS code) AS w
                        JOIN (SELECT unnest(%(code_list)s::text[]) AS code,
                                     unnest(%(code_days)s::int[]) AS days) AS k USING (code)
                    ) AS c
                ) AS g
                """,  # noqa: S608 - only constants are formatted in
                {
                    **params,
                    "codes": [
                        code for code, (weight, _) in CODE_WEIGHTS.items() for _ in range(weight)
                    ],
                    "ncodes": sum(weight for weight, _ in CODE_WEIGHTS.values()),
                    "code_list": list(CODE_WEIGHTS),
                    "code_days": [days for _, days in CODE_WEIGHTS.values()],
                },
            )
    with connection.cursor() as cursor:
        # What autovacuum would have done on a live database: give the planner statistics.
        cursor.execute("VACUUM ANALYZE")


def generate_plans(cursor, params: dict) -> None:
    """Schools and colleges, then a plan per assessment decided to issue, with its needs,
    placements, budget lines, reviews and phase transfers (see PLANS above)."""
    cursor.execute(
        f"""
        INSERT INTO plans_institution (created_at, updated_at, urn, name, kind, town, ukprn,
                                       all_through, sixth_form)
        SELECT %(now)s, %(now)s, (100000 + n)::text, 'Bench school ' || n,
               (%(kinds)s::text[])[1 + n %% {len(INSTITUTION_KINDS)}], 'Bench town',
               CASE WHEN (%(kinds)s::text[])[1 + n %% {len(INSTITUTION_KINDS)}]
                         IN ('fe_college', 'sixth_form', 'post16_specialist')
                    THEN (10000000 + n)::text ELSE '' END,
               false, n %% 7 = 0
        FROM generate_series(1, {INSTITUTIONS}) AS n
        """,  # noqa: S608 - only constants are formatted in
        {**params, "kinds": INSTITUTION_KINDS},
    )
    primary = [code for code, weight in PRIMARY_NEEDS.items() for _ in range(weight)]
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE bench_plan ON COMMIT DROP AS
        SELECT md5('bench-plan-' || a.id)::uuid AS id, a.id AS assessment_id, a.child_id,
               a.decided_on, a.decided_on + 10 AS draft_on, a.decided_on + 40 AS final_on,
               abs(hashtext('plan-' || a.id)) AS h,
               (SELECT id FROM plans_institution
                WHERE urn = (100001 + abs(hashtext('school-' || a.id)) %% {INSTITUTIONS})::text)
                 AS school
        FROM assessments_needsassessment AS a
        WHERE a.status = 'decided_to_issue' AND a.decided_on + 10 <= %(today)s
        """,  # noqa: S608
        params,
    )
    cursor.execute(
        """
        INSERT INTO plans_plan (
            id, created_at, updated_at, sent_by, family_confirmed_note, status, a_views,
            a_interests, a_aspirations, c_health_needs, d_social_care_needs, placement_note,
            residential, work_based_learning, placement_sen_unit,
            placement_resourced_provision, transferred_from_la, j_requested,
            j_arrangements, year_group_offset, completed_sections, draft_issued_on,
            representations_due_on, preference_note, representations, final_issued_on,
            in_force_from, withdrawal_reason, ceased_on, cease_reason, assessment_id,
            child_id, started_by_id, placement_id
        )
        SELECT p.id, %(now)s, %(now)s, '', '',
               CASE WHEN NOT p.issued THEN 'draft_issued'
                    WHEN p.ceased THEN 'ceased' ELSE 'in_force' END,
               '', '', '', '', '', '',
               CASE WHEN p.h %% 50 = 3 THEN 'A' ELSE '' END,
               CASE WHEN p.h %% 100 = 5 THEN 'S' ELSE '' END,
               p.h %% 30 = 0, p.h %% 30 = 15,
               CASE WHEN p.h %% 40 = 7 THEN '873' ELSE '' END,
               p.h %% 12 = 0, '', 0, '[]'::jsonb, p.draft_on, p.draft_on + 14, '', '',
               CASE WHEN p.issued THEN p.final_on END,
               CASE WHEN p.issued THEN p.final_on END, '',
               CASE WHEN p.ceased THEN p.final_on + 250 END,
               CASE WHEN p.ceased THEN (1 + p.h / 25 %% 9)::text ELSE '' END,
               p.assessment_id, p.child_id, %(recorder)s,
               CASE WHEN p.issued THEN p.school END
        FROM (SELECT b.*, b.final_on <= %(today)s AS issued,
                     b.h %% 25 = 11 AND b.final_on + 250 <= %(today)s AS ceased
              FROM bench_plan AS b) AS p
        """,
        params,
    )
    issued = (
        "FROM bench_plan AS p JOIN plans_plan AS pl ON pl.id = p.id"
        " WHERE pl.final_issued_on IS NOT NULL"
    )
    cursor.execute(
        f"""
        INSERT INTO plans_need (created_at, updated_at, area, description, sen_type,
                                sen_type_rank, plan_id)
        SELECT %(now)s, %(now)s, (%(areas)s::jsonb) ->> n.t, 'Bench need', n.t, n.rank, n.id
        FROM (
            SELECT p.id, (%(primary)s::text[])[1 + p.h %% {len(primary)}] AS first,
                   (%(secondary)s::text[])[1 + p.h / 7 %% {len(PRIMARY_NEEDS)}] AS second,
                   p.h %% 5 < 3 AS two
            FROM bench_plan AS p
        ) AS b,
        LATERAL (VALUES (1, b.first), (2, b.second)) AS v(rank, t),
        LATERAL (SELECT b.id, v.rank, v.t) AS n
        WHERE v.rank = 1 OR (b.two AND b.second <> b.first)
        """,  # noqa: S608
        {
            **params,
            "primary": primary,
            "secondary": list(PRIMARY_NEEDS),
            "areas": json.dumps(NEED_AREA),
        },
    )
    cursor.execute(
        f"""
        INSERT INTO plans_placementrecord (
            created_at, updated_at, sen_setting, sen_setting_other, rank, entry_date,
            leaving_date, sen_unit, resourced_provision, residential, work_based_learning,
            institution_id, plan_id
        )
        SELECT %(now)s, %(now)s,
               CASE WHEN p.h %% 40 = 1
                    THEN (ARRAY['EHE', 'OLA', 'EYP', 'NEET'])[1 + p.h / 40 %% 4]
                    ELSE '' END,
               '', 1, pl.final_issued_on, NULL::date,
               pl.placement_sen_unit AND p.h %% 40 <> 1,
               pl.placement_resourced_provision AND p.h %% 40 <> 1,
               pl.residential, pl.work_based_learning,
               CASE WHEN p.h %% 40 = 1 THEN NULL ELSE pl.placement_id END, p.id
        {issued}
        UNION ALL
        SELECT %(now)s, %(now)s, '', '', 2, pl.final_issued_on + 30, NULL::date, false, false, '',
               '', (SELECT id FROM plans_institution WHERE urn = (100001 + (p.h / 3)
                    %% {INSTITUTIONS})::text), p.id
        {issued} AND p.h %% 15 = 2
        """,  # noqa: S608
        params,
    )
    cursor.execute(
        f"""
        INSERT INTO plans_budgetline (created_at, updated_at, section, description,
                                      annual_amount, arrangement, plan_id)
        SELECT %(now)s, %(now)s, (ARRAY['F', 'G', 'H1', 'H2'])[1 + p.h / 12 %% 4],
               'Bench budget', 1200,
               CASE WHEN p.h / 12 %% 2 = 0 THEN 'direct_payment' ELSE 'notional' END, p.id
        {issued} AND p.h %% 12 = 0
        """,  # noqa: S608
        params,
    )
    cursor.execute(
        f"""
        INSERT INTO reviews_review (
            id, created_at, updated_at, due_on, status, meeting_on, venue, held_on,
            report_summary, decision, decision_reasons, decided_on, cancellation_reason,
            child_id, plan_id
        )
        SELECT md5('bench-review-' || p.id)::uuid, %(now)s, %(now)s,
               pl.final_issued_on + 364, 'decided', pl.final_issued_on + 330, '',
               pl.final_issued_on + 330, '',
               CASE WHEN p.h / 3 %% 20 < 16 THEN 'maintain'
                    WHEN p.h / 3 %% 20 < 19 THEN 'amend' ELSE 'cease' END,
               'Bench reasons', pl.final_issued_on + 350, '', p.child_id, p.id
        {issued} AND pl.final_issued_on + 350 <= %(today)s
        """,  # noqa: S608
        params,
    )
    cursor.execute(
        f"""
        INSERT INTO reviews_phasetransfer (created_at, updated_at, transfer_year, phase,
                                           due_on, named_on, next_institution_id, child_id,
                                           plan_id)
        SELECT %(now)s, %(now)s, 2025, 'secondary', DATE '2025-02-15', DATE '2025-02-10',
               pl.placement_id, p.child_id, p.id
        {issued} AND pl.final_issued_on < DATE '2025-02-10' AND p.h %% 12 = 4
        """,  # noqa: S608
        params,
    )


def plan_counts() -> str:
    from django.db import connection

    counts = []
    with connection.cursor() as cursor:
        for label, table in (
            ("plans", "plans_plan"),
            ("needs", "plans_need"),
            ("placements", "plans_placementrecord"),
            ("budget lines", "plans_budgetline"),
            ("reviews", "reviews_review"),
            ("phase transfers", "reviews_phasetransfer"),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constants
            counts.append(f"{label} {cursor.fetchone()[0]:,}")
    return ", ".join(counts).capitalize()


def kinds_per_team() -> str:
    """Proof that every team has every kind: the fewest kinds any team has."""
    from django.db.models import Count

    from sen_portal.casework.models import Deadline

    per_team = (
        Deadline.objects.values("child__team_id")
        .annotate(kinds=Count("code", distinct=True))
        .order_by("kinds")
    )
    fewest = per_team.first()
    kinds = fewest["kinds"] if fewest else 0
    return f"every team has at least {kinds} of the {len(CODE_WEIGHTS)} kinds"


def time_caseload() -> None:
    """The caseload as the busiest caseworker sees it: its cost should follow the page,
    not the team's size or the years of deadlines (compare BENCH_DEADLINES=2500000)."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from sen_portal.accounts.models import User
    from sen_portal.accounts.roles import Role

    caseworker = (
        User.objects.filter(role=Role.CASEWORKER)
        .annotate(n=Count("assigned_children"))
        .order_by("-n", "pk")
        .first()
    )
    client = Client()
    client.force_login(caseworker)
    client.get("/cases/")  # warm
    print(f"\nCaseload, as a caseworker of a team of {caseworker.team.children.count():,} cases:")
    for label, url in (
        ("First page", "/cases/"),
        ("Page 40", "/cases/?page=40"),
        ("Overdue only", "/cases/?due=overdue"),
        ("Mine only", "/cases/?mine=1"),
        ("Search", "/cases/?q=Child+12"),
    ):
        ms, queries = time_page(client, url, runs=9)
        print(f"  {label:28} {ms:7.1f} ms  {queries:3d} queries")
    with CaptureQueriesContext(connection) as captured:
        client.get("/cases/")
    page_query = max(captured.captured_queries, key=lambda q: float(q["time"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + page_query["sql"])
        plan = "\n".join("    " + row[0] for row in cursor.fetchall())
    print(f"  its slowest query's plan:\n{plan}")


def time_page(client, url: str, runs: int = 5) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--keep", action="store_true", help="Reuse the database as it is (no regenerate)"
    )
    mode.add_argument(
        "--seed-only", action="store_true", help="Make the database and its data, then stop"
    )
    parser.add_argument(
        "--caseload-only",
        action="store_true",
        help="Time the caseload pages only (not the dashboards or the SEN2 export)",
    )
    parser.add_argument(
        "--sen2-only",
        action="store_true",
        help="Time the SEN2 export only (XML and CSV), not the caseload or dashboards",
    )
    args = parser.parse_args()
    if not args.keep:
        recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from assessments.models import AdviceRequest, AssessmentRequest
    from sen_portal.accounts.models import User
    from sen_portal.accounts.roles import Role
    from sen_portal.casework.models import Child, Deadline

    if not args.keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0, skip_checks=True)
        generate()
        print(f"Generated the data in {time.perf_counter() - started:.1f} s")
    print(
        f"Children {Child.objects.count():,}, requests {AssessmentRequest.objects.count():,}, "
        f"advice {AdviceRequest.objects.count():,}, deadlines {Deadline.objects.count():,}"
    )
    print(plan_counts())
    if args.seed_only:
        print(f"Seeded {urlparse(BENCH_URL).path.lstrip('/')}; {kinds_per_team()}")
        return
    if args.sen2_only:
        time_sen2_export()
        return
    time_caseload()
    if args.caseload_only:
        return
    year = timezone.localdate().year
    pages = [
        ("Timeliness", f"{reverse('dashboards:timeliness')}?year={year}"),
        ("Timeliness, last year", f"{reverse('dashboards:timeliness')}?year={year - 1}"),
        ("Timeliness trend CSV", f"{reverse('dashboards:timeliness')}?format=csv&table=trend"),
        ("What needs action", reverse("dashboards:action")),
        ("What needs action, page 3", f"{reverse('dashboards:action')}?list=amber&page=3"),
        ("Pipeline", reverse("dashboards:pipeline")),
        ("Caseloads", reverse("dashboards:caseloads")),
        ("SEN2 check", f"{reverse('dashboards:sen2_check')}?census_date={year}-01-15"),
    ]
    manager = User.objects.filter(role=Role.MANAGER).order_by("pk").first()
    admin = User.objects.get(role=Role.ADMIN)
    for who, title, scope in (
        (manager, "manager (one team)", ""),
        (admin, "administrator (all teams)", ""),
        # The team selector: an administrator looking at one team.
        (admin, "administrator choosing one team", f"team={manager.team_id}"),
    ):
        client = Client()
        client.force_login(who)
        client.get(pages[0][1])  # warm: URL configuration, templates, content types
        print(f"\nAs {title}:")
        for label, url in pages:
            if scope:
                url = f"{url}{'&' if '?' in url else '?'}{scope}"
            ms, queries = time_page(client, url)
            print(f"  {label:28} {ms:7.1f} ms  {queries:3d} queries")

    time_sen2_export()


def time_sen2_export() -> None:
    """The full SEN2 export, XML then a CSV per module, each streamed a chunk of children
    at a time (selection.CHUNK, QuerySet.iterator(chunk_size)): peak RSS should not grow
    with the number of children (compare BENCH_SCALE=2)."""
    from django.core.management import call_command
    from django.utils import timezone

    year = timezone.localdate().year
    with tempfile.NamedTemporaryFile(suffix=".xml") as output:
        started = time.perf_counter()
        call_command(
            "sen2_export",
            census_date=f"{year}-01-15",
            output=output.name,
            stderr=open(os.devnull, "w"),  # noqa: SIM115 - the problem list is long
            draft=True,  # the generated data has cases COLLECT would reject
        )
        seconds = time.perf_counter() - started
        size = os.path.getsize(output.name) / 1024 / 1024
    print(
        f"\nSEN2 export{'' if PLANS else ' (BENCH_PLANS=0: no plans)'}, load "
        f"{os.getloadavg()[0]:.1f}: {seconds:.1f} s, {size:.1f} MB of XML, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )

    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        call_command(
            "sen2_export",
            census_date=f"{year}-01-15",
            output=directory,
            format="csv",
            stderr=open(os.devnull, "w"),  # noqa: SIM115 - the problem list is long
        )
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(directory).iterdir()) / 1024 / 1024
    print(
        f"SEN2 CSV files, load {os.getloadavg()[0]:.1f}: {seconds:.1f} s, {size:.1f} MB, "
        f"peak RSS {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
