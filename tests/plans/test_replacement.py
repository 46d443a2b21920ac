"""A replacement plan after a reassessment (SEND Regulations 2014 reg 27(1)), on a
worked calendar.

Sam's plan is in force from Monday 7 January 2030. Their parent asks for a reassessment
that day; the council decides on Monday 14 January to reassess (within 15 days, Reg
25(1)), so the amended or replacement plan is due within 14 weeks of that notice, by
Monday 22 April 2030 (Reg 27(2)). After the advice it decides to replace the plan: a new
plan is drafted while the old one stays in force; the replacement's final plan, issued on
Monday 4 March 2030, meets the 14 weeks, the old plan is replaced that day, and the new
plan's first review is due within the 12 months starting with the day it was made (CFA
s44(1)): by Monday 3 March 2031.
"""

from __future__ import annotations

import datetime

import pytest

from assessments import services as assessment_services
from assessments.models import NeedsAssessment
from plans import services
from plans.models import Plan
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.journeys import fill_draft_sections
from tests.plans.conftest import FINAL_ON, at

pytestmark = pytest.mark.django_db

D = datetime.date
DECIDED = D(2030, 1, 14)
DRAFT_ON = D(2030, 2, 11)
FINAL = D(2030, 3, 4)


@pytest.fixture
def reassessed(plan_in_force, caseworker, psychologist, time_machine):
    """The reassessment asked for on 7 January, decided on 14 January, advice in."""
    child = plan_in_force.child
    request = assessment_services.request_record(
        child=child, requester="parent", requester_name="Alex Parentson",
        received_on=FINAL_ON, reasons="Sam's needs have changed.", consent_to_share=False,
        acting_user=caseworker,
    )  # fmt: skip
    at(time_machine, DECIDED)
    assessment = assessment_services.request_decide_to_assess(
        assessment_request=request, on=DECIDED, acting_user=caseworker
    )
    advice = assessment_services.advice_request_create(
        assessment=assessment, kind="educational_psychology", advice_giver=psychologist,
        questions="How have Sam's needs changed?", requested_on=DECIDED, acting_user=caseworker,
    )  # fmt: skip
    assessment_services.advice_submit(
        advice_request=advice, needs="New needs.", outcomes="Speaks in sentences.",
        provision="Weekly therapy.", acting_user=psychologist,
    )  # fmt: skip
    assessment_services.assessment_complete_advice(
        assessment=assessment, on=DECIDED, acting_user=caseworker
    )
    return NeedsAssessment.objects.get(pk=assessment.pk)


def test_the_replacement_is_drafted_beside_the_plan_in_force_and_replaces_it_when_final(
    reassessed, plan_in_force, caseworker, institutions, time_machine
):
    old = plan_in_force
    due = Deadline.objects.get(child=old.child, code="reassessment_final_plan")
    assert due.due_on == D(2030, 4, 22)
    old_review = Deadline.objects.get(child=old.child, code="annual_review", status="open")
    assert old_review.due_on == D(2031, 1, 6)  # 12 months starting with 7 January 2030

    # A review of the old plan, started early (a change of circumstances).
    from reviews import services as review_services

    early_review = review_services.review_start(plan=old, acting_user=caseworker)
    assessment_services.assessment_decide_to_issue(
        assessment=reassessed, on=DECIDED, acting_user=caseworker, replace=True
    )
    new = Plan.objects.get(assessment=reassessed)
    assert new.replaces_id == old.pk and new.status == Plan.Status.DRAFTING
    old.refresh_from_db()
    assert old.status == Plan.Status.IN_FORCE  # still maintained meanwhile
    assert not old.amendments.exists()  # replaced, not amended

    # The new plan is drafted and issued as any plan (Regs 12-13).
    at(time_machine, DRAFT_ON)
    fill_draft_sections(new, caseworker)
    services.plan_issue_draft(
        plan=new, on=DRAFT_ON, preferred_institution=institutions["primary"],
        acting_user=caseworker,
    )  # fmt: skip
    consultation = services.plan_consult_institution(
        plan=new, institution=institutions["primary"], on=DRAFT_ON, acting_user=caseworker
    )
    services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=DRAFT_ON,
        acting_user=caseworker,
    )  # fmt: skip
    services.plan_section_update(
        plan=new, code="I", data={"placement": institutions["primary"], "placement_note": ""},
        completed=True, acting_user=caseworker,
    )  # fmt: skip
    at(time_machine, FINAL)  # the family's 15 days (11 to 25 February) are over
    services.plan_issue_final(plan=new, on=FINAL, acting_user=caseworker)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, old.replaced_on) == (Plan.Status.REPLACED, FINAL)
    assert new.status == Plan.Status.FINAL_ISSUED
    due.refresh_from_db()
    assert (due.status, due.met_on, due.met_late) == ("met", FINAL, False)
    old_review.refresh_from_db()
    assert old_review.status == "cancelled"
    first_review = Deadline.objects.get(
        child=new.child, code="annual_review", status="open", subject_id=str(new.pk)
    )
    assert first_review.due_on == D(2031, 3, 3)  # CFA s44(1)
    assert ChronologyEvent.objects.filter(kind="plan_replaced").exists()

    # The daily job stops the old plan's review, dated the day it was replaced.
    review_services.reviews_create_due(on=FINAL)
    early_review.refresh_from_db()
    assert early_review.status == "cancelled"


def test_only_a_reassessment_can_end_in_a_replacement(child, caseworker, psychologist, monkeypatch):
    from tests.journeys import decided_to_issue

    real = assessment_services.assessment_decide_to_issue
    monkeypatch.setattr(
        assessment_services,
        "assessment_decide_to_issue",
        lambda **kwargs: real(**kwargs, replace=True),
    )
    with pytest.raises(services.ActionRefused, match="Only a reassessment"):
        decided_to_issue(child, caseworker, psychologist)
    assert not Plan.objects.filter(child=child).exists()


def test_the_decision_page_offers_amend_or_replace(
    reassessed, plan_in_force, caseworker, client, time_machine
):
    from django.urls import reverse

    from tests.plans.conftest import date_fields

    client.force_login(caseworker)
    url = reverse("assessments:assessment_decide_to_issue", args=[reassessed.pk])
    page = client.get(url).content.decode()
    assert "What will the council do with the EHC plan?" in page
    assert "Replace it with a new plan" in page
    response = client.post(url, {**date_fields("on", DECIDED), "outcome": "replace"})
    assert response.status_code == 302
    new = Plan.objects.get(assessment=reassessed)
    assert new.replaces_id == plan_in_force.pk and new.status == "drafting"
