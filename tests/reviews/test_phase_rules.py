"""Who moves between phases (SI 2014/1530 reg 2(1) "transfer between phases of
education", Reg 18), and what meets the Reg 18 deadline: the issued plan naming the next
setting. Worked examples.

* Two-tier (the default): a child born 1 March 2019 starts year 7 in September 2030 (a
  transfer, due 14 February 2030); in an all-through school, no transfer.
* Three-tier: a child born 1 March 2021 starts year 5 in September 2030 (first to middle
  school) and a child born 1 March 2017 year 9 (middle to upper); year 7 is no move.
* Taught a year below their age group: a child born 1 March 2018 (year 7 by age in
  September 2029) starts year 7 in September 2030.
* A young person born 1 March 2014 starts year 12 in September 2030: a transfer to a
  post-16 institution, unless they stay in their school's own sixth form.
"""

from __future__ import annotations

import datetime

import pytest

from plans import services as plan_services
from plans.models import Institution
from reviews import phases, services
from reviews.models import PhaseTransfer
from sen_portal.casework.models import Deadline
from tests.reviews.conftest import at

pytestmark = pytest.mark.django_db
D = datetime.date


def test_two_tier_phases_by_year_group():
    assert phases.phase_for(D(2019, 3, 1), 2030) == "secondary"
    assert phases.phase_for(D(2019, 3, 1), 2030, all_through=True) is None
    assert phases.phase_for(D(2022, 3, 1), 2029, placement_name="Eastbury Infant School") == (
        "junior"
    )
    assert phases.phase_for(D(2022, 3, 1), 2029, placement_name="Eastbury Primary") is None
    assert phases.phase_for(D(2014, 3, 1), 2030) == "post16"
    assert phases.phase_for(D(2014, 3, 1), 2030, sixth_form=True) is None
    assert phases.phase_for(D(2017, 3, 1), 2030) is None  # year 9: no move


def test_three_tier_phases_by_year_group():
    assert phases.phase_for(D(2021, 3, 1), 2030, scheme="three_tier") == "middle"
    assert phases.phase_for(D(2017, 3, 1), 2030, scheme="three_tier") == "upper"
    assert phases.phase_for(D(2019, 3, 1), 2030, scheme="three_tier") is None
    assert phases.phase_for(D(2026, 3, 1), 2030, scheme="three_tier") == "reception"
    with pytest.raises(ValueError, match="Unknown phase transfer scheme"):
        phases.phase_for(D(2019, 3, 1), 2030, scheme="four_tier")


def test_a_child_taught_out_of_their_year_group_moves_with_it():
    assert phases.phase_for(D(2018, 3, 1), 2029) == "secondary"
    assert phases.phase_for(D(2018, 3, 1), 2029, offset=-1) is None
    assert phases.phase_for(D(2018, 3, 1), 2030, offset=-1) == "secondary"
    assert phases.birth_range(2030, "secondary", -1) == (D(2017, 9, 1), D(2018, 8, 31))


@pytest.fixture
def year6(plan_in_force, time_machine):
    """The plans tests' plan in force from 7 January 2030, for a child in year 6 who
    starts secondary school in September 2030."""
    child = plan_in_force.child
    child.date_of_birth = D(2019, 3, 1)
    child.save()
    return plan_in_force


def test_the_daily_job_follows_the_councils_scheme_and_recorded_year_group(
    year6, make_plan, settings, time_machine
):
    at(time_machine, D(2030, 1, 8))
    behind = make_plan(born=D(2018, 3, 1), issued_on=D(2029, 3, 1), first_name="Bea")
    behind.year_group_offset = -1
    behind.save()
    upper = make_plan(born=D(2017, 3, 1), issued_on=D(2029, 3, 1), first_name="Ugo")
    all_through = Institution.objects.create(
        urn="990801", name="Longfield All-through School", kind="academy", all_through=True
    )
    make_plan(born=D(2019, 5, 1), issued_on=D(2029, 3, 1), placement=all_through, first_name="Alf")
    sixth = Institution.objects.create(
        urn="990802", name="Ridge High School", kind="academy", sixth_form=True
    )
    make_plan(born=D(2014, 5, 1), issued_on=D(2029, 3, 1), placement=sixth, first_name="Sif")
    assert services.phase_transfers_identify() == 2
    names = set(PhaseTransfer.objects.values_list("child__first_name", flat=True))
    assert names == {year6.child.first_name, "Bea"}
    # Three-tier: year 9 moves into an upper school; year 7 does not move.
    PhaseTransfer.objects.all().delete()
    settings.PHASE_TRANSFER_SCHEME = "three_tier"
    assert services.phase_transfers_identify() == 1
    assert PhaseTransfer.objects.get().child == upper.child
    assert PhaseTransfer.objects.get().phase == "upper"


def test_the_issued_amended_plan_naming_the_next_school_meets_the_deadline(
    year6, caseworker, institutions, time_machine
):
    at(time_machine, D(2030, 1, 8))
    assert services.phase_transfers_identify() == 1
    transfer = PhaseTransfer.objects.get()
    assert (transfer.phase, transfer.due_on) == ("secondary", D(2030, 2, 14))
    plan = year6
    plan_services.plan_amendment_start(
        plan=plan, on=D(2030, 1, 8), reason="Phase transfer to secondary school.",
        acting_user=caseworker,
    )  # fmt: skip
    plan_services.plan_section_update(
        plan=plan,
        code="I",
        data={"placement": institutions["academy"], "placement_note": "Year 7"},
        completed=True,
        acting_user=caseworker,
    )
    at(time_machine, D(2030, 1, 10))
    plan_services.plan_issue_amendment_proposals(
        plan=plan, on=D(2030, 1, 10), summary="Name Hillcrest Academy for year 7.",
        acting_user=caseworker,
    )  # fmt: skip
    consultation = plan_services.plan_consult_institution(
        plan=plan, institution=institutions["academy"], on=D(2030, 1, 10), acting_user=caseworker
    )
    plan_services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=D(2030, 1, 10),
        acting_user=caseworker,
    )  # fmt: skip
    deadline = Deadline.objects.get(code="phase_transfer_school")
    assert deadline.status == "open"
    at(time_machine, D(2030, 1, 28))  # the family's 15 days (to 24 January) are over
    plan_services.plan_issue_amended_final(plan=plan, on=D(2030, 1, 28), acting_user=caseworker)
    transfer.refresh_from_db()
    deadline.refresh_from_db()
    assert (transfer.next_institution, transfer.named_on) == (
        institutions["academy"],
        D(2030, 1, 28),
    )
    assert (deadline.status, deadline.met_on, deadline.met_late) == ("met", D(2030, 1, 28), False)


def test_a_post16_move_at_another_time_is_reviewed_5_months_before(
    plan_in_force, caseworker, time_machine
):
    """Reg 18(2): a move between post-16 institutions on 1 February 2031: the plan
    naming the new institution is due by 1 September 2030."""
    at(time_machine, D(2030, 1, 8))
    transfer = services.post16_transfer_open(
        plan=plan_in_force, moves_on=D(2031, 2, 1), acting_user=caseworker
    )
    assert (transfer.phase, transfer.due_on) == ("post16_move", D(2030, 9, 1))
    deadline = Deadline.objects.get(code="post16_transfer_review")
    assert (deadline.started_on, deadline.due_on) == (D(2031, 2, 1), D(2030, 9, 1))
