"""Demo disagreements, for `manage.py seed_demo` (its `<app>.demo.seed` hook; runs after
the ceasing demo).

* Mia Endwell's family disagree with the decision to cease her plan: they contacted the
  mediation adviser and asked for mediation (the ceasing waits for it).
* Isla Tribunal (NS-DEMO-0703): an appeal against a decision not to assess, allowed by
  the tribunal, with two orders: one complied with, one still to do.
Driven through the real services; idempotent.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from assessments import services as _assessment_services
from ceasing.demo import BEING_CEASED
from ceasing.models import CeasingProposal
from disagreements import services as _services
from disagreements.models import Disagreement
from plans.models import Plan
from sen_portal.accounts.models import Team, User
from sen_portal.casework.demo import dated, demo_child_create
from sen_portal.casework.models import Child

# Each step runs on its own date (sen_portal.casework.demo.dated).
assessment_services = dated(_assessment_services)
services = dated(_services)

AT_TRIBUNAL = "NS-DEMO-0703"


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def seed(*, today: datetime.date, stdout=None) -> None:
    made = 0
    with transaction.atomic():
        team = Team.objects.get(name="North locality SEN team")
        worker = User.objects.get(email="caseworker@example.org")
        proposal = (
            CeasingProposal.objects.filter(child__la_reference=BEING_CEASED[0], status="decided")
            .select_related("child")
            .first()
        )
        if proposal is not None and not Disagreement.objects.filter(ceasing=proposal).exists():
            d = services.disagreement_record(
                child=proposal.child,
                kind="cease",
                decision_on=proposal.decided_on,
                decision=proposal,
                summary="Mia's parents think she still needs the support in section F for "
                "her move into year 12.",
                acting_user=worker,
            )
            services.disagreement_contact_adviser(
                disagreement=d, on=_ago(today, 2), acting_user=worker
            )
            services.disagreement_request_mediation(
                disagreement=d, on=_ago(today, 1), acting_user=worker
            )
            made += 1
        if not Child.objects.filter(la_reference=AT_TRIBUNAL).exists():
            child = demo_child_create(
                acting_user=worker,
                serial=703,
                today=today,
                opened_on=_ago(today, 200),
                first_name="Isla",
                last_name="Tribunal",
                date_of_birth=_ago(today, 7 * 365 + 40),
                la_reference=AT_TRIBUNAL,
                address_line_1="703 Example Lane",
                town="Northshire",
                postcode="ZZ9 3ZY",
                team=team,
                caseworker=worker,
            )
            # The decision appealed against, made through the real service (its notice
            # with the appeal rights is the letter the family appealed on).
            request = assessment_services.request_record(
                child=child,
                requester="parent",
                requester_name=child.family_members.get(is_main_contact=True).full_name,
                received_on=_ago(today, 200),
                reasons="Isla's speech is hard to understand and she is falling behind.",
                consent_to_share=True,
                share_with=["education", "health"],
                acting_user=worker,
            )
            assessment_services.request_decline(
                assessment_request=request,
                on=_ago(today, 160),
                reasons="The school can meet Isla's needs with its own speech and language "
                "support.",
                acting_user=worker,
            )
            d = services.disagreement_record(
                child=child,
                kind="not_to_assess",
                decision=request,
                decision_on=_ago(today, 160),
                summary="The family asked for an assessment of Isla's speech and language "
                "needs; the council decided not to assess.",
                acting_user=worker,
            )
            services.disagreement_contact_adviser(
                disagreement=d, on=_ago(today, 140), by="parent", acting_user=worker
            )
            services.disagreement_issue_certificate(
                disagreement=d, on=_ago(today, 138), acting_user=worker
            )
            services.disagreement_lodge_appeal(
                disagreement=d, on=_ago(today, 120), reference="EH999/DEMO/0703", acting_user=worker
            )
            services.disagreement_set_hearing(
                disagreement=d, hearing_on=_ago(today, 20), acting_user=worker
            )
            services.disagreement_record_outcome(
                disagreement=d,
                on=_ago(today, 20),
                outcome="allowed",
                note="The tribunal ordered the council to carry out an EHC needs assessment.",
                acting_user=worker,
            )
            notify = services.disagreement_order_add(
                disagreement=d,
                code="tribunal_assess_notify",
                made_on=_ago(today, 20),
                detail="Tell the family that the assessment will be carried out.",
                acting_user=worker,
            )
            services.disagreement_order_comply(
                order=notify,
                on=_ago(today, 15),
                action="We wrote to Isla's parents to say that we will carry out the EHC "
                "needs assessment, and asked for advice.",
                acting_user=worker,
            )
            services.disagreement_order_add(
                disagreement=d,
                code="tribunal_assess_final_plan",
                made_on=_ago(today, 20),
                detail="Complete the assessment and, if a plan is needed, issue it.",
                acting_user=worker,
            )
            # A recommendation about health provision (SI 2017/1306), answered in writing
            # by the health body within the 5 weeks.
            recommendation = services.disagreement_recommendation_add(
                disagreement=d,
                made_on=_ago(today, 20),
                body="Northshire Integrated Care Board",
                detail="The NHS speech and language therapy service assesses Isla and "
                "advises the school.",
                acting_user=worker,
            )
            services.disagreement_order_comply(
                order=recommendation,
                on=_ago(today, 6),
                action="The ICB wrote to the family: Isla's NHS speech and language "
                "assessment is booked for next month.",
                acting_user=worker,
            )
            made += 1
        made += _mediation_agreement(today=today, worker=worker)
    if stdout is not None:
        stdout.write(f"Disagreements demo: {made} new disagreement(s)")


AGREED_IN_MEDIATION = "NS-DEMO-0205"


def _mediation_agreement(*, today: datetime.date, worker) -> int:
    """Nia Amendedson's family disagreed with the amended plan; mediation reached an
    agreement (Reg 42): a meeting with the school's therapist within 2 weeks, held."""
    plan = Plan.objects.filter(
        child__la_reference=AGREED_IN_MEDIATION, status__in=list(Plan.ISSUED)
    ).first()
    if plan is None or Disagreement.objects.filter(child=plan.child).exists():
        return 0
    amendment = plan.amendments.filter(decided_on__isnull=False).order_by("-decided_on").first()
    d = services.disagreement_record(
        child=plan.child,
        kind="amendment",
        decision_on=amendment.decided_on,
        decision=plan,
        summary="Nia's parents want the therapy in section F to say how many sessions a term.",
        acting_user=worker,
    )
    services.disagreement_contact_adviser(disagreement=d, on=_ago(today, 26), acting_user=worker)
    services.disagreement_request_mediation(disagreement=d, on=_ago(today, 25), acting_user=worker)
    services.disagreement_hold_mediation(
        disagreement=d,
        on=_ago(today, 16),
        outcome="agreed",
        note="Agreed: a meeting with the school's therapist to set the number of sessions.",
        acting_user=worker,
    )
    agreed = services.disagreement_agreement_add(
        disagreement=d,
        kind="other",
        made_on=_ago(today, 16),
        detail="A meeting with the family and the school's speech and language therapist "
        "to agree how many sessions a term.",
        body="Northshire Council SEN team",
        acting_user=worker,
    )
    services.disagreement_order_comply(
        order=agreed[0],
        on=_ago(today, 9),
        action="The meeting was held at the school; 12 sessions a term were agreed.",
        acting_user=worker,
    )
    return 1
