"""Fixtures for the plans tests: fictional schools, an assessment that decided to issue a
plan (reached through the real assessments services), and plans in a given state reached
through the real plans services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments import services as assessment_services
from plans import services
from plans.models import Consultation, Institution, Plan
from sen_portal.accounts.roles import Role
from tests.factories import ChildFactory, UserFactory

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    """A date as the three boxes of the GOV.UK date input post it."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """PDFs go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def institutions(db):
    """Fictional schools with made-up URNs."""
    return {
        "primary": Institution.objects.create(
            urn="990101", name="Northshire Primary School", kind="mainstream", town="Northtown"
        ),
        "special": Institution.objects.create(
            urn="990202", name="Brookside Special School", kind="special", town="Southvale"
        ),
        "academy": Institution.objects.create(
            urn="990303", name="Hillcrest Academy", kind="academy", town="Northtown"
        ),
    }


@pytest.fixture
def psychologist(db):
    return UserFactory(
        role=Role.ADVICE_GIVER,
        full_name="Dr Ezra Psychologist",
        job_title="Educational psychologist",
    )


@pytest.fixture
def decide_to_issue(caseworker, psychologist):
    """An assessment of ``child`` decided to issue a plan. The request arrived
    ``received_days_ago`` days ago, so the 20-week deadline falls 140 days after that."""

    def make(child, *, received_days_ago: int = 60):
        received = days_ago(received_days_ago)
        request = assessment_services.request_record(
            child=child,
            requester="parent",
            requester_name="Pat Parent",
            received_on=received,
            reasons="Not making progress in reading despite support at school.",
            consent_to_share=True,
            share_with=["education", "educational_psychology"],
            acting_user=caseworker,
        )
        assessment = assessment_services.request_decide_to_assess(
            assessment_request=request,
            on=received + datetime.timedelta(days=7),
            acting_user=caseworker,
        )
        asked_on = received + datetime.timedelta(days=8)
        psychology = assessment_services.advice_request_create(
            assessment=assessment,
            kind="educational_psychology",
            advice_giver=psychologist,
            questions="What are the child's learning needs?",
            requested_on=asked_on,
            acting_user=caseworker,
        )
        assessment_services.advice_submit(
            advice_request=psychology,
            needs="Slow processing speed and weak working memory.",
            outcomes="Reads at an age-appropriate level by the end of key stage 2.",
            provision="Daily structured phonics, one to one, 20 minutes, from a trained assistant.",
            acting_user=psychologist,
        )
        views = assessment_services.advice_request_create(
            assessment=assessment,
            kind="family_views",
            advice_giver=None,
            addressee="Pat Parent",
            questions="What matters to you and your child?",
            requested_on=asked_on,
            acting_user=caseworker,
        )
        assessment_services.advice_submit(
            advice_request=views,
            needs="Gets anxious when routines change.",
            outcomes="Has friends at school.",
            provision="A quiet space at lunchtime.",
            received_on=TODAY,
            acting_user=caseworker,
        )
        assessment_services.assessment_complete_advice(
            assessment=assessment, on=TODAY, acting_user=caseworker
        )
        return assessment_services.assessment_decide_to_issue(
            assessment=assessment, on=TODAY, acting_user=caseworker
        )

    return make


@pytest.fixture
def assessment(child, decide_to_issue):
    return decide_to_issue(child)


@pytest.fixture
def plan(assessment, caseworker):
    return services.plan_start(assessment=assessment, acting_user=caseworker)


def fill_draft_sections(plan: Plan, user, *, provision_items: int = 1) -> Plan:
    """Every section but I written and marked completed, through the services."""
    services.plan_section_update(
        plan=plan,
        code="A",
        data={
            "a_views": "I like it when people explain things slowly.",
            "a_interests": "Trains, drawing and swimming.",
            "a_aspirations": "To be a train driver.",
        },
        completed=True,
        acting_user=user,
    )
    need = services.plan_item_save(
        plan=plan,
        code="B",
        data={"area": "cognition_learning", "description": "Reads well below age level."},
        acting_user=user,
    ).item
    services.plan_item_save(
        plan=plan,
        code="B",
        data={"area": "semh", "description": "Anxious when routines change."},
        acting_user=user,
    )
    services.plan_section_mark(plan=plan, code="B", completed=True, acting_user=user)
    services.plan_section_update(
        plan=plan,
        code="C",
        data={"c_health_needs": "No health needs related to SEN were identified."},
        completed=True,
        acting_user=user,
    )
    services.plan_section_update(
        plan=plan,
        code="D",
        data={"d_social_care_needs": "No social care needs were identified."},
        completed=True,
        acting_user=user,
    )
    outcome = services.plan_item_save(
        plan=plan,
        code="E",
        data={
            "description": "Reads a book of their choice independently.",
            "achieve_by": "The end of year 6",
            "needs": [need],
        },
        acting_user=user,
    ).item
    services.plan_section_mark(plan=plan, code="E", completed=True, acting_user=user)
    for n in range(provision_items):
        services.plan_item_save(
            plan=plan,
            code="F",
            data={
                "what": f"Structured phonics programme, part {n + 1}",
                "delivered_by": "Teaching assistant trained in the programme",
                "how_often": "5 sessions a week",
                "how_long": "20 minutes a session, until the next annual review",
                "outcomes": [outcome],
                "responsible_agency": "la_education",
                "contact_name": "SEN team, Northshire Council",
            },
            acting_user=user,
        )
    services.plan_item_save(
        plan=plan,
        code="G",
        data={
            "what": "Speech and language therapy review",
            "delivered_by": "NHS speech and language therapist",
            "how_often": "Once a term",
            "how_long": "One hour, for a year",
            "outcomes": [outcome],
            "responsible_agency": "health",
            "contact_name": "Children's therapies, Northshire ICB",
        },
        acting_user=user,
    )
    for code in ("F", "G", "H1", "H2"):
        services.plan_section_mark(plan=plan, code=code, completed=True, acting_user=user)
    services.plan_section_update(
        plan=plan,
        code="J",
        data={"j_requested": True, "j_arrangements": "Paid monthly to the family."},
        acting_user=user,
    )
    services.plan_item_save(
        plan=plan,
        code="J",
        data={
            "section": "F",
            "description": "Phonics tuition",
            "annual_amount": Decimal("1200.00"),
            "arrangement": "direct_payment",
        },
        acting_user=user,
    )
    services.plan_section_mark(plan=plan, code="J", completed=True, acting_user=user)
    services.plan_section_mark(plan=plan, code="K", completed=True, acting_user=user)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def ready_plan(plan, caseworker):
    return fill_draft_sections(plan, caseworker)


@pytest.fixture
def draft_issued(ready_plan, caseworker, institutions):
    """The draft issued today (its PDF not made: no on-commit callbacks run in tests
    unless a test asks for them)."""
    services.plan_issue_draft(
        plan=ready_plan,
        on=TODAY,
        preferred_institution=institutions["primary"],
        acting_user=caseworker,
    )
    ready_plan.refresh_from_db()
    return ready_plan


@pytest.fixture
def draft_version(draft_issued):
    """Version 1, with its PDF."""
    version = draft_issued.versions.get()
    services.plan_version_render_pdf(version_id=version.pk)
    return draft_issued.versions.select_related("pdf").get()


def bring_to_final_ready(plan: Plan, user, institution: Institution) -> Consultation:
    """From the draft to everything the final plan needs: consulted, answered, named,
    the family's comments in."""
    consultation = services.plan_consult_institution(
        plan=plan, institution=institution, on=TODAY, acting_user=user
    )
    services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=TODAY, acting_user=user
    )
    services.plan_record_representations(
        nothing_more=True,
        plan=plan,
        received_on=TODAY,
        representations="We agree with the plan and would like Northshire Primary School.",
        acting_user=user,
    )
    services.plan_section_update(
        plan=plan,
        code="I",
        data={"placement": institution, "placement_note": "Year 5 from September"},
        completed=True,
        acting_user=user,
    )
    plan.refresh_from_db()
    return consultation


@pytest.fixture
def final_ready(draft_issued, caseworker, institutions):
    bring_to_final_ready(draft_issued, caseworker, institutions["primary"])
    return draft_issued


@pytest.fixture
def other_child(other_team):
    return ChildFactory(team=other_team, first_name="Otto", last_name="Elsewhere")


# --- Amending an issued plan (tests/plans/test_amendments*.py) ---------------------------

# A worked calendar, far enough ahead that the real "today" of any run is before it.
FINAL_ON = datetime.date(2030, 1, 7)


def at(time_machine, day: datetime.date) -> None:
    """Move the clock to 9am (London) on ``day``, and keep it there."""
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()),
        tick=False,
    )


@pytest.fixture
def plan_in_force(plan, caseworker, institutions, time_machine):
    """A final plan issued and in force on Monday 7 January 2030 (version 2), naming
    Northshire Primary School; the clock is left on that day."""
    at(time_machine, FINAL_ON)
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(
        plan=plan,
        on=FINAL_ON,
        preferred_institution=institutions["primary"],
        acting_user=caseworker,
    )
    consultation = services.plan_consult_institution(
        plan=plan, institution=institutions["primary"], on=FINAL_ON, acting_user=caseworker
    )
    services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=FINAL_ON, acting_user=caseworker
    )
    services.plan_record_representations(
        nothing_more=True,
        plan=plan,
        received_on=FINAL_ON,
        representations="We agree.",
        acting_user=caseworker,
    )
    services.plan_section_update(
        plan=plan,
        code="I",
        data={"placement": institutions["primary"], "placement_note": "Year 5 from September"},
        completed=True,
        acting_user=caseworker,
    )
    services.plan_issue_final(plan=plan, on=FINAL_ON, acting_user=caseworker)
    services.plan_bring_into_force(plan=plan, on=FINAL_ON, acting_user=caseworker)
    plan.refresh_from_db()
    return plan
