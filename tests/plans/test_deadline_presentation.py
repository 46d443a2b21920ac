"""One deadline presentation: the request's 20-week deadline (Reg 13(2)) looks the same
on the case page, the assessment page and the plan page, red/amber/green by one rule
(amber from DEADLINE_AMBER_WORKING_DAYS working days before it is due)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import selectors
from sen_portal import timescales
from sen_portal.casework.selectors import deadline_look

pytestmark = pytest.mark.django_db


def pages(client, plan) -> dict[str, str]:
    return {
        "case": client.get(reverse("casework:child_detail", args=[plan.child_id])).text,
        "assessment": client.get(
            reverse("assessments:assessment_detail", args=[plan.assessment_id])
        ).text,
        "plan": client.get(reverse("plans:plan_detail", args=[plan.pk])).text,
    }


def tag_html(label: str, colour: str) -> str:
    return f'<strong class="govuk-tag govuk-tag--{colour}">{label}</strong>'


def test_the_final_plan_deadline_shows_the_same_tag_on_every_page(client, caseworker, plan):
    deadline = selectors.final_plan_deadline(plan)
    look = deadline_look(deadline)
    assert (look.label, look.colour) == ("On track", "green")  # 80 days to go
    client.force_login(caseworker)
    for name, html in pages(client, plan).items():
        assert tag_html("On track", "green") in html, name
        assert look.words in html, name


def test_it_turns_amber_on_every_page_within_the_working_days_set(
    client, caseworker, plan, settings, time_machine
):
    deadline = selectors.final_plan_deadline(plan)
    settings.DEADLINE_AMBER_WORKING_DAYS = 10
    # From 10 working days before the due date the deadline is amber.
    time_machine.move_to(timescales.add_working_days(deadline.due_on, -10))
    client.force_login(caseworker)
    for name, html in pages(client, plan).items():
        assert tag_html("Due soon", "orange") in html, name
