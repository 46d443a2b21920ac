"""A year in the life of a plan, on a worked calendar.

The final plan was issued on Monday 7 January 2030, so the first review meeting is due by
Monday 6 January 2031 (the last day of the 12 months starting with the issue date, CFA
s44(1)). The daily job starts the review once that
falls within about a term (4 months). The meeting is arranged for Monday 2 December 2030:
invitations and papers are due by Monday 18 November (2 weeks before, Reg 20(3)-(4)); the
report by Monday 16 December (2 weeks after, Reg 20(7)); the decision by Monday 30
December (4 weeks after, Reg 20(10)); the next meeting by Monday 1 December 2031; an
amended plan by Monday 24 February 2031 (12 weeks after the meeting, Devon).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from ceasing.models import CeasingProposal
from plans.models import Plan
from reviews import services
from reviews.models import Review
from reviews.tasks import create_due_reviews
from sen_portal.casework.models import ChronologyEvent, Deadline, Notification
from tests.reviews.conftest import at, date_fields

pytestmark = pytest.mark.django_db

D = datetime.date
MEETING = D(2030, 12, 2)


def deadline(child, code, status=None) -> Deadline:
    rows = Deadline.objects.filter(child=child, code=code).order_by("-id")
    if status:
        rows = rows.filter(status=status)
    return rows.first()


def test_the_daily_job_starts_the_review_a_term_before_it_falls_due(plan_in_force, time_machine):
    assert deadline(plan_in_force.child, "annual_review").due_on == D(2031, 1, 6)
    at(time_machine, D(2030, 9, 1))  # 4 months ahead is 1 January 2031: not yet
    assert create_due_reviews()["created"] == 0
    at(time_machine, D(2030, 9, 10))
    assert create_due_reviews()["created"] == 1
    review = Review.objects.get(plan=plan_in_force)
    assert review.status == "due" and review.due_on == D(2031, 1, 6)
    assert review.started_by is None
    # Idempotent: a second run (or the command) starts nothing more.
    assert create_due_reviews()["created"] == 0
    call_command("create_reviews", stdout=io.StringIO())
    assert Review.objects.filter(plan=plan_in_force).count() == 1
    assert ChronologyEvent.objects.filter(kind="review_started").count() == 1


@pytest.fixture
def due_review(plan_in_force, time_machine):
    at(time_machine, D(2030, 9, 10))
    services.reviews_create_due()
    return Review.objects.get(plan=plan_in_force)


@pytest.fixture
def report_in(due_review, caseworker, time_machine):
    """Through the meeting and its report, by HTTP as a caseworker would."""
    at(time_machine, D(2030, 10, 1))
    review = services.review_schedule(
        review=due_review, meeting_on=MEETING, venue="Northshire Primary School",
        acting_user=caseworker,
    )  # fmt: skip
    at(time_machine, D(2030, 12, 2))
    review = services.review_hold(review=review, held_on=MEETING, acting_user=caseworker)
    at(time_machine, D(2030, 12, 10))
    return services.review_record_report(
        review=review, received_on=D(2030, 12, 10), summary="Good progress in reading.",
        acting_user=caseworker,
    )  # fmt: skip


def test_arranging_the_meeting_sets_papers_due_two_weeks_before(
    due_review, caseworker, client, time_machine
):
    at(time_machine, D(2030, 10, 1))
    client.force_login(caseworker)
    url = reverse("reviews:review_schedule", args=[due_review.pk])
    response = client.post(url, {**date_fields("meeting_on", MEETING), "venue": "The school"})
    assert response.status_code == 302
    due_review.refresh_from_db()
    assert due_review.status == "scheduled" and due_review.meeting_on == MEETING
    papers = deadline(due_review.child, "review_papers")
    assert (papers.due_on, papers.status) == (D(2030, 11, 18), "open")
    # Advice asked for is due with the papers.
    client.post(
        reverse("reviews:advice_add", args=[due_review.pk]),
        {"kind": "institution", "from_whom": "Year 4 class teacher",
         **date_fields("requested_on", D(2030, 10, 1))},
    )  # fmt: skip
    advice = due_review.advice.get()
    assert advice.due_on == D(2030, 11, 18)
    # Moving the meeting moves the papers' date, and the advice's.
    client.post(url, {**date_fields("meeting_on", D(2030, 12, 9)), "venue": "The school"})
    assert deadline(due_review.child, "review_papers", "open").due_on == D(2030, 11, 25)
    advice.refresh_from_db()
    assert advice.due_on == D(2030, 11, 25)
    # Papers sent in time meet the deadline.
    at(time_machine, D(2030, 11, 20))
    client.force_login(caseworker)  # a new day, a new session
    response = client.post(
        reverse("reviews:papers_sent", args=[due_review.pk]), date_fields("on", D(2030, 11, 20))
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    papers = deadline(due_review.child, "review_papers", "met")
    assert papers.met_on == D(2030, 11, 20) and not papers.met_late


def test_holding_the_meeting_meets_the_review_and_starts_the_next_twelve_months(
    due_review, caseworker, time_machine
):
    at(time_machine, D(2030, 10, 1))
    services.review_schedule(
        review=due_review, meeting_on=MEETING, venue="School", acting_user=caseworker
    )
    mum = services.review_add_participant(
        review=due_review, name="Pat Parent", role="family", invited_on=D(2030, 10, 1),
        acting_user=caseworker,
    )  # fmt: skip
    services.review_add_participant(
        review=due_review, name="Dr Nia Health", role="health", invited_on=D(2030, 10, 1),
        acting_user=caseworker,
    )  # fmt: skip
    at(time_machine, MEETING)
    services.review_hold(
        review=due_review, held_on=MEETING, attended_ids=[mum.pk], acting_user=caseworker
    )
    child = due_review.child
    first = Deadline.objects.get(child=child, code="annual_review", status="met")
    assert first.met_on == MEETING and not first.met_late
    assert deadline(child, "annual_review", "open").due_on == D(2031, 12, 1)
    assert deadline(child, "review_report").due_on == D(2030, 12, 16)
    assert deadline(child, "review_decision").due_on == D(2030, 12, 30)
    # Papers never recorded as sent: that clock stops, it is not met.
    assert deadline(child, "review_papers").status == "cancelled"
    attended = dict(due_review.participants.values_list("name", "attended"))
    assert attended == {"Pat Parent": True, "Dr Nia Health": False}


def test_decision_maintain_gives_the_family_their_appeal_right(
    report_in, caseworker, client, family_member, time_machine
):
    child = report_in.child
    assert deadline(child, "review_report").status == "met"
    at(time_machine, D(2030, 12, 20))
    client.force_login(caseworker)
    response = client.post(
        reverse("reviews:review_decide", args=[report_in.pk]),
        {"decision": "maintain", "reasons": "Outcomes on track.",
         **date_fields("on", D(2030, 12, 20))},
    )  # fmt: skip
    assert response.status_code == 302
    report_in.refresh_from_db()
    assert report_in.status == "decided" and report_in.decision == "maintain"
    # 2 months after 20 December 2030 is Thursday 20 February 2031.
    assert report_in.appeal_due_on == D(2031, 2, 20)
    assert deadline(child, "appeal_after_decision").due_on == D(2031, 2, 20)
    assert deadline(child, "review_decision").met_on == D(2030, 12, 20)
    # The next review: the last day of 12 months starting with the meeting.
    assert deadline(child, "annual_review", "open").due_on == D(2031, 12, 1)
    # The family are told there is an update (no personal data in the email).
    assert Notification.objects.filter(
        recipient=family_member.user, kind=Notification.Kind.FAMILY_UPDATE
    ).exists()
    # The family see the decision, their appeal date and the next review.
    client.force_login(family_member.user)
    page = client.get(reverse("family:case", args=[child.pk])).content.decode()
    assert "we decided to keep the plan as it is" in page
    assert "20 February 2031" in page
    assert "1 December 2031" in page


def test_decision_amend_sends_the_proposals_and_starts_the_twelve_week_clock(
    report_in, caseworker, time_machine
):
    """R (L, M & P) v Devon CC [2022]: the amendments are prepared, then the decision to
    amend sends them (see tests/reviews/test_devon.py for the whole rule)."""
    from tests.plans.test_amendments import amend_section_f

    at(time_machine, D(2030, 12, 20))
    services.review_prepare_amendments(review=report_in, on=D(2030, 12, 20), acting_user=caseworker)
    plan = Plan.objects.get(pk=report_in.plan_id)
    amend_section_f(plan, caseworker)
    services.review_decide(
        review=report_in, decision="amend", reasons="More speech and language therapy.",
        on=D(2030, 12, 20), acting_user=caseworker,
    )  # fmt: skip
    plan = Plan.objects.get(pk=report_in.plan_id)
    assert plan.status == "amendment_proposed"
    assert plan.amendments.get().proposals_summary == "More speech and language therapy."
    latest = deadline(plan.child, "amended_plan_after_review")
    assert (latest.due_on, latest.subject_id) == (D(2031, 2, 24), str(plan.pk))
    assert deadline(plan.child, "appeal_after_decision") is None


def test_decision_cease_proposes_ceasing(report_in, caseworker, time_machine):
    at(time_machine, D(2030, 12, 20))
    services.review_decide(
        review=report_in, decision="cease", reasons="Needs met without a plan.",
        on=D(2030, 12, 20), acting_user=caseworker,
    )  # fmt: skip
    proposal = CeasingProposal.objects.get(plan=report_in.plan)
    assert proposal.status in CeasingProposal.LIVE


def test_the_decision_waits_for_the_report(due_review, caseworker, time_machine):
    at(time_machine, D(2030, 10, 1))
    with pytest.raises(services.ActionRefused):
        services.review_decide(
            review=due_review, decision="maintain", reasons="x", on=D(2030, 10, 1),
            acting_user=caseworker,
        )  # fmt: skip
    with pytest.raises(services.ActionRefused):
        services.review_hold(review=due_review, held_on=D(2030, 10, 1), acting_user=caseworker)


def test_a_review_of_a_ceased_plan_is_cancelled_by_the_daily_job(
    due_review, caseworker, time_machine
):
    from plans.services import plan_cease

    at(time_machine, D(2030, 10, 1))
    plan_cease(plan=due_review.plan, on=D(2030, 10, 1), reason="5", acting_user=caseworker)
    assert services.reviews_create_due().cancelled == 1
    due_review.refresh_from_db()
    assert due_review.status == "cancelled"


def test_a_child_under_5_can_be_reviewed_every_few_months(
    team, caseworker, make_plan, time_machine
):
    at(time_machine, D(2030, 1, 7))
    plan = make_plan(born=D(2027, 3, 1), issued_on=D(2030, 1, 7))
    services.review_set_frequency(plan=plan, months=4, acting_user=caseworker)
    # Due 7 May 2030: within 4 months of 7 January 2030 (7 May) already.
    at(time_machine, D(2030, 1, 8))
    assert services.reviews_create_due().created == 1
    assert Review.objects.get(plan=plan).due_on == D(2030, 5, 7)
    older = make_plan(born=D(2020, 3, 1), issued_on=D(2030, 1, 7))
    with pytest.raises(Exception, match="under 5"):
        services.review_set_frequency(plan=older, months=4, acting_user=caseworker)


def test_the_daily_job_is_on_the_beat_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["create-due-reviews"]
    assert schedule["task"] == create_due_reviews.name == "reviews.tasks.create_due_reviews"
    assert schedule["schedule"] == datetime.timedelta(days=1)
