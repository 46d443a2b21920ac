"""The case page leads with what to do next, and names each open deadline (whose advice),
with the met and cancelled ones folded away as history (issue #21, item 3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import AdviceRequest

pytestmark = pytest.mark.django_db


def words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_the_case_page_leads_with_the_next_deadline_and_names_each_advice(
    client, caseworker, child, assessment, ask_advice, psychologist, paediatrician
):
    ask_advice(assessment, giver=psychologist, addressee="Dr Ezra Psychologist")
    ask_advice(
        assessment,
        kind=AdviceRequest.Kind.HEALTH,
        giver=paediatrician,
        addressee="Dr Hana Health",
    )
    client.force_login(caseworker)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()

    # First on the page, before the child's details: the request's decision was met, so
    # the soonest open deadline is the advice (6 weeks) or the final plan (20 weeks).
    assert page.index('id="next-step"') < page.index("Child or young person")
    lead = words(section(page, 'id="next-step"', 'id="deadlines"'))
    assert "What to do next" in lead
    assert "Advice due back" in lead or "advice" in lead.lower()
    assert "more statutory deadline" in lead

    open_part = section(page, 'id="deadlines"', 'id="deadline-history"')
    text = words(open_part)
    # Two advice deadlines, told apart by whose advice each one is, each a link.
    assert "advice from Dr Ezra Psychologist" in text
    assert "from Dr Hana Health" in text
    for advice in AdviceRequest.objects.filter(assessment=assessment):
        assert reverse("assessments:advice_staff_detail", args=[advice.pk]) in open_part
    # The met decision is in the history, not among the deadlines still to meet.
    assert "Met" not in text
    history = words(section(page, 'id="deadline-history"', "</details>"))
    assert "Met" in history


def test_a_case_with_no_deadline_open_says_so(client, caseworker, child):
    client.force_login(caseworker)
    page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "No statutory deadline is open on this case." in words(page)


def test_the_family_sees_dates_to_come_first_and_past_ones_folded_away(
    client, child, assessment, ask_advice, psychologist, family_user, family_member
):
    ask_advice(assessment, giver=psychologist, addressee="Dr Ezra Psychologist")
    client.force_login(family_user)
    page = client.get(reverse("family:case", args=[child.pk])).content.decode()
    upcoming = words(section(page, "Dates coming up", 'data-testid="past-dates"'))
    assert "Still to come" in upcoming
    past = words(section(page, 'data-testid="past-dates"', "</details>"))
    assert "Done on time" in past
