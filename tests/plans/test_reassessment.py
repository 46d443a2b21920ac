"""Reassessment of a child with an EHC plan (CFA s44(2); SEND Regulations 2014 regs
24-27), on a worked calendar, through the pages a caseworker uses.

Sam's plan was issued and came into force on Monday 7 January 2030. Their parent asks
for a reassessment the same day: the council must decide within 15 days of receiving
the request (Reg 25(1)), by Tuesday 22 January 2030. It decides on Monday 14 January to
reassess: the amended or replacement plan is due within 14 weeks of that notice (Reg
27(2)), by Monday 22 April 2030. A "no" is appealable (CFA s51(2)(d)) and starts the
appeal clock with its notice; Reg 24 lets the council refuse within 6 months of the
last assessment.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import AssessmentRequest, NeedsAssessment
from plans import services
from plans.models import Plan
from sen_portal import timescales
from sen_portal.casework.models import ChronologyEvent, Deadline, Letter
from sen_portal.casework.steps import ActionRefused
from tests.factories import FamilyMemberFactory
from tests.letters.conftest import pdf_text
from tests.letters.test_notices import assert_rights
from tests.plans.conftest import FINAL_ON, at, date_fields
from tests.plans.test_amendments import amend_section_f

pytestmark = pytest.mark.django_db

D = datetime.date
RECEIVED = FINAL_ON  # Monday 7 January 2030
DECIDED = D(2030, 1, 14)


def reassessment_form(**extra):
    return {
        "requester": "parent",
        "requester_name": "Alex Parentson",
        **date_fields("received_on", RECEIVED),
        "reasons": "Sam's needs have changed a lot since the plan was written.",
        "consent_to_share": "yes",
        "share_with": ["education"],
        **extra,
    }


def move_to(day, time_machine, client, user) -> None:
    """The clock moves on; the caseworker signs in again (an idle session ends)."""
    at(time_machine, day)
    client.force_login(user)


def live(child, code) -> Deadline:
    return Deadline.objects.get(child=child, code=code)


@pytest.fixture
def parent(plan_in_force):
    return FamilyMemberFactory(child=plan_in_force.child, full_name="Alex Parentson", user=None)


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.fixture
def requested(plan_in_force, parent, signed_in):
    """The parent's request, recorded from the case page the caseworker uses."""
    child = plan_in_force.child
    case_page = signed_in.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "Record a request for a reassessment" in case_page
    response = signed_in.post(
        reverse("assessments:request_create", args=[child.pk]), reassessment_form()
    )
    request = AssessmentRequest.objects.get(child=child, received_on=RECEIVED)
    assert response.status_code == 302
    assert response.url == reverse("assessments:request_detail", args=[request.pk])
    return request


# --- The law's dates ------------------------------------------------------------------


def test_the_worked_dates_and_the_command_come_from_one_function():
    assert timescales.reassessment_dates(D(2026, 3, 2)) == {
        "reassessment_decision_due": D(2026, 3, 17),
        "reassessment_final_plan_latest": D(2026, 6, 23),
    }
    # Decided before the last day: the 14 weeks run from the decision sent.
    assert timescales.reassessment_dates(RECEIVED, DECIDED) == {
        "reassessment_decision_due": D(2030, 1, 22),
        "reassessment_final_plan_latest": D(2030, 4, 22),
    }
    import io
    import json

    out = io.StringIO()
    call_command("timescales", "--reassessment", "2026-03-02", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        key: value.isoformat()
        for key, value in timescales.reassessment_dates(D(2026, 3, 2)).items()
    }


def test_reg_24_six_months_from_the_last_assessment():
    last = D(2026, 3, 10)
    assert timescales.reassessment_refusable_within_six_months(last, D(2026, 9, 9))
    assert not timescales.reassessment_refusable_within_six_months(last, D(2026, 9, 10))
    assert not timescales.reassessment_refusable_within_six_months(None, D(2026, 9, 9))


# --- Recording the request --------------------------------------------------------------


def test_a_new_request_for_a_child_with_a_plan_is_a_reassessment_with_its_15_days(requested):
    child = requested.child
    assert requested.kind == "reassessment"
    assert requested.decision_due_on == D(2030, 1, 22)
    assert live(child, "reassessment_decision").due_on == D(2030, 1, 22)
    # None of a first assessment's clocks.
    assert not Deadline.objects.filter(
        subject_id=str(requested.pk), code__in=["decide_whether_to_assess", "final_plan"]
    ).exists()
    assert ChronologyEvent.objects.filter(
        child=child, kind="reassessment_requested", visible_to_family=True
    ).exists()


def test_the_request_page_says_what_to_do_next_and_by_when(requested, signed_in):
    html = signed_in.get(reverse("assessments:request_detail", args=[requested.pk])).content
    html = html.decode()
    assert "Request for a reassessment" in html
    assert "Decide whether to reassess" in html
    assert "22 January 2030" in html and "15 days, Reg 25(1)" in html


def test_only_the_people_s44_names_may_ask_for_a_reassessment(plan_in_force, signed_in):
    response = signed_in.post(
        reverse("assessments:request_create", args=[plan_in_force.child.pk]),
        reassessment_form(requester="social_care"),
    )
    assert response.status_code == 200
    assert "A reassessment can be asked for by the parent" in response.content.decode()
    assert not AssessmentRequest.objects.filter(kind="reassessment").exists()


# --- Yes: reassess, then the amended plan -------------------------------------------------


def test_a_yes_meets_the_15_days_opens_the_14_weeks_and_ends_in_the_amended_plan(
    requested, signed_in, caseworker, psychologist, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    child = requested.child
    move_to(DECIDED, time_machine, signed_in, caseworker)
    page = signed_in.get(reverse("assessments:request_decide_to_assess", args=[requested.pk]))
    assert "Decide to reassess" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("assessments:request_decide_to_assess", args=[requested.pk]),
            date_fields("on", DECIDED),
        )
    assert response.status_code == 302
    decision = live(child, "reassessment_decision")
    assert decision.status == "met" and decision.met_on == DECIDED
    plan_due = Deadline.objects.get(child=child, code="reassessment_final_plan")
    assert plan_due.due_on == D(2030, 4, 22)
    assert (
        plan_due.due_on
        == timescales.reassessment_dates(RECEIVED, DECIDED)["reassessment_final_plan_latest"]
    )

    # The notice of the decision to reassess, to the parent, with the plan's date.
    letter = Letter.objects.get(kind="reassessment_agreed")
    assert letter.addressee_names == "Alex Parentson"
    assert letter.act_by == D(2030, 4, 22)
    text = pdf_text(letter)
    assert "Dear Alex Parentson" in text
    assert "decided to reassess" in text
    assert "22 April 2030" in text
    assert "regulations 25(1), 26 and 27(2)" in text

    # The reassessment asks for advice as an assessment does (Reg 26).
    assessment = NeedsAssessment.objects.get(request=requested)
    advice = assessment_services.advice_request_create(
        assessment=assessment,
        kind="educational_psychology",
        advice_giver=psychologist,
        questions="How have Sam's needs changed?",
        requested_on=DECIDED,
        acting_user=caseworker,
    )
    assessment_services.advice_submit(
        advice_request=advice,
        needs="Needs speech and language therapy now.",
        outcomes="Speaks in short sentences by the summer.",
        provision="Weekly speech and language therapy.",
        acting_user=psychologist,
    )
    assessment_services.assessment_complete_advice(
        assessment=assessment, on=DECIDED, acting_user=caseworker
    )
    # No "no plan" after a reassessment: the plan is amended, or not amended on its page.
    with pytest.raises(ActionRefused, match="After a reassessment the plan is amended"):
        assessment_services.assessment_decide_not_to_issue(
            assessment=assessment, on=DECIDED, reasons="No.", acting_user=caseworker
        )
    detail = signed_in.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    detail = detail.content.decode()
    assert "Decide to amend the plan" in detail
    assert "Decide not to issue a plan" not in detail
    assert "The amended plan is due by 22 April 2030 (14 weeks, Reg 27(2))" in detail
    page = signed_in.get(reverse("assessments:assessment_decide_to_issue", args=[assessment.pk]))
    assert "Decide to amend the EHC plan after the reassessment" in page.content.decode()
    assert "22 April 2030" in page.content.decode()
    signed_in.post(
        reverse("assessments:assessment_decide_to_issue", args=[assessment.pk]),
        date_fields("on", DECIDED),
    )
    plan = Plan.objects.get(child=child)
    assert plan.status == Plan.Status.AMENDING
    assert "Reassessment requested on 7 January 2030" in plan.amendments.get().reason
    # No new plan is offered from a reassessment.
    assessment.refresh_from_db()
    assert not assessment.awaiting_plan

    # The proposals, the family's 15 days, the amended plan: the 14 weeks are met.
    amend_section_f(plan, caseworker)
    at(time_machine, D(2030, 2, 4))
    services.plan_issue_amendment_proposals(
        plan=plan, on=D(2030, 2, 4), summary="Add speech and language therapy.",
        acting_user=caseworker,
    )  # fmt: skip
    # Reg 27(1) applies regs 11, 12, 13(1) and 14, not reg 22: no 8 weeks of Reg 22(3)
    # (they would end on Monday 1 April 2030); the plan is due by the 14 weeks of Reg
    # 27(2), Monday 22 April 2030.
    amendment = plan.amendments.get()
    assert amendment.amended_plan_due_on == D(2030, 4, 22)
    assert amendment.amended_plan_due_rule == "14 weeks from the decision to reassess, Reg 27(2)"
    assert not Deadline.objects.filter(child=child, code="amended_plan").exists()
    from sen_portal.casework.letters.services import letter_render

    notice = Letter.objects.get(child=child, kind="plan_amendment_proposed")
    words = pdf_text(letter_render(letter_id=notice.pk))
    assert "by 22 April 2030, within 14 weeks of our decision to reassess" in words
    assert "regulation 27(2)" in words and "8 weeks" not in words
    signed_in.force_login(caseworker)  # an idle session ends as the clock moves on
    page = signed_in.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "22 April 2030 (14 weeks from the decision to reassess, Reg 27(2))" in page
    # Past the 8 weeks, nothing is missed: the sweep on Tuesday 2 April records no breach.
    from sen_portal.casework.sweep import sweep_deadlines

    at(time_machine, D(2030, 4, 2))
    assert sweep_deadlines().breaches == 0
    issued_on = D(2030, 4, 15)
    at(time_machine, issued_on)
    services.plan_issue_amended_final(plan=plan, on=issued_on, acting_user=caseworker)
    plan_due.refresh_from_db()
    assert plan_due.status == "met" and plan_due.met_on == issued_on and not plan_due.met_late


# --- No: the ground, the letter, the appeal clock ---------------------------------------------


def test_a_no_records_its_ground_and_opens_the_appeal_clock_with_a_letter(
    requested, signed_in, caseworker, time_machine, django_capture_on_commit_callbacks
):
    child = requested.child
    move_to(DECIDED, time_machine, signed_in, caseworker)
    page = signed_in.get(reverse("assessments:request_decline", args=[requested.pk]))
    assert "Decide not to reassess" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("assessments:request_decline", args=[requested.pk]),
            {
                **date_fields("on", DECIDED),
                "ground": "not_necessary",
                "reasons": "The annual review in March can change the plan.",
            },
        )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == "declined"
    assert requested.refusal_ground == "not_necessary"
    assert requested.appeal_due_on == timescales.appeal_due(DECIDED)
    assert live(child, "reassessment_decision").met_on == DECIDED
    appeal = live(child, "appeal_after_decision")
    assert appeal.started_on == DECIDED and appeal.subject_id == str(requested.pk)

    letter = Letter.objects.get(kind="reassessment_refused")
    assert letter.addressee_names == "Alex Parentson"
    text = assert_rights(letter, requested.appeal_due_on)
    assert "decided not to reassess" in text
    assert "The annual review in March can change the plan." in text
    assert "section 51(2)(d)" in text
    assert requested.decision_letter == letter.document


def test_the_six_month_ground_only_within_six_months_of_the_last_assessment(
    requested, caseworker, time_machine
):
    # The last assessment was decided years before 7 January 2030.
    at(time_machine, DECIDED)
    with pytest.raises(ValidationError) as error:
        assessment_services.request_decline(
            assessment_request=requested,
            on=DECIDED,
            reasons="Too soon.",
            ground="within_six_months",
            acting_user=caseworker,
        )
    assert "not within the 6 months before the request" in str(error.value)
    with pytest.raises(ValidationError, match="Select why"):
        assessment_services.request_decline(
            assessment_request=requested, on=DECIDED, reasons="No.", acting_user=caseworker
        )
    requested.refresh_from_db()
    assert requested.status == "received"


def test_within_six_months_of_the_last_assessment_the_ground_is_recorded(
    child, decide_to_issue, caseworker
):
    assessment = decide_to_issue(child)  # decided today
    today = assessment.decided_on
    request = assessment_services.request_record(
        child=child,
        requester="school",
        requester_name="Northshire Primary School",
        received_on=today,
        reasons="Behaviour has changed.",
        consent_to_share=False,
        acting_user=caseworker,
    )
    assert request.is_reassessment
    assessment_services.request_decline(
        assessment_request=request,
        on=today,
        reasons="The assessment has only just finished.",
        ground="within_six_months",
        acting_user=caseworker,
    )
    request.refresh_from_db()
    assert request.get_refusal_ground_display().startswith("Less than 6 months")


# --- The family portal ----------------------------------------------------------------------


def test_the_family_portal_tells_the_story_and_lists_the_letter(
    plan_in_force, family_member, family_user, caseworker, client, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    child = plan_in_force.child
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name=family_member.full_name,
        received_on=RECEIVED,
        reasons="Things have changed.",
        consent_to_share=False,
        acting_user=caseworker,
    )
    client.force_login(family_user)
    html = client.get(reverse("family:case", args=[child.pk])).content.decode()
    assert "request for a reassessment" in html
    assert "Tuesday 22 January 2030" in html

    at(time_machine, DECIDED)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_services.request_decline(
            assessment_request=request,
            on=DECIDED,
            reasons="The annual review can change the plan.",
            ground="not_necessary",
            acting_user=caseworker,
        )
    request.refresh_from_db()
    client.force_login(family_user)
    html = client.get(reverse("family:case", args=[child.pk])).content.decode()
    assert "not to reassess" in html
    assert request.appeal_due_on.strftime("%B %Y") in html
    documents = client.get(reverse("family:documents", args=[child.pk])).content.decode()
    assert "Decision not to reassess" in documents
    assert "We decided not to reassess. You can ask for mediation and appeal." in documents


def test_the_family_can_take_a_no_to_mediation_and_appeal(requested, caseworker, time_machine):
    """CFA s51(2)(d): the refusal is an appealable decision the disagreement route knows,
    with the same appeal date as the letter."""
    from disagreements import services as disagreement_services

    at(time_machine, DECIDED)
    assessment_services.request_decline(
        assessment_request=requested,
        on=DECIDED,
        reasons="Not necessary.",
        ground="not_necessary",
        acting_user=caseworker,
    )
    requested.refresh_from_db()
    disagreement = disagreement_services.disagreement_record(
        child=requested.child,
        kind="not_to_reassess",
        decision_on=DECIDED,
        acting_user=caseworker,
    )
    assert disagreement.get_kind_display().startswith("Not to reassess")
    assert disagreement.appeal_due_on == requested.appeal_due_on


# --- The council's own decision to reassess (CFA s44(3)) ---------------------------------


def test_a_council_initiated_reassessment_runs_14_weeks_from_its_decision(
    plan_in_force, parent, caseworker, time_machine, django_capture_on_commit_callbacks
):
    """The council decides on Monday 7 January 2030 that Sam's needs must be reassessed
    (CFA s44(3)): no 15 days to decide (there is no request), the amended or replacement
    plan within 14 weeks of that decision (Reg 27(2)), by Monday 15 April 2030, and a
    reassessment_initiated letter to the parent."""
    child = plan_in_force.child
    at(time_machine, RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        assessment = assessment_services.reassessment_initiate(
            child=child, on=RECEIVED, reasons="The annual review found new sensory needs.",
            acting_user=caseworker,
        )  # fmt: skip
    request = assessment.request
    assert (request.kind, request.requester, request.status) == (
        "reassessment",
        "council",
        "assessing",
    )
    assert request.council_initiated and request.decided_on == RECEIVED
    assert not Deadline.objects.filter(child=child, code="reassessment_decision").exists()
    plan_due = Deadline.objects.get(child=child, code="reassessment_final_plan")
    assert (plan_due.started_on, plan_due.due_on) == (RECEIVED, D(2030, 4, 15))
    assert not Letter.objects.filter(kind="reassessment_agreed").exists()
    letter = Letter.objects.get(kind="reassessment_initiated")
    assert letter.addressee_names == "Alex Parentson"
    assert letter.act_by == D(2030, 4, 15)
    text = pdf_text(letter)
    assert "we decided that" in text and "15 April 2030" in text
    assert "section 44(3)" in text
    assert ChronologyEvent.objects.filter(kind="reassessment_initiated").exists()

    # A second one while it runs is refused; so is "council" on the request form.
    with pytest.raises(ActionRefused, match="with an EHC plan"):
        assessment_services.reassessment_initiate(
            child=child, on=RECEIVED, reasons="Again.", acting_user=caseworker
        )


def test_the_council_is_not_a_requester_on_the_request_form(
    plan_in_force, caseworker, time_machine
):
    at(time_machine, RECEIVED)
    with pytest.raises(ValidationError, match="recorded on its own page"):
        assessment_services.request_record(
            child=plan_in_force.child, requester="council", requester_name="Northshire Council",
            received_on=RECEIVED, reasons="Needs changed.", consent_to_share=False,
            acting_user=caseworker,
        )  # fmt: skip


def test_a_child_without_a_plan_cannot_be_reassessed(child, caseworker, time_machine):
    at(time_machine, RECEIVED)
    with pytest.raises(ActionRefused, match="Only a child or young person with an EHC plan"):
        assessment_services.reassessment_initiate(
            child=child, on=RECEIVED, reasons="Needs changed.", acting_user=caseworker
        )


def test_the_council_decides_to_reassess_from_the_case_page(
    plan_in_force, parent, signed_in, caseworker, time_machine
):
    child = plan_in_force.child
    case_page = signed_in.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    url = reverse("assessments:reassessment_initiate", args=[child.pk])
    assert url in case_page
    missing = signed_in.post(url, date_fields("on", RECEIVED)).content.decode()
    assert "Enter why a reassessment is needed" in missing
    response = signed_in.post(
        url, {**date_fields("on", RECEIVED), "reasons": "New sensory needs at the review."}
    )
    assert response.status_code == 302
    request = AssessmentRequest.objects.get(child=child, requester="council")
    assert request.reassessment_plan_due_on == D(2030, 4, 15)
    form = signed_in.get(reverse("assessments:request_create", args=[child.pk])).content.decode()
    assert 'value="council"' not in form
