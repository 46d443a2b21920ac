"""The review pages over HTTP: who may see and change what, the list's filters and query
budget, the case page panel, starting a review early, and GOV.UK errors."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review
from sen_portal.casework.models import RecordAccess
from tests.factories import ChildFactory
from tests.reviews.conftest import at, date_fields, quick_plan

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2030, 10, 1)


@pytest.fixture
def review(make_plan, time_machine):
    at(time_machine, TODAY)
    plan = make_plan(born=D(2021, 3, 4), issued_on=D(2029, 12, 2), first_name="Rowan")
    return services.review_start(plan=plan)


READ = {
    "caseworker": 200,
    "manager": 200,
    "other_caseworker": 404,
    "advice_giver": 403,
    "family": 403,
    "editor": 403,
    "admin": 200,
}
WRITE = {**READ, "admin": 403}


@pytest.mark.parametrize("persona,expected", READ.items())
def test_the_review_page_by_role(client, personas, review, persona, expected):
    client.force_login(personas[persona])
    assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == expected


@pytest.mark.parametrize("persona,expected", WRITE.items())
def test_arranging_the_meeting_by_role(client, personas, review, persona, expected):
    client.force_login(personas[persona])
    url = reverse("reviews:review_schedule", args=[review.pk])
    response = client.post(url, {**date_fields("meeting_on", D(2030, 11, 20)), "venue": "School"})
    assert response.status_code == (302 if expected == 200 else expected)
    review.refresh_from_db()
    assert (review.status == "scheduled") == (expected == 200)


def test_reading_a_review_is_logged(client, caseworker, review):
    client.force_login(caseworker)
    client.get(reverse("reviews:review_detail", args=[review.pk]))
    assert RecordAccess.objects.filter(user=caseworker, child=review.child).exists()


def test_the_review_page_shows_the_task_list_and_dates(client, caseworker, review):
    services.review_schedule(
        review=review,
        meeting_on=D(2030, 11, 20),
        venue="Northshire Primary",
        acting_user=caseworker,
    )
    client.force_login(caseworker)
    page = client.get(reverse("reviews:review_detail", args=[review.pk])).content.decode()
    assert "Arrange the meeting" in page and "Record the meeting" in page
    assert "Send review invitations and papers" in page
    assert "6 November 2030" in page  # papers due 2 weeks before 20 November
    assert reverse("reviews:review_hold", args=[review.pk]) in page
    assert reverse("reviews:review_decide", args=[review.pk]) not in page


def test_gov_uk_errors_on_the_meeting_form(client, caseworker, review):
    client.force_login(caseworker)
    url = reverse("reviews:review_schedule", args=[review.pk])
    page = client.post(url, {"meeting_on_day": "31", "meeting_on_month": "2",
                             "meeting_on_year": "2030"}).content.decode()  # fmt: skip
    assert "There is a problem" in page
    assert "Enter a real date" in page
    assert "Enter where the meeting will be held" in page


def test_a_step_out_of_order_is_refused_with_409(client, caseworker, review):
    client.force_login(caseworker)
    response = client.post(
        reverse("reviews:review_report", args=[review.pk]),
        {**date_fields("received_on", TODAY), "summary": "A report"},
    )
    assert response.status_code == 409
    review.refresh_from_db()
    assert review.status == "due"


def test_the_list_filters_and_its_query_budget(
    client, caseworker, team, other_team, time_machine, django_assert_max_num_queries
):
    at(time_machine, TODAY)  # autumn term 2030; next term is spring 2031
    due = {
        "Olive": D(2030, 8, 20),  # overdue, from last term
        "Tara": D(2030, 12, 1),  # this term
        "Nell": D(2031, 2, 1),  # next term
        "Lars": D(2031, 6, 1),  # later
    }
    for name, due_on in due.items():
        child = ChildFactory(team=team, first_name=name, last_name="Example")
        plan = quick_plan(child, issued_on=D(2029, 12, 2), by=caseworker)
        services.review_start(plan=plan, due_on=due_on)
    elsewhere = ChildFactory(team=other_team, first_name="Otis", last_name="Away")
    services.review_start(plan=quick_plan(elsewhere, issued_on=D(2029, 12, 2), by=caseworker))
    client.force_login(caseworker)
    url = reverse("reviews:review_list")

    def names(query: str = "") -> set[str]:
        page = client.get(url + query).content.decode()
        return {name for name in [*due, "Otis"] if name in page}

    assert names() == {"Olive", "Tara", "Nell"}
    assert names("?when=overdue") == {"Olive"}
    assert names("?when=this_term") == {"Tara"}
    assert names("?when=next_term") == {"Nell"}
    assert names("?when=all") == {"Olive", "Tara", "Nell", "Lars"}
    assert names("?when=all&stage=scheduled") == set()
    with django_assert_max_num_queries(4):
        client.get(url + "?when=all")
    for n in range(8):
        child = ChildFactory(team=team, last_name=f"More{n}")
        services.review_start(plan=quick_plan(child, issued_on=D(2029, 12, 2), by=caseworker))
    with django_assert_max_num_queries(4):
        page = client.get(url + "?when=all").content.decode()
    assert "12 reviews" in page


def test_the_list_paginates(client, caseworker, team, time_machine):
    at(time_machine, TODAY)
    for n in range(27):
        child = ChildFactory(team=team, last_name=f"Page{n}")
        services.review_start(plan=quick_plan(child, issued_on=D(2029, 12, 2), by=caseworker))
    client.force_login(caseworker)
    page = client.get(reverse("reviews:review_list") + "?when=all").content.decode()
    assert "govuk-pagination" in page and "when=all&amp;page=2" in page
    second = client.get(reverse("reviews:review_list") + "?when=all&page=2").content.decode()
    assert second.count('class="govuk-table__row"') == 1 + 2


def test_the_case_panel_and_starting_a_review_early(client, caseworker, make_plan, time_machine):
    at(time_machine, TODAY)
    plan = make_plan(born=D(2018, 3, 4), issued_on=D(2030, 6, 2), first_name="Ezra")
    client.force_login(caseworker)
    case = reverse("casework:child_detail", args=[plan.child_id])
    page = client.get(case).content.decode()
    start = reverse("reviews:review_start", args=[plan.pk])
    assert 'id="review-panel"' in page and start in page
    assert client.get(start).status_code == 200
    response = client.post(start)
    review = Review.objects.get(plan=plan)
    assert response.url == reverse("reviews:review_detail", args=[review.pk])
    assert review.due_on == D(2031, 6, 1) and review.started_by == caseworker
    page = client.get(case).content.decode()
    assert reverse("reviews:review_detail", args=[review.pk]) in page
    assert start not in page  # one review at a time
    # Pressing it again just leads to the review in progress.
    assert client.post(start).url == reverse("reviews:review_detail", args=[review.pk])
    assert Review.objects.filter(plan=plan).count() == 1


def test_the_other_team_cannot_start_a_review(client, other_caseworker, make_plan, time_machine):
    at(time_machine, TODAY)
    plan = make_plan(born=D(2018, 3, 4), issued_on=D(2030, 6, 2))
    client.force_login(other_caseworker)
    assert client.post(reverse("reviews:review_start", args=[plan.pk])).status_code == 404
    assert not Review.objects.exists()


def test_the_under_5_frequency_form(client, caseworker, make_plan, time_machine):
    at(time_machine, TODAY)
    plan = make_plan(born=D(2027, 3, 4), issued_on=D(2030, 6, 2))
    client.force_login(caseworker)
    url = reverse("reviews:review_frequency", args=[plan.pk])
    assert client.post(url, {"months": "3"}).status_code == 302
    assert plan.review_frequency.months == 3
    assert services.next_due_on(plan) == D(2030, 9, 2)


def test_family_see_no_staff_review_pages(client, family_member, review):
    client.force_login(family_member.user)
    assert client.get(reverse("reviews:review_list")).status_code == 403
    assert client.get(reverse("reviews:review_detail", args=[review.pk])).status_code == 403


def test_the_case_panel_offers_more_frequent_reviews_only_under_5(
    client, caseworker, make_plan, time_machine
):
    at(time_machine, TODAY)
    young = make_plan(born=D(2027, 3, 4), issued_on=D(2030, 6, 2))
    older = make_plan(born=D(2020, 3, 4), issued_on=D(2030, 6, 2))
    client.force_login(caseworker)
    page = client.get(reverse("casework:child_detail", args=[young.child_id])).content.decode()
    assert reverse("reviews:review_frequency", args=[young.pk]) in page
    page = client.get(reverse("casework:child_detail", args=[older.child_id])).content.decode()
    assert reverse("reviews:review_frequency", args=[older.pk]) not in page


def test_cancelling_a_review_stops_its_clocks(client, caseworker, review):
    services.review_schedule(
        review=review, meeting_on=D(2030, 11, 20), venue="School", acting_user=caseworker
    )
    client.force_login(caseworker)
    url = reverse("reviews:review_cancel", args=[review.pk])
    page = client.post(url, {}).content.decode()
    assert "Enter why the review is cancelled" in page
    assert client.post(url, {"reason": "The family moved to Scotland."}).status_code == 302
    review.refresh_from_db()
    assert review.status == "cancelled"
    assert not review.child.deadlines.filter(code="review_papers", status="open").exists()
