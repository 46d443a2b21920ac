"""Demo ceasing, for `manage.py seed_demo` (its `<app>.demo.seed` hook).

Two fictional children of their own (NS-DEMO-07xx, North team), each with a plan in
force built through the plans demo, then driven through the real ceasing services: one
plan being ceased (decision sent, appeal period running) and one ceased at once (the
young person moved to another authority). Idempotent: an existing child is left alone.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments.demo import _main_contact
from ceasing import services as _services
from plans.demo import _case, seed_institutions
from plans.models import Plan
from sen_portal.accounts.models import Team, User
from sen_portal.casework.demo import dated
from sen_portal.casework.models import Child

# Each step runs on its own date (sen_portal.casework.demo.dated).
services = dated(_services)

BEING_CEASED = ("NS-DEMO-0701", "Mia", "Endwell", 16, "in_force", 175)
CEASED = ("NS-DEMO-0702", "Noah", "Moveson", 12, "in_force", 175)


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _plan_for(row, *, team, worker, psychologist, today) -> Plan:
    _case(row, team=team, worker=worker, psychologist=psychologist, today=today)
    return Plan.objects.get(child__la_reference=row[0])


def seed(*, today: datetime.date, stdout=None) -> None:
    with transaction.atomic():
        seed_institutions()
        team = Team.objects.get(name="North locality SEN team")
        worker = User.objects.get(email="caseworker@example.org")
        psychologist = User.objects.get(email="advisor@example.org")
        made = 0
        if not Child.objects.filter(la_reference=BEING_CEASED[0]).exists():
            plan = _plan_for(
                BEING_CEASED, team=team, worker=worker, psychologist=psychologist, today=today
            )
            proposal = services.ceasing_propose(
                plan=plan,
                on=_ago(today, 9),
                reasons="Mia has met the outcomes in her plan and her college can meet her "
                "needs from its own learning support.",
                cease_reason="2",
                acting_user=worker,
            )
            for party, name, views in (
                (
                    "family",
                    f"{_main_contact(plan.child)} (parent)",
                    "We would like the plan to stay until Mia settles into year 12.",
                ),
                (
                    "institution",
                    "Northshire College",
                    "Mia no longer needs the provision in section F; the college's learning "
                    "support will continue.",
                ),
            ):
                services.ceasing_record_consultation(
                    proposal=proposal,
                    party=party,
                    name=name,
                    consulted_on=_ago(today, 8),
                    responded_on=_ago(today, 5),
                    views=views,
                    acting_user=worker,
                )
            services.ceasing_decide_cease(
                proposal=proposal,
                on=_ago(today, 3),
                reasons="The outcomes in section E have been met and the school can meet "
                "Mia's needs through SEN support.",
                cease_reason="2",
                acting_user=worker,
            )
            made += 1
        if not Child.objects.filter(la_reference=CEASED[0]).exists():
            plan = _plan_for(
                CEASED, team=team, worker=worker, psychologist=psychologist, today=today
            )
            proposal = services.ceasing_propose(
                plan=plan,
                on=_ago(today, 2),
                reasons="Noah's family have moved to Southshire, which takes over the plan.",
                acting_user=worker,
            )
            services.ceasing_cease_now(
                proposal=proposal,
                on=_ago(today, 1),
                cease_reason="5",
                confirmed=True,
                acting_user=worker,
            )
            made += 1
    # The letters are queued for the worker (`make run` starts one) as each decision
    # commits; the catch-up task queues again any an earlier run left unmade.
    if stdout is not None:
        stdout.write(f"Ceasing demo: {made} new case(s) with plans being ceased or ceased")
