"""The roles of DESIGN.md. A user has exactly one; what each may do is declared on views."""

from django.db import models


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    MANAGER = "manager", "SEN manager"
    ADVICE_GIVER = "advice_giver", "Advice giver"
    FAMILY = "family", "Family member"
    EDITOR = "editor", "Local offer editor"
    ADMIN = "admin", "System administrator"


# Roles that run cases. Managers can do everything a caseworker can for their team.
CASE_ROLES = (Role.CASEWORKER, Role.MANAGER)
# Everyone but families works for, or with, the council and must use a second factor.
STAFF_ROLES = tuple(r for r in Role if r != Role.FAMILY)
