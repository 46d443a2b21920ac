"""Demo data for the family portal: the demo parent account (parent@example.org, already
Sam Example's parent) also follows two of the fictional cases the other apps made, so
the portal shows a plan in force and a decision with appeal rights. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from sen_portal.accounts.models import User
from sen_portal.casework import services
from sen_portal.casework.models import Child, FamilyMember

# (LA reference made by another app's demo, relationship)
LINKS = (
    ("NS-DEMO-0203", FamilyMember.Relationship.MOTHER),  # plans: a final plan in force
    ("NS-DEMO-0106", FamilyMember.Relationship.MOTHER),  # assessments: decided not to assess
)


def seed(*, today: datetime.date, stdout=None) -> int:
    parent = User.objects.filter(email="parent@example.org").first()
    if parent is None:
        return 0
    made = 0
    with transaction.atomic():
        for reference, relationship in LINKS:
            child = Child.objects.filter(la_reference=reference).first()
            if child is None or FamilyMember.objects.filter(child=child, user=parent).exists():
                continue
            services.family_member_add(
                acting_user=child.caseworker,
                child=child,
                user=parent,
                full_name=parent.full_name,
                relationship=relationship,
                parental_responsibility=True,
                email=parent.email,
            )
            made += 1
    if stdout is not None and made:
        stdout.write(f"Family portal: linked the demo parent to {made} more case(s)")
    return made
