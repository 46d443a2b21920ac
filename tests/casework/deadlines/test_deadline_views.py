"""The case page's deadlines section, the exception form, and the notifications page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen_portal import prepared
from sen_portal.casework.models import ChronologyEvent, Deadline, Notification
from sen_portal.casework.services import deadline_meet
from sen_portal.casework.sweep import sweep_deadlines
from tests.casework.deadlines.conftest import DUE, RECEIVED, at, on_day, open_on
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 5, 13)  # a Tuesday: the final plan (26 May) is 9 working days away


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(at(TODAY, 10), tick=False)


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".")


def exception_url(child, deadline):
    return reverse("casework:deadline_exception", args=[child.pk, deadline.pk])


def case_page(client, child):
    return client.get(reverse("casework:child_detail", args=[child.pk]))


# --- The case page --------------------------------------------------------------------


def test_the_case_page_lists_deadlines_with_red_amber_green_status(client, caseworker, child):
    open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED)  # due 26 May: amber
    open_on(
        D(2025, 3, 24), child=child, code="decide_whether_to_assess", start=D(2025, 3, 24)
    )  # 5 May: red
    open_on(D(2025, 5, 1), child=child, code="advice_due", start=D(2025, 5, 1))  # 12 June: green
    met = open_on(D(2025, 3, 3), child=child, code="decide_not_to_issue", start=D(2025, 3, 3))
    with on_day(D(2025, 5, 1)):
        deadline_meet(deadline=met, on=D(2025, 5, 1), acting_user=caseworker)  # due 23 June
    client.force_login(caseworker)
    page = case_page(client, child).text
    section = page[page.index('id="deadlines"') : page.index("Child or young person")]
    words = text_of(section)
    assert "Statutory deadlines" in words
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in section
    assert "Overdue Due 5 May 2025. 8 days overdue." in words
    assert '<strong class="govuk-tag govuk-tag--orange">Due soon</strong>' in section
    assert "Due soon Due 26 May 2025. 13 days left." in words
    assert '<strong class="govuk-tag govuk-tag--green">On track</strong>' in section
    assert "On track Due 12 June 2025. 30 days left." in words
    assert '<strong class="govuk-tag govuk-tag--grey">Met</strong>' in section
    assert "Met Due 23 June 2025. Met on 1 May 2025." in words
    # Still-to-do first, soonest first.
    assert section.index("5 May 2025") < section.index("26 May 2025") < section.index("12 June")


def test_a_deadline_the_sweep_recorded_as_missed_shows_missed(client, caseworker, child):
    open_on(D(2025, 3, 24), child=child, code="decide_whether_to_assess", start=D(2025, 3, 24))
    client.force_login(caseworker)
    assert (
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in case_page(client, child).text
    )
    sweep_deadlines(today=TODAY)
    page = case_page(client, child).text
    assert '<strong class="govuk-tag govuk-tag--red">Missed</strong>' in page
    assert "Due 5 May 2025. 8 days overdue." in text_of(page)


def test_a_missed_deadline_met_late_shows_met_late(client, caseworker, child):
    deadline = open_on(
        D(2025, 3, 24), child=child, code="decide_whether_to_assess", start=D(2025, 3, 24)
    )
    sweep_deadlines(today=D(2025, 5, 6))
    deadline_meet(deadline=deadline, on=D(2025, 5, 9), acting_user=caseworker)
    client.force_login(caseworker)
    page = case_page(client, child).text
    assert '<strong class="govuk-tag govuk-tag--grey">Met late</strong>' in page
    assert "Met on 9 May 2025, 4 days late." in text_of(page)


def test_an_exception_is_shown_with_its_reason_and_dates(client, caseworker, child):
    deadline = open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED)
    client.force_login(caseworker)
    client.post(
        exception_url(child, deadline), exception_form(start=(1, 4, 2025), end=(30, 4, 2025))
    )
    page = case_page(client, child).text
    assert '<strong class="govuk-tag govuk-tag--purple">Exception recorded</strong>' in page
    assert "Due 26 May 2025." in text_of(page)  # the date does not move
    assert "Exceptional personal circumstances of the child, parent or young person" in page
    assert "1 April 2025 to 30 April 2025" in page
    assert "Recorded by Casey Worker" in page
    assert "Change exception" in page


def test_only_timescales_with_statutory_exceptions_offer_one(client, caseworker, child):
    open_on(RECEIVED, child=child, code="annual_review", start=RECEIVED)
    client.force_login(caseworker)
    page = case_page(client, child).text
    assert "Hold the annual review" in page
    assert "Record exception" not in page


def test_a_case_with_no_deadlines_says_so(client, caseworker, child):
    client.force_login(caseworker)
    assert "No statutory deadlines have started on this case yet" in case_page(client, child).text


def test_the_case_page_costs_the_same_queries_for_1_or_6_deadlines(client, caseworker, child):
    client.force_login(caseworker)
    open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert case_page(client, child).status_code == 200
        return [prepared.statement(q["sql"]) for q in captured]

    one = queries()
    for code in (
        "advice_due",
        "decide_not_to_issue",
        "annual_review",
        "review_report",
        "mediation_held",
    ):
        open_on(RECEIVED, child=child, code=code, start=RECEIVED)
    six = queries()
    assert len(six) == len(one)
    # The page's full budget is asserted with the other case page tests (other sections
    # add their own); what this section adds is one query for all the case's deadlines
    # (with whoever recorded an exception joined) and one for the header's unread count.
    assert len([sql for sql in six if 'FROM "casework_deadline"' in sql]) == 1
    assert len([sql for sql in six if 'FROM "casework_notification"' in sql]) == 1


# --- Recording an exception -----------------------------------------------------------


def exception_form(
    *,
    reason="exceptional_personal_circumstances",
    start=(1, 4, 2025),
    end=None,
    note="Parent in hospital; letter on file.",
):
    data = {"exception_reason": reason, "exception_note": note}
    for name, parts in (("exception_starts_on", start), ("exception_ends_on", end)):
        day, month, year = parts or ("", "", "")
        data |= {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}
    return data


@pytest.fixture
def final_plan(child):
    return open_on(RECEIVED, child=child, code="final_plan", start=RECEIVED)


@pytest.mark.parametrize("persona", ["caseworker", "manager"])
def test_the_childs_team_can_open_the_form(client, personas, child, final_plan, persona):
    client.force_login(personas[persona])
    response = client.get(exception_url(child, final_plan))
    assert response.status_code == 200
    assert "Record an exception: issue the final plan" in response.text
    # Only the four Reg 10(4) reasons apply to the final plan.
    assert "School or college closed for 4 weeks or more" in response.text
    assert "Family did not keep an appointment" not in response.text


def test_advice_offers_its_own_reasons(client, caseworker, child):
    advice = open_on(RECEIVED, child=child, code="advice_due", start=RECEIVED)
    client.force_login(caseworker)
    response = client.get(exception_url(child, advice))
    assert (
        "Family did not keep an appointment for an examination or test (Reg 8(2))" in response.text
    )
    assert "School or college closed" not in response.text


def test_another_teams_caseworker_finds_nothing(client, other_caseworker, child, final_plan):
    client.force_login(other_caseworker)
    assert client.get(exception_url(child, final_plan)).status_code == 404
    assert client.post(exception_url(child, final_plan), exception_form()).status_code == 404
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.OPEN


@pytest.mark.parametrize("persona", ["family", "advice_giver", "editor", "admin"])
def test_other_roles_are_refused(client, personas, child, family_member, final_plan, persona):
    client.force_login(personas[persona])
    assert client.get(exception_url(child, final_plan)).status_code == 403
    assert client.post(exception_url(child, final_plan), exception_form()).status_code == 403


def test_a_deadline_of_another_case_is_not_found(client, caseworker, team, child, final_plan):
    sibling = ChildFactory(team=team, caseworker=caseworker)
    client.force_login(caseworker)
    assert client.get(exception_url(sibling, final_plan)).status_code == 404
    assert (
        client.get(reverse("casework:deadline_exception", args=[child.pk, 999999])).status_code
        == 404
    )


def test_a_deadline_that_takes_no_exception_is_not_found(client, caseworker, child):
    review = open_on(RECEIVED, child=child, code="annual_review", start=RECEIVED)
    client.force_login(caseworker)
    assert client.get(exception_url(child, review)).status_code == 404


def test_other_methods_are_refused(client, caseworker, child, final_plan):
    client.force_login(caseworker)
    assert client.put(exception_url(child, final_plan)).status_code == 405


def test_recording_an_exception_redirects_to_the_case(client, caseworker, child, final_plan):
    client.force_login(caseworker)
    response = client.post(exception_url(child, final_plan), exception_form(end=(30, 4, 2025)))
    assert response.status_code == 302
    assert response.url == reverse("casework:child_detail", args=[child.pk]) + "#deadlines"
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.EXCEPTED
    assert final_plan.exception_reason == "exceptional_personal_circumstances"
    assert (final_plan.exception_starts_on, final_plan.exception_ends_on) == (
        D(2025, 4, 1),
        D(2025, 4, 30),
    )
    assert final_plan.due_on == DUE
    assert (
        ChronologyEvent.objects.filter(kind="deadline_exception_recorded", actor=caseworker).count()
        == 1
    )
    assert "Exception recorded: Issue the final plan" in client.get(response.url).text


def test_an_empty_form_shows_every_error_in_the_summary(client, caseworker, child, final_plan):
    client.force_login(caseworker)
    response = client.post(
        exception_url(child, final_plan), exception_form(reason="", start=None, note="")
    )
    assert response.status_code == 200
    assert "<title>Error: Record an exception" in response.text
    assert "There is a problem" in response.text
    for message in (
        "Select why the time limit does not apply",
        "Enter the date it started",
        "Enter the evidence for the exception",
    ):
        assert response.text.count(message) == 2  # in the summary and by the field
    assert '<a href="#id_exception_reason_0">' in response.text
    assert 'id="id_exception_reason_0"' in response.text
    assert '<a href="#id_exception_starts_on_0">' in response.text
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.OPEN


def test_an_end_before_the_start_is_an_error(client, caseworker, child, final_plan):
    client.force_login(caseworker)
    response = client.post(
        exception_url(child, final_plan), exception_form(start=(30, 4, 2025), end=(1, 4, 2025))
    )
    assert response.status_code == 200
    assert "The end date must be the same as or after the start date" in response.text


def test_a_reason_that_does_not_apply_to_this_step_is_an_error(
    client, caseworker, child, final_plan
):
    client.force_login(caseworker)
    response = client.post(
        exception_url(child, final_plan), exception_form(reason="missed_appointment")
    )
    assert response.status_code == 200
    assert "Select a reason the regulations allow for this deadline" in response.text
    final_plan.refresh_from_db()
    assert final_plan.exception_reason == ""


def test_an_impossible_date_is_an_error(client, caseworker, child, final_plan):
    client.force_login(caseworker)
    response = client.post(exception_url(child, final_plan), exception_form(start=(31, 2, 2025)))
    assert "Enter a real date" in response.text


def test_the_form_page_query_budget(
    client, caseworker, child, final_plan, django_assert_num_queries
):
    client.force_login(caseworker)
    # session, user with the header count, child with team and caseworker, access log
    # insert, the deadline (no session save within the minute; no request transaction)
    with django_assert_num_queries(5):
        assert client.get(exception_url(child, final_plan)).status_code == 200


# --- Notifications ----------------------------------------------------------------------


def badge(response):
    text = response.text
    if "moj-notification-badge" not in text:
        return None
    start = text.index('<span class="moj-notification-badge"><span aria-hidden="true">')
    return text[start:].split(">")[2].split("<")[0]


def make_breach(child):
    deadline = open_on(
        D(2025, 3, 24), child=child, code="decide_whether_to_assess", start=D(2025, 3, 24)
    )
    sweep_deadlines(today=TODAY)
    return deadline


def test_staff_see_their_unread_count_in_the_header_and_read_them(
    client, caseworker, manager, child
):
    make_breach(child)
    client.force_login(caseworker)
    home = client.get(reverse("home"))
    assert badge(home) == "1"
    assert "(1 unread)" in home.text
    listing = client.get(reverse("casework:notification_list"))
    assert listing.status_code == 200
    assert "Deadline missed: a statutory deadline has passed" in listing.text
    # Signed in, the case is named (the email never names the child).
    assert f"{child.full_name}, case {child.la_reference}" in listing.text
    assert f'href="/cases/{child.pk}/#deadlines"' in listing.text
    assert '<strong class="govuk-tag govuk-tag--yellow">New</strong>' in listing.text
    assert badge(listing) is None  # read now
    again = client.get(reverse("casework:notification_list"))
    assert "govuk-tag--yellow" not in again.text
    # The manager's copy is theirs to read.
    assert Notification.objects.get(recipient=manager).read_at is None


def test_a_user_sees_only_their_own_notifications(client, caseworker, other_caseworker, child):
    make_breach(child)
    client.force_login(other_caseworker)
    response = client.get(reverse("casework:notification_list"))
    assert "You have no notifications" in response.text
    assert child.la_reference not in response.text
    assert Notification.objects.filter(recipient=caseworker, read_at__isnull=True).count() == 1


def test_the_notifications_page_is_paginated(client, caseworker, team):
    for _ in range(30):
        make_breach(ChildFactory(team=team, caseworker=caseworker))
    client.force_login(caseworker)
    first = client.get(reverse("casework:notification_list"))
    assert first.text.count("Deadline missed:") == 25
    assert badge(first) == "5"
    second = client.get(reverse("casework:notification_list"), {"page": 2})
    assert second.text.count("Deadline missed:") == 5
    assert badge(second) is None


def test_families_have_no_notifications_page(client, family_user, family_member):
    client.force_login(family_user)
    assert client.get(reverse("casework:notification_list")).status_code == 403
    assert "Notifications" not in client.get(reverse("home")).text


def test_the_notifications_page_costs_the_same_queries_for_1_or_20(
    client, caseworker, team, django_assert_num_queries
):
    client.force_login(caseworker)
    make_breach(ChildFactory(team=team, caseworker=caseworker))

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("casework:notification_list"))
        return len(queries)

    one = count()
    for _ in range(20):
        make_breach(ChildFactory(team=team, caseworker=caseworker))
    assert count() == one
    make_breach(ChildFactory(team=team, caseworker=caseworker))
    # session, user with the header count, count, one page with deadline and case
    # joined, mark those read (no session save within the minute; no request transaction)
    with django_assert_num_queries(5):
        client.get(reverse("casework:notification_list"))
