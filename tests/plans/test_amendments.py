"""Amending an issued plan (Regs 20-22), through the services, on a worked calendar.

The plan was issued and came into force on Monday 7 January 2030. The annual review met
on Monday 11 February 2030 and recommended amendments; the proposals go out on Monday
4 March 2030: the family have 15 days beginning that day (to Monday 18 March), the
amended plan is due 8 weeks after the notice (Monday 29 April) and, after the review, 12
weeks after the meeting at the latest (Monday 6 May).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from plans import selectors, services
from plans.models import Plan, PlanAmendment, PlanVersion
from plans.snapshot import build_snapshot, compare, content_hash
from sen_portal.casework.models import ChronologyEvent, Deadline
from sen_portal.casework.services import deadline_open
from tests.plans.conftest import FINAL_ON, at

pytestmark = pytest.mark.django_db

D = datetime.date
REVIEW_MEETING = D(2030, 2, 11)
STARTED = D(2030, 2, 25)
PROPOSED = D(2030, 3, 4)


def deadline(plan, code) -> Deadline:
    return Deadline.objects.get(child=plan.child, code=code)


def start(plan, user, *, on=STARTED, reason="The annual review recommended more therapy."):
    return services.plan_amendment_start(plan=plan, on=on, reason=reason, acting_user=user)


def amend_section_f(plan, user) -> None:
    """The review asked for more speech and language therapy in school."""
    outcome = plan.outcomes.get()
    services.plan_item_save(
        plan=plan,
        code="F",
        data={
            "what": "Speech and language therapy in school, one to one",
            "delivered_by": "Speech and language therapist",
            "how_often": "Once a week",
            "how_long": "45 minutes a session, for a year",
            "outcomes": [outcome],
            "responsible_agency": "la_education",
            "contact_name": "SEN team, Northshire Council",
        },
        acting_user=user,
    )


def propose(plan, user, time_machine, *, on=PROPOSED):
    at(time_machine, on)
    return services.plan_issue_amendment_proposals(
        plan=plan,
        on=on,
        summary="Add weekly speech and language therapy to section F.",
        acting_user=user,
    )


@pytest.fixture
def proposed(plan_in_force, caseworker, time_machine):
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    amend_section_f(plan_in_force, caseworker)
    propose(plan_in_force, caseworker, time_machine)
    plan_in_force.refresh_from_db()
    return plan_in_force


# --- Starting -------------------------------------------------------------------------


def test_starting_an_amendment_opens_the_sections_and_records_why(
    plan_in_force, caseworker, time_machine
):
    at(time_machine, STARTED)
    plan = start(plan_in_force, caseworker)
    assert plan.status == Plan.Status.AMENDING
    assert plan.is_editable and plan.is_issued and plan.is_amending
    amendment = PlanAmendment.objects.get(plan=plan)
    assert amendment.number == 1
    assert amendment.started_on == STARTED
    assert amendment.reason == "The annual review recommended more therapy."
    assert amendment.amends_version.number == 2
    assert amendment.amends_version.kind == PlanVersion.Kind.FINAL
    event = ChronologyEvent.objects.get(child=plan.child, kind="plan_amendment_started")
    assert event.note == amendment.reason
    assert (event.from_state, event.to_state) == ("in_force", "amending")
    # The issued plan is still in force: still the child's one current plan.
    assert Plan.objects.filter(child=plan.child, status__in=Plan.CURRENT).count() == 1


def test_a_plan_issued_but_not_yet_in_force_can_be_amended_and_returns_to_issued(
    plan, caseworker, institutions, time_machine
):
    from tests.plans.conftest import fill_draft_sections

    at(time_machine, FINAL_ON)
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(plan=plan, on=FINAL_ON, acting_user=caseworker)
    c = services.plan_consult_institution(
        plan=plan, institution=institutions["primary"], on=FINAL_ON, acting_user=caseworker
    )
    services.plan_record_consultation_response(
        consultation=c, response="can_meet", received_on=FINAL_ON, acting_user=caseworker
    )
    services.plan_record_representations(
        nothing_more=True,
        plan=plan,
        received_on=FINAL_ON,
        representations="Fine.",
        acting_user=caseworker,
    )
    services.plan_section_update(
        plan=plan,
        code="I",
        data={"placement": institutions["primary"]},
        completed=True,
        acting_user=caseworker,
    )
    services.plan_issue_final(plan=plan, on=FINAL_ON, acting_user=caseworker)
    at(time_machine, STARTED)
    start(plan, caseworker)
    services.plan_decide_not_to_amend(
        plan=plan, on=STARTED, reasons="Changed our minds.", acting_user=caseworker
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.FINAL_ISSUED


def test_the_reason_is_required_and_the_date_not_before_the_final_plan(
    plan_in_force, caseworker, time_machine
):
    at(time_machine, STARTED)
    with pytest.raises(ValidationError) as error:
        start(plan_in_force, caseworker, reason="  ")
    assert error.value.message_dict == {"reason": ["Enter why the plan is being amended"]}
    with pytest.raises(ValidationError) as error:
        start(plan_in_force, caseworker, on=FINAL_ON - datetime.timedelta(days=1))
    assert "on or after the day the final plan was issued (7 January 2030)" in str(error.value)
    with pytest.raises(ValidationError, match="today or in the past"):
        start(plan_in_force, caseworker, on=STARTED + datetime.timedelta(days=1))
    plan_in_force.refresh_from_db()
    assert plan_in_force.status == Plan.Status.IN_FORCE
    assert not PlanAmendment.objects.exists()


def test_only_an_issued_plan_not_already_being_amended_can_be_amended(
    plan_in_force, caseworker, time_machine
):
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    with pytest.raises(services.ActionRefused, match="already being amended|is amendments"):
        start(plan_in_force, caseworker)
    assert PlanAmendment.objects.count() == 1


def test_a_draft_plan_cannot_be_amended(final_ready, caseworker):
    with pytest.raises(services.ActionRefused, match="Only an issued plan"):
        services.plan_amendment_start(
            plan=final_ready, on=final_ready.draft_issued_on, reason="x", acting_user=caseworker
        )
    final_ready.refresh_from_db()
    assert final_ready.status == Plan.Status.CONSULTING
    assert not PlanAmendment.objects.exists()


def test_another_teams_caseworker_cannot_amend(
    plan_in_force, other_caseworker, family_user, time_machine
):
    at(time_machine, STARTED)
    for user in (other_caseworker, family_user):
        with pytest.raises(PermissionDenied):
            start(plan_in_force, user)
    plan_in_force.refresh_from_db()
    assert plan_in_force.status == Plan.Status.IN_FORCE


# --- The proposals ----------------------------------------------------------------------


def test_proposals_freeze_a_version_and_open_15_days_and_8_weeks(proposed):
    amendment = PlanAmendment.objects.get(plan=proposed)
    assert proposed.status == Plan.Status.AMENDMENT_PROPOSED
    version = amendment.proposals_version
    assert (version.number, version.kind, version.issued_on) == (3, "proposal", PROPOSED)
    assert version.is_draft and version.label == "Version 3: proposed amendments"
    # 15 days beginning with Monday 4 March 2030: to Monday 18 March.
    assert amendment.representations_due_on == D(2030, 3, 18)
    assert deadline(proposed, "amendment_representations").due_on == D(2030, 3, 18)
    # 8 weeks from the notice: Monday 29 April 2030.
    assert amendment.amended_plan_due_on == D(2030, 4, 29)
    assert deadline(proposed, "amended_plan").due_on == D(2030, 4, 29)
    event = ChronologyEvent.objects.get(child=proposed.child, kind="plan_amendment_proposed")
    assert event.visible_to_family
    assert "18 March 2030" in event.note and "29 April 2030" in event.note
    # The proposal shows section I (the school named now), unlike a draft.
    assert version.snapshot["sections"]["I"]["institution"]["urn"] == "990101"


def test_proposals_need_a_change_to_the_plan(plan_in_force, caseworker, time_machine):
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    with pytest.raises(services.ActionRefused, match="Nothing in the plan has been changed"):
        propose(plan_in_force, caseworker, time_machine)
    plan_in_force.refresh_from_db()
    assert plan_in_force.status == Plan.Status.AMENDING
    assert plan_in_force.versions.count() == 2
    assert not Deadline.objects.filter(code="amended_plan").exists()


def test_proposals_need_every_section_completed(plan_in_force, caseworker, time_machine):
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    amend_section_f(plan_in_force, caseworker)
    services.plan_section_mark(
        plan=plan_in_force, code="F", completed=False, acting_user=caseworker
    )
    with pytest.raises(services.ActionRefused, match="Mark every section as completed"):
        propose(plan_in_force, caseworker, time_machine)


def test_proposals_are_sent_once(proposed, caseworker, time_machine):
    with pytest.raises(services.ActionRefused, match="only once"):
        propose(proposed, caseworker, time_machine)
    assert proposed.versions.count() == 3


def test_the_familys_comments_end_their_window(proposed, caseworker, institutions, time_machine):
    at(time_machine, D(2030, 3, 11))
    amendment = services.plan_record_amendment_representations(
        nothing_more=True,
        plan=proposed,
        received_on=D(2030, 3, 11),
        representations="We would like Brookside Special School to be named.",
        preferred_institution=institutions["special"],
        acting_user=caseworker,
    )
    assert amendment.representations_received_on == D(2030, 3, 11)
    assert amendment.preferred_institution == institutions["special"]
    window = deadline(proposed, "amendment_representations")
    assert (window.status, window.met_on) == ("met", D(2030, 3, 11))
    event = ChronologyEvent.objects.get(kind="plan_amendment_representations")
    assert "Brookside Special School" in event.note and event.visible_to_family


def test_comments_cannot_predate_the_proposals(proposed, caseworker):
    with pytest.raises(ValidationError, match="on or after the day the proposals were sent"):
        services.plan_record_amendment_representations(
            nothing_more=True,
            plan=proposed,
            received_on=D(2030, 3, 1),
            representations="x",
            acting_user=caseworker,
        )


# --- The amended plan -------------------------------------------------------------------


def test_the_amended_plan_on_time_meets_8_weeks_and_the_reviews_12_weeks(
    plan_in_force, caseworker, time_machine
):
    # The reviews code opened the 12 weeks from the review meeting on the plan.
    at(time_machine, REVIEW_MEETING)
    review_clock = deadline_open(
        child=plan_in_force.child,
        code="amended_plan_after_review",
        start=REVIEW_MEETING,
        subject=plan_in_force,
        acting_user=caseworker,
    )
    assert review_clock.due_on == D(2030, 5, 6)
    annual = deadline(plan_in_force, "annual_review")
    assert annual.due_on == D(2031, 1, 6)
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    amend_section_f(plan_in_force, caseworker)
    propose(plan_in_force, caseworker, time_machine)
    # The family's 15 days run out with no comments; the amended plan follows.
    at(time_machine, D(2030, 4, 22))
    result = services.plan_issue_amended_final(
        plan=plan_in_force, on=D(2030, 4, 22), acting_user=caseworker
    )
    plan = Plan.objects.get(pk=plan_in_force.pk)
    assert plan.status == Plan.Status.IN_FORCE
    assert (result.version.number, result.version.kind) == (4, "amended")
    assert result.version.label == "Version 4: amended final plan"
    assert plan.final_issued_on == FINAL_ON  # the plan's start date does not move
    eight = deadline(plan, "amended_plan")
    twelve = deadline(plan, "amended_plan_after_review")
    assert (eight.status, eight.met_on, eight.met_late) == ("met", D(2030, 4, 22), False)
    assert (twelve.status, twelve.met_late) == ("met", False)
    assert {d.code for d in result.deadlines} == {"amended_plan", "amended_plan_after_review"}
    assert deadline(plan, "amendment_representations").status == "cancelled"
    # No new annual review: the clock from the first final plan stays as it was.
    assert list(
        Deadline.objects.filter(child=plan.child, code="annual_review").values_list(
            "status", "due_on"
        )
    ) == [("open", D(2031, 1, 6))]
    amendment = PlanAmendment.objects.get(plan=plan)
    assert (amendment.outcome, amendment.decided_on) == ("amended", D(2030, 4, 22))
    assert amendment.amended_version == result.version
    # Appeal: 2 months is Saturday 22 June 2030, so Monday 24 June.
    assert amendment.appeal_due_on == D(2030, 6, 24)
    event = ChronologyEvent.objects.get(child=plan.child, kind="plan_amended")
    assert event.visible_to_family and "24 June 2030" in event.note
    assert (event.from_state, event.to_state) == ("amendment_proposed", "in_force")


def test_an_amended_plan_after_the_8_weeks_is_met_late(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 5, 2))
    services.plan_issue_amended_final(plan=proposed, on=D(2030, 5, 2), acting_user=caseworker)
    eight = deadline(proposed, "amended_plan")
    assert (eight.status, eight.met_late, eight.days_late) == ("met", True, 3)
    event = ChronologyEvent.objects.get(
        child=proposed.child, kind="deadline_met_late", summary__contains="amended plan"
    )
    assert event.summary == "Statutory deadline met: Issue the amended plan (3 days late)"


def test_the_amended_plan_waits_for_the_familys_15_days(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 3, 18))
    with pytest.raises(ValidationError, match="until 18 March 2030 to comment"):
        services.plan_issue_amended_final(plan=proposed, on=D(2030, 3, 18), acting_user=caseworker)
    proposed.refresh_from_db()
    assert proposed.status == Plan.Status.AMENDMENT_PROPOSED
    assert proposed.versions.count() == 3


def test_a_newly_named_school_must_be_consulted_first(
    proposed, caseworker, institutions, time_machine
):
    at(time_machine, D(2030, 3, 20))
    services.plan_section_update(
        plan=proposed,
        code="I",
        data={"placement": institutions["special"], "placement_note": "From September"},
        completed=True,
        acting_user=caseworker,
    )
    with pytest.raises(services.ActionRefused, match="Consult Brookside Special School"):
        services.plan_issue_amended_final(plan=proposed, on=D(2030, 3, 20), acting_user=caseworker)
    consultation = services.plan_consult_institution(
        plan=proposed,
        institution=institutions["special"],
        on=D(2030, 3, 20),
        acting_user=caseworker,
    )
    assert consultation.amendment == PlanAmendment.objects.get(plan=proposed)
    assert consultation.due_on == D(2030, 4, 3)
    proposed.refresh_from_db()
    assert proposed.status == Plan.Status.AMENDMENT_PROPOSED  # consulting keeps the state
    at(time_machine, D(2030, 3, 27))
    services.plan_record_consultation_response(
        consultation=consultation,
        response="can_meet",
        received_on=D(2030, 3, 27),
        acting_user=caseworker,
    )
    result = services.plan_issue_amended_final(
        plan=proposed, on=D(2030, 3, 27), acting_user=caseworker
    )
    assert result.version.snapshot["sections"]["I"]["institution"]["urn"] == "990202"


def test_the_school_consulted_for_the_first_plan_can_be_consulted_again(
    proposed, caseworker, institutions, time_machine
):
    at(time_machine, D(2030, 3, 20))
    again = services.plan_consult_institution(
        plan=proposed,
        institution=institutions["primary"],
        on=D(2030, 3, 20),
        acting_user=caseworker,
    )
    assert again.amendment is not None
    with pytest.raises(ValidationError, match="already been consulted about these amendments"):
        services.plan_consult_institution(
            plan=proposed,
            institution=institutions["primary"],
            on=D(2030, 3, 20),
            acting_user=caseworker,
        )


def test_what_changed_between_the_final_and_the_amended_plan(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 3, 25))
    result = services.plan_issue_amended_final(
        plan=proposed, on=D(2030, 3, 25), acting_user=caseworker
    )
    before = proposed.versions.get(number=2)
    changes = {c.code: c for c in compare(before.snapshot, result.version.snapshot)}
    assert [code for code, c in changes.items() if c.changed] == ["F"]
    assert changes["F"].added >= 1 and changes["F"].removed == 0
    assert any("Speech and language therapy in school" in line for _, line in changes["F"].lines)


# --- Not amending -----------------------------------------------------------------------


def test_deciding_not_to_amend_restores_the_plan_in_force(proposed, caseworker, time_machine):
    in_force = proposed.versions.get(number=2)
    at(time_machine, D(2030, 3, 25))
    amendment = services.plan_decide_not_to_amend(
        plan=proposed,
        on=D(2030, 3, 25),
        reasons="The school can provide the therapy from its own budget.",
        acting_user=caseworker,
    )
    plan = Plan.objects.get(pk=proposed.pk)
    assert plan.status == Plan.Status.IN_FORCE
    assert (amendment.outcome, amendment.decided_on) == ("not_amended", D(2030, 3, 25))
    assert amendment.appeal_due_on == D(2030, 5, 28)  # 25 May is a Saturday; 27 May a bank holiday
    content = selectors.plan_with_content(plan_id=plan.pk)
    assert content_hash(build_snapshot(content, kind="final")) == in_force.content_sha256
    # Section K still points at the assessment's advice.
    assert plan.advice_entries.filter(advice_request__isnull=False).count() == 2
    assert plan.versions.count() == 3  # no new version
    assert deadline(plan, "amended_plan").status == "met"
    assert deadline(plan, "amendment_representations").status == "cancelled"
    event = ChronologyEvent.objects.get(child=plan.child, kind="plan_not_amended")
    assert event.visible_to_family
    assert "from its own budget" in event.note and "28 May 2030" in event.note
    # And it can be amended again later.
    at(time_machine, D(2030, 9, 2))
    start(plan, caseworker, on=D(2030, 9, 2))
    assert PlanAmendment.objects.get(plan=plan, outcome="").number == 2


def test_not_amending_keeps_the_sen2_types_of_the_needs(plan_in_force, caseworker, time_machine):
    """The SEN2 type of each need (its DfE type, primary or secondary) is not part of the
    issued plan's content; going back to the plan in force must not lose it, or the plan
    drops out of the SEN2 need module with "no primary need type"."""
    from plans.models import Need

    needs = list(Need.objects.filter(plan=plan_in_force).order_by("id"))
    Need.objects.filter(pk=needs[0].pk).update(sen_type="SPLD", sen_type_rank=1)
    at(time_machine, STARTED)
    start(plan_in_force, caseworker)
    amend_section_f(plan_in_force, caseworker)
    propose(plan_in_force, caseworker, time_machine)
    at(time_machine, D(2030, 3, 25))
    services.plan_decide_not_to_amend(
        plan=plan_in_force,
        on=D(2030, 3, 25),
        reasons="The school can provide the therapy from its own budget.",
        acting_user=caseworker,
    )
    kept = Need.objects.get(plan=plan_in_force, description=needs[0].description)
    assert (kept.sen_type, kept.sen_type_rank) == ("SPLD", 1)


def test_not_amending_needs_reasons(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 3, 25))
    with pytest.raises(ValidationError, match="Enter why the council decided not to amend"):
        services.plan_decide_not_to_amend(
            plan=proposed, on=D(2030, 3, 25), reasons="", acting_user=caseworker
        )
    proposed.refresh_from_db()
    assert proposed.status == Plan.Status.AMENDMENT_PROPOSED


def test_nothing_to_decide_when_not_amending(plan_in_force, caseworker, time_machine):
    at(time_machine, STARTED)
    for call in (
        lambda: services.plan_decide_not_to_amend(
            plan=plan_in_force, on=STARTED, reasons="x", acting_user=caseworker
        ),
        lambda: services.plan_issue_amended_final(
            plan=plan_in_force, on=STARTED, acting_user=caseworker
        ),
        lambda: services.plan_issue_amendment_proposals(
            plan=plan_in_force, on=STARTED, summary="x", acting_user=caseworker
        ),
        lambda: services.plan_record_amendment_representations(
            nothing_more=True,
            plan=plan_in_force,
            received_on=STARTED,
            representations="x",
            acting_user=caseworker,
        ),
    ):
        with pytest.raises(services.ActionRefused, match="in force"):
            call()
    plan_in_force.refresh_from_db()
    assert plan_in_force.status == Plan.Status.IN_FORCE
    assert plan_in_force.versions.count() == 2


def test_an_amended_plan_can_be_ceased_like_any_issued_plan(proposed, caseworker, time_machine):
    at(time_machine, D(2030, 3, 25))
    services.plan_issue_amended_final(plan=proposed, on=D(2030, 3, 25), acting_user=caseworker)
    services.plan_cease(plan=proposed, on=D(2030, 3, 25), reason="5", acting_user=caseworker)
    assert Plan.objects.get(pk=proposed.pk).status == Plan.Status.CEASED
