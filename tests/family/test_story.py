"""The plain-English summary at each appealable decision, built from unsaved rows (the
sentences depend only on the workflows' states and dates)."""

import datetime

from assessments.models import AssessmentStatus, NeedsAssessment
from plans.models import Plan, PlanStatus
from sen_portal import timescales
from sen_portal.casework.models import Child, Deadline
from sen_portal.family.selectors import CaseOverview
from sen_portal.family.story import case_story, date_rows

SAM = Child(first_name="Samuel", preferred_name="Sam", last_name="Example")
DAY = datetime.date(2025, 2, 17)


def test_a_decision_not_to_issue_a_plan_gives_the_appeal_date():
    assessment = NeedsAssessment(
        status=AssessmentStatus.DECIDED_NOT_TO_ISSUE,
        decided_on=DAY,
        appeal_due_on=timescales.appeal_due(DAY),
    )
    story = case_story(child=SAM, overview=CaseOverview(None, assessment, None), today=DAY)
    assert story.now.startswith("We decided on Monday 17 February 2025 not to issue an EHC plan")
    assert (
        story.rights.decision == "We decided on Monday 17 February 2025 not to issue an EHC plan."
    )
    assert story.rights.appeal_by == datetime.date(2025, 4, 17)


def test_a_final_plan_gives_the_appeal_date_from_the_day_it_was_issued():
    plan = Plan(status=PlanStatus.FINAL_ISSUED, final_issued_on=DAY)
    story = case_story(child=SAM, overview=CaseOverview(None, None, plan), today=DAY)
    assert story.now == "Sam's final EHC plan was issued on Monday 17 February 2025."
    assert story.rights.appeal_by == timescales.appeal_due(DAY)


def test_a_draft_plan_asks_for_comments_by_the_date():
    plan = Plan(
        status=PlanStatus.DRAFT_ISSUED,
        draft_issued_on=DAY,
        representations_due_on=DAY + datetime.timedelta(days=14),
    )
    story = case_story(child=SAM, overview=CaseOverview(None, None, plan))
    assert story.now == (
        "We sent you the draft EHC plan for Sam on Monday 17 February 2025. Tell us what you "
        "think of it, and which school or college you would like, by Monday 3 March 2025."
    )
    assert story.rights is None


def test_dates_say_whether_each_was_met():
    met_late = Deadline(
        code="final_plan", due_on=DAY, status=Deadline.Status.MET, met_on=DAY.replace(day=20)
    )
    missed = Deadline(code="decide_whether_to_assess", due_on=DAY, status=Deadline.Status.OPEN)
    coming = Deadline(code="annual_review", due_on=DAY.replace(year=2026), status="open")
    rows = date_rows([met_late, missed, coming], today=DAY.replace(day=25))
    # What is still to do (or late) comes first, soonest first; then what is done.
    assert [r.outcome for r in rows] == [
        "Not done by this date: we are late",
        "Still to come",
        "Done late, on Thursday 20 February 2025 (3 days late)",
    ]
    assert [r.is_open for r in rows] == [True, True, False]
    assert rows[2].what == "We send you the final EHC plan"


def test_the_family_see_whose_date_it_was():
    """Advice due Monday 17 February 2025 (Reg 8(1)) is another body's date: chased, not
    "we are late"; the family's own 15 days on a draft (Reg 13(1)) simply pass."""
    advice = Deadline(code="advice_due", due_on=DAY, status=Deadline.Status.OPEN)
    window = Deadline(code="draft_representations", due_on=DAY, status=Deadline.Status.OPEN)
    rows = date_rows([advice, window], today=DAY.replace(day=25))
    assert [r.outcome for r in rows] == [
        "Not done by this date: we are asking them for it",
        "This date has passed",
    ]
