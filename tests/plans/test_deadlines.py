"""The plan's statutory clocks: the family's 15 days from the draft, 15 days for each school
or college consulted, and the request's 20 weeks, met by the final plan on time or late."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from sen_portal import timescales
from sen_portal.casework.models import Deadline
from sen_portal.casework.services import deadline_record_exception
from tests.plans.conftest import (
    TODAY,
    bring_to_final_ready,
    date_fields,
    days_ago,
    fill_draft_sections,
)

pytestmark = pytest.mark.django_db


def deadline(child, code) -> Deadline:
    return Deadline.objects.get(child=child, code=code)


def final_plan_for_request_received(days: int, *, child, decide_to_issue, caseworker, institutions):
    """A plan ready for the final issue, from a request received ``days`` ago."""
    assessment = decide_to_issue(child, received_days_ago=days)
    plan = services.plan_start(assessment=assessment, acting_user=caseworker)
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(
        plan=plan, on=TODAY, preferred_institution=institutions["primary"], acting_user=caseworker
    )
    bring_to_final_ready(plan, caseworker, institutions["primary"])
    return plan


def test_issuing_the_draft_gives_the_family_15_days_beginning_that_day(draft_issued, child):
    window = deadline(child, "draft_representations")
    assert window.status == "open"
    assert window.due_on == TODAY + datetime.timedelta(days=14)
    assert draft_issued.representations_due_on == window.due_on


def test_each_consultation_has_its_own_15_days_met_by_the_reply(
    draft_issued, child, caseworker, institutions
):
    first = services.plan_consult_institution(
        plan=draft_issued,
        institution=institutions["primary"],
        on=days_ago(0),
        acting_user=caseworker,
    )
    services.plan_consult_institution(
        plan=draft_issued, institution=institutions["special"], on=TODAY, acting_user=caseworker
    )
    clocks = Deadline.objects.filter(child=child, code="institution_consultation")
    assert clocks.count() == 2
    assert {d.due_on for d in clocks} == {timescales.due_date("institution_consultation", TODAY)}
    services.plan_record_consultation_response(
        consultation=first, response="cannot_meet", received_on=TODAY, acting_user=caseworker
    )
    assert sorted(clocks.values_list("status", flat=True)) == ["met", "open"]


def test_a_school_is_consulted_once(draft_issued, caseworker, institutions):
    services.plan_consult_institution(
        plan=draft_issued, institution=institutions["primary"], on=TODAY, acting_user=caseworker
    )
    with pytest.raises(ValidationError, match="already been consulted"):
        services.plan_consult_institution(
            plan=draft_issued, institution=institutions["primary"], on=TODAY, acting_user=caseworker
        )


def test_the_final_plan_waits_for_the_familys_comments_or_their_15_days(
    draft_issued, caseworker, institutions
):
    consultation = services.plan_consult_institution(
        plan=draft_issued, institution=institutions["primary"], on=TODAY, acting_user=caseworker
    )
    services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=TODAY, acting_user=caseworker
    )
    services.plan_section_update(
        plan=draft_issued,
        code="I",
        data={"placement": institutions["primary"]},
        completed=True,
        acting_user=caseworker,
    )
    with pytest.raises(ValidationError, match="to comment on the draft"):
        services.plan_issue_final(plan=draft_issued, on=TODAY, acting_user=caseworker)
    draft_issued.refresh_from_db()
    assert draft_issued.status == "consulting"


def test_a_final_plan_within_20_weeks_meets_the_deadline_on_time(
    client, child, caseworker, decide_to_issue, institutions
):
    plan = final_plan_for_request_received(
        60,
        child=child,
        decide_to_issue=decide_to_issue,
        caseworker=caseworker,
        institutions=institutions,
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:plan_issue_final", args=[plan.pk]), date_fields("on", TODAY), follow=True
    )
    clock = deadline(child, "final_plan")
    assert (clock.status, clock.met_on, clock.met_late) == ("met", TODAY, False)
    assert clock.due_on == timescales.due_date("final_plan", days_ago(60))
    assert "within 20 weeks" in response.content.decode()


def test_a_late_final_plan_is_met_late_and_reported(
    client, child, caseworker, decide_to_issue, institutions
):
    plan = final_plan_for_request_received(
        150,
        child=child,
        decide_to_issue=decide_to_issue,
        caseworker=caseworker,
        institutions=institutions,
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:plan_issue_final", args=[plan.pk]), date_fields("on", TODAY), follow=True
    )
    clock = deadline(child, "final_plan")
    assert clock.status == "met"
    assert clock.met_late and clock.days_late == 10
    page = response.content.decode()
    assert "10 days after the 20-week deadline" in page
    assert "Met late" in page
    plan.refresh_from_db()
    assert plan.status == "final_issued"


def test_an_exception_recorded_on_the_20_weeks_stays_when_the_plan_is_late(
    client, child, caseworker, decide_to_issue, institutions
):
    plan = final_plan_for_request_received(
        150,
        child=child,
        decide_to_issue=decide_to_issue,
        caseworker=caseworker,
        institutions=institutions,
    )
    deadline_record_exception(
        deadline=deadline(child, "final_plan"),
        reason="absent_from_area",
        starts_on=days_ago(60),
        ends_on=days_ago(25),
        note="The family were abroad for five weeks (fictional).",
        acting_user=caseworker,
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:plan_issue_final", args=[plan.pk]), date_fields("on", TODAY), follow=True
    )
    clock = deadline(child, "final_plan")
    assert clock.status == "met" and clock.met_late
    assert clock.exception_reason == "absent_from_area"
    assert "exception recorded" in response.content.decode()


def test_issuing_the_final_plan_closes_the_other_clocks_and_starts_the_annual_review(
    final_ready, child, caseworker, institutions
):
    waiting = services.plan_consult_institution(
        plan=final_ready, institution=institutions["special"], on=TODAY, acting_user=caseworker
    )
    services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    # The family's comments were in (met); the unanswered consultation no longer applies.
    assert deadline(child, "draft_representations").status == "met"
    statuses = dict(
        Deadline.objects.filter(code="institution_consultation").values_list("subject_id", "status")
    )
    assert statuses[str(waiting.pk)] == "cancelled"
    review = deadline(child, "annual_review")
    assert (review.status, review.due_on) == ("open", timescales.due_date("annual_review", TODAY))


def test_withdrawing_the_plan_stops_its_clocks_and_the_20_weeks(
    draft_issued, child, caseworker, institutions
):
    services.plan_consult_institution(
        plan=draft_issued, institution=institutions["primary"], on=TODAY, acting_user=caseworker
    )
    services.plan_withdraw(
        plan=draft_issued,
        on=TODAY,
        reason="The family moved to another area.",
        acting_user=caseworker,
    )
    live = Deadline.objects.filter(child=child, status__in=Deadline.LIVE)
    assert not live.exists()
    assert deadline(child, "final_plan").status == "cancelled"
    assert deadline(child, "draft_representations").status == "cancelled"
