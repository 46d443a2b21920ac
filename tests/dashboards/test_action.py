"""What needs action: overdue, due this week and at risk, drilled down to the cases."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from sen_portal.casework.models import Deadline
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

d = datetime.date
URL = reverse("dashboards:action")
# Wednesday 9 July 2025; the week ends on Sunday 13 July; "due soon" (10 working days)
# runs to Wednesday 23 July.
TODAY = datetime.datetime(2025, 7, 9, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def due(child, due_on, *, code="final_plan", status=Deadline.Status.OPEN, **extra):
    return Deadline.objects.create(
        child=child,
        code=code,
        started_on=due_on - datetime.timedelta(weeks=20),
        due_on=due_on,
        status=status,
        breached_at=TODAY if status == Deadline.Status.BREACHED else None,
        **extra,
    )


@pytest.fixture
def deadlines(team, other_team, caseworker):
    mine = ChildFactory(team=team, caseworker=caseworker, first_name="Ava", last_name="Overdue")
    other = ChildFactory(team=team, first_name="Ben", last_name="Soon")
    due(mine, d(2025, 7, 1), status=Deadline.Status.BREACHED)  # overdue (missed)
    due(other, d(2025, 7, 8), code="decide_whether_to_assess")  # overdue, not yet swept
    due(mine, d(2025, 7, 9), code="review_decision")  # today: this week and at risk
    due(other, d(2025, 7, 13), code="annual_review")  # Sunday: this week and at risk
    due(other, d(2025, 7, 23), code="review_report")  # at risk only
    due(other, d(2025, 7, 24), code="amended_plan")  # neither
    due(other, d(2025, 7, 2), code="decide_not_to_issue", status=Deadline.Status.MET,
        met_on=d(2025, 7, 2))  # fmt: skip
    due(
        other,
        d(2025, 7, 2),
        code="reassessment_final_plan",
        status=Deadline.Status.EXCEPTED,
        exception_reason="exceptional_personal_circumstances",
        exception_starts_on=d(2025, 6, 1),
    )  # an exception: its time limit does not apply
    due(ChildFactory(team=other_team), d(2025, 7, 1))  # another team's
    # Not the council's dates (timescales.whose_date). Another body's, passed: to chase,
    # not overdue; another body's due today: in no list. The family's 15 days on a draft
    # (Reg 13(1)) ended on 3 July: in no list (not a breach).
    due(mine, d(2025, 7, 4), code="advice_due")
    due(other, d(2025, 7, 9), code="institution_consultation")
    due(other, d(2025, 7, 3), code="draft_representations")


def test_each_list_is_counted(client, frozen, deadlines, manager):
    client.force_login(manager)
    response = client.get(URL)
    counts = {name: count for name, _label, count in response.context["lists"]}
    assert counts == {"overdue": 2, "week": 2, "amber": 3, "chase": 1}


def test_the_overdue_list_links_to_each_case(client, frozen, deadlines, manager):
    client.force_login(manager)
    response = client.get(URL, {"list": "overdue"})
    listed = [dl.child.last_name for dl in response.context["page"].object_list]
    assert listed == ["Overdue", "Soon"]
    child = Deadline.objects.get(code="decide_whether_to_assess").child
    assert reverse("casework:child_detail", args=[child.pk]) in response.content.decode()


def test_the_at_risk_list(client, frozen, deadlines, manager):
    client.force_login(manager)
    response = client.get(URL, {"list": "amber"})
    codes = [dl.code for dl in response.context["page"].object_list]
    assert codes == ["review_decision", "annual_review", "review_report"]


def test_only_the_councils_passed_dates_are_overdue_and_another_bodys_are_to_chase(
    client, frozen, deadlines, manager
):
    """Wednesday 9 July 2025: the psychologist's advice was due on Friday 4 July (Reg
    8(1), the adviser's date) and the family's 15 days on a draft ended on Thursday 3
    July (Reg 13(1), their date): neither is the council's overdue; the advice is listed
    to chase."""
    client.force_login(manager)
    overdue = client.get(URL, {"list": "overdue"}).context["page"].object_list
    assert [dl.code for dl in overdue] == ["final_plan", "decide_whether_to_assess"]
    response = client.get(URL, {"list": "chase"})
    assert [dl.code for dl in response.context["page"].object_list] == ["advice_due"]
    assert response.context["chosen_label"] == "Another body’s date passed (to chase)"
    week = client.get(URL, {"list": "week"}).context["page"].object_list
    assert "institution_consultation" not in [dl.code for dl in week]


def test_a_caseworker_sees_only_their_own_cases(client, frozen, deadlines, caseworker):
    client.force_login(caseworker)
    response = client.get(URL)
    counts = {name: count for name, _label, count in response.context["lists"]}
    assert counts == {"overdue": 1, "week": 1, "amber": 1, "chase": 1}


def test_an_unknown_list_is_not_found(client, manager):
    client.force_login(manager)
    assert client.get(URL, {"list": "everything"}).status_code == 404


def test_advice_overdue_is_counted_by_agency(client, frozen, team, manager, make_advice):
    make_advice(team, kind="health", requested_on=d(2025, 5, 1))  # due 12 June: 27 days
    make_advice(team, kind="health", requested_on=d(2025, 5, 20))  # due 1 July: 8 days
    make_advice(team, kind="social_care", requested_on=d(2025, 6, 1))  # due 13 July
    make_advice(team, kind="education", requested_on=d(2025, 5, 1), received_on=d(2025, 6, 1))
    client.force_login(manager)
    advice = client.get(URL).context["advice"]
    assert advice == [
        {"kind": "health", "label": "Medical (health) advice", "count": 2, "days_overdue": 27}
    ]


def test_the_list_downloads_as_csv(client, frozen, deadlines, manager):
    client.force_login(manager)
    response = client.get(URL, {"list": "overdue", "format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0] == "LA reference,Name,Caseworker,Deadline,Due"
    assert len(lines) == 3
    assert lines[1].endswith(",Casey Worker,Issue the final plan,2025-07-01")


def test_overdue_reviews_are_counted_for_the_team_and_link_to_the_reviews_list(
    client, frozen, team, other_team, caseworker, manager
):
    from reviews.services import review_start
    from tests.journeys import quick_plan

    # Plans issued on 1 June 2024: their reviews were due by 1 June 2025, before today.
    for owner in (team, other_team):
        plan = quick_plan(ChildFactory(team=owner), issued_on=d(2024, 6, 1), by=caseworker)
        review_start(plan=plan)  # as the daily task starts it
    client.force_login(manager)

    response = client.get(URL)

    steps = {step.label: step.count for step in response.context["later_steps"]}
    assert steps == {
        "Annual review meetings overdue": 1,
        "Phase transfers past their date with no school or college named": 0,
        "Disagreements open (mediation or appeal)": 0,
    }
    assert f'href="{reverse("reviews:review_list")}?when=overdue"' in response.text
