"""Demo annual reviews and phase transfers, for `manage.py seed_demo` (its `<app>.demo.seed`
hook, run after plans').

Fictional children of their own (NS-DEMO-03xx, North team, Priya Caseworker's), each with
a plan issued about a year ago through the real assessments and plans services, then a
review at each stage through the real reviews services, so deadlines and chronology are
what the app would have written. Three of them move phase next September (a Reception
starter, a year 7 and a year 12), so the phase transfers page has a cohort. Idempotent:
a child that already exists is left as it is.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments.demo import _main_contact
from plans import services as _plan_services
from plans.demo import (
    _decided_assessment,
    _write_all,
    demo_school,
    queue_missing_pdfs,
    record_placement,
    section_i,
    seed_institutions,
    team_worker,
)
from plans.models import Institution
from reviews import phases
from reviews import services as _services
from reviews.models import Review
from sen_portal.accounts.models import Team, User
from sen_portal.casework.demo import age_on, dated, demo_child_create, demo_day
from sen_portal.casework.models import Child

# Each step runs on its own date (sen_portal.casework.demo.dated).
plan_services = dated(_plan_services)
services = dated(_services)

# LA reference, first name, last name, year group next September (or age), stage, days
# since the final plan was issued.
CASES = [
    ("NS-DEMO-0301", "Amir", "Reviewfield", 5, "due", 300),
    ("NS-DEMO-0302", "Beth", "Meetington", 9, "scheduled", 330),
    ("NS-DEMO-0303", "Cal", "Heldsworth", 4, "held", 370),
    ("NS-DEMO-0304", "Dina", "Reportley", 10, "report_received", 375),
    ("NS-DEMO-0305", "Eli", "Keepsake", 8, "maintain", 390),
    ("NS-DEMO-0306", "Fay", "Amendale", 6, "amend", 400),
    # The review found the outcomes met: the council decided to cease the plan (SEN2
    # ReviewOutcome C); the plan is still maintained while the proposal runs.
    ("NS-DEMO-0310", "Jude", "Endreview", 11, "cease", 410),
    # Phase transfers next September.
    ("NS-DEMO-0307", "Gus", "Transferly", 7, "due", 250),
    ("NS-DEMO-0308", "Hana", "Sixthform", 12, "scheduled", 280),
    ("NS-DEMO-0309", "Ivy", "Littlestep", 0, "named", 200),
]
# Children seed_demo made (casework's list) whose plans are due for review: LA
# reference, stage, days since the final plan was issued.
EXISTING = [
    # Zara: a plan transferred in from another council, its annual review due in a month.
    ("NS-DEMO-0006", "due", 335),
]


def seed(*, today: datetime.date, stdout=None) -> None:
    made = 0
    with transaction.atomic():
        queue_missing_pdfs([c[0] for c in CASES] + [c[0] for c in EXISTING])
        seed_institutions()
        team = Team.objects.get(name="North locality SEN team")
        worker = User.objects.get(email="caseworker@example.org")
        psychologist = User.objects.get(email="advisor@example.org")
        for row in CASES:
            if not Child.objects.filter(la_reference=row[0]).exists():
                _case(row, team=team, worker=worker, psychologist=psychologist, today=today)
                made += 1
        for reference, stage, issued_days in EXISTING:
            child = Child.objects.filter(la_reference=reference).first()
            if child is None or child.assessment_requests.exists():
                continue
            row = (reference, child.first_name, child.last_name, None, stage, issued_days)
            _case(
                row,
                team=child.team,
                worker=team_worker(child),
                psychologist=psychologist,
                today=today,
                child=child,
            )
            made += 1
        services.phase_transfers_identify(on=today)
        for review in Review.objects.filter(
            child__la_reference="NS-DEMO-0309", status__in=Review.LIVE
        ):
            transfer = review.phase_transfers.filter(next_institution__isnull=True).first()
            if transfer is not None:
                services.phase_transfer_name(
                    transfer=transfer,
                    institution=Institution.objects.get(urn="990101"),
                    named_on=today,
                    acting_user=worker,
                )
    if stdout is not None:
        stdout.write(f"Reviews demo: {made} new case(s) with annual reviews")


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _birth_date(today: datetime.date, year_next_september: int, serial: int) -> datetime.date:
    start, _ = phases.birth_range(phases.transfer_year_for(today), "reception")
    # Reception is year 0; each later year group was born a year earlier.
    return datetime.date(start.year - year_next_september, 11, 1 + serial % 20)


def _issued_plan(row, *, team, worker, psychologist, today, child=None):
    reference, first, last, year, _stage, issued_days = row
    serial = int(reference[-4:])
    final_on = _ago(today, issued_days)
    received = final_on - datetime.timedelta(weeks=19)
    if child is None:
        child = demo_child_create(
            acting_user=worker,
            serial=serial,
            today=today,
            opened_on=received,
            first_name=first,
            last_name=last,
            date_of_birth=_birth_date(today, year, serial),
            la_reference=reference,
            address_line_1=f"{serial} Review Road",
            town="Northshire",
            postcode=f"ZZ9 {serial % 10}RV",
            team=team,
            caseworker=worker,
        )
    else:
        # Year group next September, from the age on 31 August this year.
        year = age_on(child.date_of_birth, datetime.date(today.year, 8, 31)) - 3
    assessment = _decided_assessment(
        child, worker=worker, psychologist=psychologist, received=received
    )
    plan = plan_services.plan_start(assessment=assessment, acting_user=worker)
    _write_all(plan, worker, preparing_for_adulthood=year >= 9)
    school = demo_school(reference, {0: "990501"}.get(year, "990101" if year <= 6 else "990201"))
    draft_on = final_on - datetime.timedelta(days=30)
    plan_services.plan_issue_draft(
        plan=plan, on=draft_on, preferred_institution=school, acting_user=worker
    )
    consultation = plan_services.plan_consult_institution(
        plan=plan, institution=school, on=draft_on, acting_user=worker
    )
    plan_services.plan_record_consultation_response(
        consultation=consultation,
        response="can_meet",
        received_on=draft_on + datetime.timedelta(days=10),
        acting_user=worker,
    )
    plan_services.plan_record_representations(
        nothing_more=True,
        plan=plan,
        received_on=draft_on + datetime.timedelta(days=12),
        representations="We agree with the plan.",
        acting_user=worker,
    )
    plan_services.plan_section_update(
        plan=plan,
        code="I",
        data=section_i(reference, school),
        completed=True,
        acting_user=worker,
    )
    plan_services.plan_issue_final(plan=plan, on=final_on, acting_user=worker)
    plan_services.plan_bring_into_force(plan=plan, on=final_on, acting_user=worker)
    record_placement(plan, school, on=final_on, worker=worker)
    plan.refresh_from_db()
    return plan


def _case(row, *, team, worker, psychologist, today, child=None) -> None:
    stage = row[4]
    plan = _issued_plan(
        row, team=team, worker=worker, psychologist=psychologist, today=today, child=child
    )
    # Started by the daily beat task about a term ahead: now, not on the plan's day.
    with demo_day(None):
        review = services.review_start(plan=plan)
    if stage in ("due", "named"):
        return
    if stage == "scheduled":
        services.review_schedule(
            review=review,
            meeting_on=today + datetime.timedelta(days=24),
            venue=f"{plan.placement.name}, meeting room",
            acting_user=worker,
        )
        services.review_add_participant(
            review=review,
            name=_main_contact(plan.child),
            role="family",
            invited_on=today,
            acting_user=worker,
        )
        services.review_add_participant(
            review=review,
            name="Ms Rhea Senco",
            role="institution",
            organisation=plan.placement.name,
            invited_on=today,
            acting_user=worker,
        )
        services.review_request_advice(
            review=review,
            kind="institution",
            from_whom="Class teacher and SENCo",
            requested_on=today,
            acting_user=worker,
        )
        return
    meeting = _ago(today, 20)
    services.review_schedule(
        review=review, meeting_on=meeting, venue=plan.placement.name, acting_user=worker
    )
    parent = services.review_add_participant(
        review=review,
        name=_main_contact(plan.child),
        role="family",
        invited_on=meeting - datetime.timedelta(days=30),
        acting_user=worker,
    )
    services.review_record_papers_sent(
        review=review, on=meeting - datetime.timedelta(days=16), acting_user=worker
    )
    services.review_hold(
        review=review, held_on=meeting, attended_ids=[parent.pk], acting_user=worker
    )
    if stage == "held":
        return
    services.review_record_report(
        review=review,
        received_on=meeting + datetime.timedelta(days=10),
        summary="Good progress towards the reading outcomes; anxiety at transitions remains.",
        acting_user=worker,
    )
    if stage == "report_received":
        return
    decision = {"maintain": "maintain", "amend": "amend", "cease": "cease"}[stage]
    if decision == "amend":
        # R (L, M & P) v Devon CC [2022]: the proposals are prepared first and go with
        # the decision.
        services.review_prepare_amendments(
            review=review, on=meeting + datetime.timedelta(days=12), acting_user=worker
        )
        plan = review.plan
        plan_services.plan_item_save(
            plan=plan,
            code="F",
            data={
                "what": "Speech and language therapy in school, one to one",
                "delivered_by": "Speech and language therapist",
                "how_often": "Once a week",
                "how_long": "45 minutes a session, for a year",
                "outcomes": list(plan.outcomes.all()[:1]),
                "responsible_agency": "la_education",
                "contact_name": "SEN team, Northshire Council",
            },
            acting_user=worker,
        )
    services.review_decide(
        review=review,
        decision=decision,
        reasons={
            "maintain": "The outcomes and provision still fit.",
            "amend": "Add weekly speech and language therapy to section F.",
            "cease": "The outcomes in section E are met and the school can meet the needs "
            "from SEN support.",
        }[decision],
        on=meeting + datetime.timedelta(days=18),
        acting_user=worker,
    )
