"""Fixtures for ceasing and disagreements: a plan in force (built through the real plans
services, from tests/plans/conftest.py) and helpers to move the clock."""

from __future__ import annotations

import datetime

import pytest

from ceasing import services
from tests.plans.conftest import (  # noqa: F401 - fixtures re-used from the plans tests
    FINAL_ON,
    assessment,
    at,
    date_fields,
    decide_to_issue,
    institutions,
    media_root,
    plan,
    plan_in_force,
    psychologist,
)

# Worked calendar: the plan came into force on Monday 7 January 2030.
PROPOSED_ON = datetime.date(2030, 9, 2)  # Monday
CONSULTED_ON = datetime.date(2030, 9, 9)
VIEWS_ON = datetime.date(2030, 9, 20)
DECIDED_ON = datetime.date(2030, 10, 1)  # Tuesday
# 2 months after 1 October 2030 is Sunday 1 December 2030: the Tribunal's rules move
# it to Monday 2 December 2030. The plan ends the day after: Tuesday 3 December.
APPEAL_DUE = datetime.date(2030, 12, 2)
ENDS_ON = datetime.date(2030, 12, 3)


@pytest.fixture
def proposal(plan_in_force, caseworker, time_machine):  # noqa: F811
    at(time_machine, PROPOSED_ON)
    return services.ceasing_propose(
        plan=plan_in_force,
        on=PROPOSED_ON,
        reasons="Sam has met the outcomes in the plan and the school can meet his needs "
        "from its own resources.",
        acting_user=caseworker,
    )


def consult_both(proposal, user, time_machine):
    at(time_machine, VIEWS_ON)
    services.ceasing_record_consultation(
        proposal=proposal,
        party="family",
        name="Pat Parent",
        consulted_on=CONSULTED_ON,
        responded_on=VIEWS_ON,
        views="We are worried about secondary school but agree he is doing well.",
        acting_user=user,
    )
    services.ceasing_record_consultation(
        proposal=proposal,
        party="institution",
        name="Northshire Primary School",
        consulted_on=CONSULTED_ON,
        responded_on=VIEWS_ON,
        views="We can meet Sam's needs through SEN support.",
        acting_user=user,
    )


@pytest.fixture
def consulted(proposal, caseworker, time_machine):
    consult_both(proposal, caseworker, time_machine)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def decided(consulted, caseworker, time_machine):
    at(time_machine, DECIDED_ON)
    return services.ceasing_decide_cease(
        proposal=consulted,
        on=DECIDED_ON,
        reasons="The outcomes in section E have been met; SEN support meets his needs.",
        cease_reason="2",
        acting_user=caseworker,
    )
