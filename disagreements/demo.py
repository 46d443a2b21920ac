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

from assessments import services as assessment_services
from ceasing.demo import BEING_CEASED
from ceasing.models import CeasingProposal
from disagreements import services
from disagreements.models import Disagreement
from sen_portal.accounts.models import Team, User
from sen_portal.casework.demo import demo_child_create
from sen_portal.casework.models import Child

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
                disagreement=d, on=_ago(today, 140), acting_user=worker
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
            services.disagreement_order_comply(order=notify, on=_ago(today, 15), acting_user=worker)
            services.disagreement_order_add(
                disagreement=d,
                code="tribunal_assess_final_plan",
                made_on=_ago(today, 20),
                detail="Complete the assessment and, if a plan is needed, issue it.",
                acting_user=worker,
            )
            made += 1
    if stdout is not None:
        stdout.write(f"Disagreements demo: {made} new disagreement(s)")
