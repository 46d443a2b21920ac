"""Phase transfers (Reg 18(1)), on worked examples.

A child born on 10 May 2015 is in academic year 2014's cohort: Reception in September
2019, year 7 in September 2026. The amended plan naming the secondary school must be
issued before 15 February 2026, so by Saturday 14 February. A young person born on 3 March
2010 starts year 12 in September 2026: the plan naming the post-16 placement is due
before 31 March 2026, so by 30 March.
"""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from plans.models import Institution
from reviews import phases, services
from reviews.models import PhaseTransfer, Review
from reviews.selectors import phase_transfers_not_named, reviews_overdue
from sen_portal import timescales
from sen_portal.casework.models import Deadline
from tests.reviews.conftest import at, date_fields

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_worked_examples():
    assert phases.birth_range(2026, "secondary") == (D(2014, 9, 1), D(2015, 8, 31))
    assert phases.transfer_due(2026, "secondary") == D(2026, 2, 14)
    assert phases.transfer_due(2026, "reception") == D(2026, 2, 14)
    assert phases.transfer_due(2026, "post16") == D(2026, 3, 30)
    assert phases.birth_range(2026, "post16") == (D(2009, 9, 1), D(2010, 8, 31))
    assert phases.birth_range(2026, "reception") == (D(2021, 9, 1), D(2022, 8, 31))
    # The same dates as timescales.phase_transfer_due, from the deadline table.
    for year in (2025, 2026, 2028):
        assert phases.transfer_due(year, "secondary") == timescales.phase_transfer_due(
            year, "school"
        )
        assert phases.transfer_due(year, "post16") == timescales.phase_transfer_due(year, "post16")
    assert timescales.TIMESCALES["phase_transfer_school"].regulation == "Reg 18(1)(b)"
    assert timescales.TIMESCALES["phase_transfer_post16"].period == "by 30 March"
    # In the autumn of 2025 the school year is preparing September 2026's moves.
    assert phases.transfer_year_for(D(2025, 11, 3)) == 2026
    assert phases.transfer_year_for(D(2026, 3, 3)) == 2026


@pytest.fixture
def cohort(make_plan, time_machine):
    at(time_machine, D(2025, 9, 1))
    infant = Institution.objects.create(
        urn="990601", name="Eastbury Infant School", kind="mainstream"
    )
    return {
        "secondary": make_plan(born=D(2015, 5, 10), issued_on=D(2025, 3, 3), first_name="Sami"),
        "post16": make_plan(born=D(2010, 3, 3), issued_on=D(2025, 6, 2), first_name="Pia"),
        "reception": make_plan(born=D(2022, 1, 20), issued_on=D(2025, 7, 1), first_name="Rae"),
        "junior": make_plan(
            born=D(2019, 6, 1), issued_on=D(2025, 4, 1), placement=infant, first_name="Jo"
        ),
        # Year 3 at a primary school: no move.
        "primary_y3": make_plan(born=D(2019, 7, 1), issued_on=D(2025, 4, 1), first_name="Pim"),
        # Year 9 next September: no move.
        "year9": make_plan(born=D(2013, 1, 1), issued_on=D(2025, 4, 1), first_name="Nina"),
    }


def test_the_cohort_is_found_from_dates_of_birth_with_a_deadline_each(cohort, time_machine):
    at(time_machine, D(2025, 9, 2))
    assert services.phase_transfers_identify() == 4
    assert services.phase_transfers_identify() == 0  # idempotent
    found = {t.child.first_name: t for t in PhaseTransfer.objects.select_related("child")}
    assert set(found) == {"Sami", "Pia", "Rae", "Jo"}
    assert found["Sami"].phase == "secondary" and found["Sami"].due_on == D(2026, 2, 14)
    assert found["Pia"].phase == "post16" and found["Pia"].due_on == D(2026, 3, 30)
    assert found["Jo"].phase == "junior"
    sami = Deadline.objects.get(child=found["Sami"].child, code="phase_transfer_school")
    assert (sami.started_on, sami.due_on, sami.status) == (D(2025, 9, 1), D(2026, 2, 14), "open")
    pia = Deadline.objects.get(child=found["Pia"].child, code="phase_transfer_post16")
    assert pia.due_on == D(2026, 3, 30)
    # Each has a review, due in time to name the next setting.
    review = found["Sami"].review
    assert review.status == "due" and review.due_on == D(2026, 2, 14)
    assert found["Pia"].review.due_on == D(2026, 3, 30)
    assert found["Jo"].review.due_on == D(2026, 2, 14)


def test_recording_the_next_school_does_not_meet_the_deadline(
    cohort, caseworker, client, time_machine
):
    """Reg 18(1): the plan must be amended so that it names the next school; a choice
    recorded on the review is not that (tests/reviews/test_phase_rules.py issues it)."""
    at(time_machine, D(2025, 9, 2))
    services.phase_transfers_identify()
    transfer = PhaseTransfer.objects.get(phase="secondary")
    school = Institution.objects.create(urn="990701", name="Hillcrest Academy", kind="academy")
    at(time_machine, D(2026, 2, 10))
    client.force_login(caseworker)
    response = client.post(
        reverse("reviews:transfer_name", args=[transfer.pk]),
        {"institution": school.pk, **date_fields("named_on", D(2026, 2, 10))},
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.next_institution == school and transfer.chosen_on == D(2026, 2, 10)
    assert transfer.named_on is None
    deadline = Deadline.objects.get(child=transfer.child, code="phase_transfer_school")
    assert deadline.status == "open"
    assert phase_transfers_not_named(on=D(2026, 2, 10)).count() == 4


def test_the_name_form_explains_what_is_missing(cohort, caseworker, client, time_machine):
    at(time_machine, D(2025, 9, 2))
    services.phase_transfers_identify()
    transfer = PhaseTransfer.objects.get(phase="secondary")
    client.force_login(caseworker)
    response = client.post(reverse("reviews:transfer_name", args=[transfer.pk]), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select the school or college for after the move" in page


def test_the_managers_cohort_page_and_csv(
    cohort, manager, caseworker, client, time_machine, django_assert_max_num_queries
):
    at(time_machine, D(2025, 9, 2))
    services.phase_transfers_identify()
    client.force_login(manager)
    url = reverse("reviews:phase_transfers") + "?year=2026"
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phase transfers in September 2026" in page
    for name in ("Sami", "Pia", "Rae", "Jo"):
        assert name in page
    assert "Nina" not in page
    # The same number of queries with more children.
    from tests.factories import ChildFactory
    from tests.reviews.conftest import quick_plan

    for n in range(6):
        child = ChildFactory(team=manager.team, date_of_birth=D(2015, 1, n + 1))
        quick_plan(child, issued_on=D(2025, 3, 3), by=caseworker)
    services.phase_transfers_identify()
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    response = client.get(url + "&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "LA reference" and len(rows) == 1 + 10


def test_only_managers_see_the_cohort_and_only_their_teams(cohort, personas, client, time_machine):
    at(time_machine, D(2025, 9, 2))
    services.phase_transfers_identify()
    url = reverse("reviews:phase_transfers") + "?year=2026"
    expected = {
        "caseworker": 403,
        "manager": 200,
        "other_caseworker": 403,
        "advice_giver": 403,
        "family": 403,
        "editor": 403,
        "admin": 200,
    }
    for persona, status in expected.items():
        client.force_login(personas[persona])
        assert client.get(url).status_code == status, persona


def test_dashboard_selectors_are_one_query_each(cohort, time_machine, django_assert_num_queries):
    at(time_machine, D(2025, 9, 2))
    services.phase_transfers_identify()
    with django_assert_num_queries(1):
        assert len(list(phase_transfers_not_named(on=D(2025, 9, 2)))) == 4
    at(time_machine, D(2026, 3, 10))
    with django_assert_num_queries(1):
        overdue = list(reviews_overdue(on=D(2026, 3, 10)))
    assert {r.child.first_name for r in overdue} == {"Sami", "Rae", "Jo"}
    assert all(r.status in Review.LIVE for r in overdue)
