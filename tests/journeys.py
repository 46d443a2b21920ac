"""The journeys every app's tests start from, for the whole suite (tests/conftest.py
registers this module with `pytest_plugins`, so no conftest imports another's fixtures).

- Reached through the real services: an assessment that decided to issue a plan, a plan
  drafted, its draft issued, ready to be made final, and in force on Monday 7 January
  2030; a proposal to cease it (consulted, decided).
- State factories, for tests that do not test the path: `quick_plan` (an issued plan with
  its review clock, rows written directly) and the dashboards' `make_case`,
  `make_deadline`, `make_advice` (rows as the workflows leave them).
- Helpers: dates as the GOV.UK date input posts them, the clock moved with time-machine.

Everything is fictional (made-up schools and URNs, example.org addresses).
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from ceasing import services as ceasing_services
from plans import services
from plans.models import Consultation, Institution, Need, PlacementRecord, Plan
from sen_portal import timescales
from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Deadline
from sen_portal.casework.services import deadline_open
from tests.factories import ChildFactory, TeamFactory, UserFactory

TODAY = timezone.localdate()


# --- Journeys built once per module --------------------------------------------------------


def once_per_module(django_db_blocker, media_root, build):
    """The body of a module-scoped fixture: ``build()`` runs once, inside a transaction
    rolled back when the module is done (tests/world.py's pattern). Each test reads what
    it built in a savepoint of its own (through `db`), so what a test changes is gone for
    the next; a test takes `fresh` copies of the objects, never the shared instances."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh(obj):
    """The row as the database has it now (a shared journey's objects are never reused)."""
    return type(obj)._default_manager.get(pk=obj.pk)


def on(day: datetime.date):
    """The clock at 9am (London) on ``day`` while the block runs (for module builds,
    where the function-scoped `time_machine` fixture is not available)."""
    import time_machine

    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()),
        tick=False,
    )


def pdf_text(letter) -> str:
    """A letter's words as a reader gets them: read back from its stored PDF."""
    with letter.document.file.open("rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)


def make_personas() -> dict:
    """The personas of tests/conftest.py (same teams and names), as plain rows, for
    journeys built once per module; keyed as its `personas` fixture is."""
    north = TeamFactory(name="North locality SEN team")
    south = TeamFactory(name="South locality SEN team")
    return {
        "caseworker": UserFactory(role=Role.CASEWORKER, team=north, full_name="Casey Worker"),
        "manager": UserFactory(role=Role.MANAGER, team=north, full_name="Morgan Manager"),
        "other_caseworker": UserFactory(
            role=Role.CASEWORKER, team=south, full_name="Otto Otherteam"
        ),
        "advice_giver": UserFactory(role=Role.ADVICE_GIVER, full_name="Dr Ada Adviser"),
        "family": UserFactory(role=Role.FAMILY, full_name="Pat Parent"),
        "editor": UserFactory(role=Role.EDITOR, full_name="Eden Editor"),
        "admin": UserFactory(role=Role.ADMIN, full_name="Adam Admin", is_superuser=True),
    }


def make_child(personas: dict):
    """tests/conftest.py's `child`: Sam Example, of the caseworker's team."""
    caseworker = personas["caseworker"]
    return ChildFactory(
        team=caseworker.team, caseworker=caseworker, first_name="Sam", last_name="Example"
    )


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    """A date as the three boxes of the GOV.UK date input post it."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


@pytest.fixture
def media_root(settings, tmp_path):
    """Files (PDFs, uploads) go to a folder of this test's own. Directories whose tests
    write files use it for every test (their conftest's autouse `_own_media`)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_institutions() -> dict[str, Institution]:
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
def institutions(db):
    return make_institutions()


def make_psychologist():
    return UserFactory(
        role=Role.ADVICE_GIVER,
        full_name="Dr Ezra Psychologist",
        job_title="Educational psychologist",
    )


@pytest.fixture
def psychologist(db):
    return make_psychologist()


def decided_to_issue(child, caseworker, psychologist, *, received_days_ago: int = 60):
    """An assessment of ``child`` decided to issue a plan. The request arrived
    ``received_days_ago`` days ago, so the 20-week deadline falls 140 days after that."""
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


@pytest.fixture
def decide_to_issue(caseworker, psychologist):
    """``decided_to_issue`` for the test's caseworker and psychologist."""

    def make(child, *, received_days_ago: int = 60):
        return decided_to_issue(
            child, caseworker, psychologist, received_days_ago=received_days_ago
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


def put_in_force(plan: Plan, caseworker, institutions) -> Plan:
    """A final plan issued and in force on Monday 7 January 2030 (version 2), naming
    Northshire Primary School. The clock must be on that day."""
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


@pytest.fixture
def plan_in_force(plan, caseworker, institutions, time_machine):
    """``put_in_force``: the clock is left on Monday 7 January 2030."""
    at(time_machine, FINAL_ON)
    return put_in_force(plan, caseworker, institutions)


# --- Quick issued plans, for lists and cohorts (tests/reviews, tests/dashboards) ------------


def quick_plan(
    child, *, issued_on: datetime.date, by, placement: Institution | None = None
) -> Plan:
    """An issued plan in force from ``issued_on``, with its 12-month review clock."""
    received = issued_on - datetime.timedelta(weeks=20)
    request = AssessmentRequest(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=received,
        reasons="Not making progress.",
        consent_to_share=False,
        share_with=[],
        recorded_by=by,
        status="assessing",
        decided_on=received + datetime.timedelta(weeks=6),
    )
    request.save()
    needs = NeedsAssessment(
        request=request,
        child=child,
        started_on=request.decided_on,
        status="decided_to_issue",
        advice_completed_on=received + datetime.timedelta(weeks=12),
        decided_on=received + datetime.timedelta(weeks=14),
    )
    needs.save()
    if placement is None:
        placement, _ = Institution.objects.get_or_create(
            urn="990909", defaults={"name": "Quickmoor Primary School", "kind": "mainstream"}
        )
    issued = Plan(
        child=child,
        assessment=needs,
        started_by=by,
        status="in_force",
        draft_issued_on=received + datetime.timedelta(weeks=15),
        representations_due_on=received + datetime.timedelta(weeks=17),
        final_issued_on=issued_on,
        placement=placement,
        in_force_from=issued_on,
    )
    issued.save()
    deadline_open(child=child, code="annual_review", start=issued_on, subject=issued)
    return issued


@pytest.fixture
def make_plan(team, caseworker):
    def make(*, born: datetime.date, issued_on: datetime.date, placement=None, **names):
        child = ChildFactory(team=names.pop("team", team), date_of_birth=born, **names)
        return quick_plan(child, issued_on=issued_on, by=caseworker, placement=placement)

    return make


# --- Ceasing to maintain the plan in force (tests/ceasing, tests/disagreements) -----------

# Worked calendar: the plan came into force on Monday 7 January 2030.
PROPOSED_ON = datetime.date(2030, 9, 2)  # Monday
CONSULTED_ON = datetime.date(2030, 9, 9)
VIEWS_ON = datetime.date(2030, 9, 20)
DECIDED_ON = datetime.date(2030, 10, 1)  # Tuesday
# 2 months after 1 October 2030 is Sunday 1 December 2030: the Tribunal's rules move
# it to Monday 2 December 2030. The plan ends the day after: Tuesday 3 December.
APPEAL_DUE = datetime.date(2030, 12, 2)
ENDS_ON = datetime.date(2030, 12, 3)


def propose_to_cease(plan_in_force, caseworker):
    """The proposal to cease the plan in force; the clock must be on PROPOSED_ON."""
    return ceasing_services.ceasing_propose(
        plan=plan_in_force,
        on=PROPOSED_ON,
        reasons="Sam has met the outcomes in the plan and the school can meet his needs "
        "from its own resources.",
        acting_user=caseworker,
    )


@pytest.fixture
def proposal(plan_in_force, caseworker, time_machine):
    at(time_machine, PROPOSED_ON)
    return propose_to_cease(plan_in_force, caseworker)


def consult_both(proposal, user, time_machine):
    at(time_machine, VIEWS_ON)
    ceasing_services.ceasing_record_consultation(
        proposal=proposal,
        party="family",
        name="Pat Parent",
        consulted_on=CONSULTED_ON,
        responded_on=VIEWS_ON,
        views="We are worried about secondary school but agree he is doing well.",
        acting_user=user,
    )
    ceasing_services.ceasing_record_consultation(
        proposal=proposal,
        party="institution",
        name="Northshire Primary School",
        consulted_on=CONSULTED_ON,
        responded_on=VIEWS_ON,
        views="We can meet Sam's needs through SEN support.",
        acting_user=user,
    )


@pytest.fixture
def consulted(proposal, caseworker, time_machine):
    consult_both(proposal, caseworker, time_machine)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def decided(consulted, caseworker, time_machine):
    at(time_machine, DECIDED_ON)
    return ceasing_services.ceasing_decide_cease(
        proposal=consulted,
        on=DECIDED_ON,
        reasons="The outcomes in section E have been met; SEN support meets his needs.",
        cease_reason="2",
        acting_user=caseworker,
    )


# --- Case data for the dashboards, written straight to the tables the workflows fill -----
# (the dashboards only read them; statuses given to the constructor, never changed after)


@pytest.fixture
def make_deadline():
    def make(child, code="final_plan", *, started_on, met_on=None, status=None, exception=False):
        due_on = timescales.due_date(code, started_on)
        fields = {}
        if exception:
            fields = {
                "exception_reason": "exceptional_personal_circumstances",
                "exception_starts_on": started_on + datetime.timedelta(days=20),
                "exception_note": "Fictional evidence",
            }
        if status is None:
            status = Deadline.Status.MET if met_on else Deadline.Status.OPEN
        return Deadline.objects.create(
            child=child,
            code=code,
            started_on=started_on,
            due_on=due_on,
            status=status,
            met_on=met_on,
            breached_at=None
            if status != Deadline.Status.BREACHED
            else datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
            **fields,
        )

    return make


@pytest.fixture
def make_advice(caseworker):
    """A needs assessment on a new child of ``team`` and one request for advice."""

    def make(team, *, kind, requested_on, received_on=None, exception=False, child=None):
        child = child or ChildFactory(team=team)
        request = AssessmentRequest.objects.create(
            child=child,
            requester="parent",
            requester_name="A fictional parent",
            received_on=requested_on - datetime.timedelta(days=30),
            reasons="Fictional reasons",
            recorded_by=caseworker,
            status=AssessmentRequest.Status.ASSESSING,
            decided_on=requested_on - datetime.timedelta(days=2),
        )
        assessment = NeedsAssessment.objects.create(
            request=request, child=child, started_on=requested_on - datetime.timedelta(days=2)
        )
        extra = {}
        if received_on:
            extra = {
                "status": AdviceRequest.Status.RECEIVED,
                "received_on": received_on,
                "needs": "Needs",
                "outcomes": "Outcomes",
                "provision": "Provision",
            }
        if exception:
            extra.update(
                exception_reason="exceptional_personal_circumstances",
                exception_starts_on=requested_on,
                exception_note="Fictional evidence",
            )
        return AdviceRequest.objects.create(
            assessment=assessment,
            kind=kind,
            addressee="A fictional service",
            questions="What does the child need?",
            requested_on=requested_on,
            due_on=timescales.due_date("advice_due", requested_on),
            **extra,
        )

    return make


@pytest.fixture
def school(db):
    return Institution.objects.create(
        urn="100001", name="Fictional Primary School", kind=Institution.Kind.values[0]
    )


@pytest.fixture
def make_case(caseworker, make_deadline, school):
    """A child whose request was received, assessed and (optionally) planned."""

    def make(team, *, received_on, upn="", plan_on=None, exception=False, plan=None, **child):
        # Sex and ethnicity recorded unless a test says otherwise: the SEN2 check asks.
        child = ChildFactory(team=team, upn=upn, **{"sex": "F", "ethnicity": "NOBT", **child})
        request = AssessmentRequest.objects.create(
            child=child,
            requester="parent",
            requester_name="A fictional parent",
            received_on=received_on,
            reasons="Fictional reasons",
            recorded_by=caseworker,
            status=AssessmentRequest.Status.ASSESSING,
            decided_on=received_on + datetime.timedelta(weeks=5),
        )
        deadline = make_deadline(child, started_on=received_on, met_on=plan_on, exception=exception)
        deadline.subject_type_id = deadline.subject_type_for(request).pk
        deadline.subject_id = str(request.pk)
        deadline.save()
        if plan_on:
            assessment = NeedsAssessment.objects.create(
                request=request,
                child=child,
                started_on=request.decided_on,
                status=NeedsAssessment.Status.DECIDED_TO_ISSUE,
                advice_completed_on=request.decided_on + datetime.timedelta(weeks=6),
                decided_on=request.decided_on + datetime.timedelta(weeks=7),
            )
            fields = {
                "status": Plan.Status.FINAL_ISSUED,
                "draft_issued_on": plan_on - datetime.timedelta(weeks=3),
                "representations_due_on": plan_on - datetime.timedelta(weeks=1),
                "final_issued_on": plan_on,
                "placement": school,
                **(plan or {}),  # e.g. a ceased plan, section J
            }
            plan = Plan.objects.create(
                child=child, assessment=assessment, started_by=caseworker, **fields
            )
            # What SEN2 asks of a plan in force: a primary need type in section B and
            # where the child is educated (placement detail).
            Need.objects.create(plan=plan, area="communication_interaction",
                                description="Fictional need", sen_type="ASD",
                                sen_type_rank=1)  # fmt: skip
            PlacementRecord.objects.create(plan=plan, institution=fields["placement"],
                                           entry_date=plan_on)  # fmt: skip
        return child

    return make
