"""The reassignment form on the caseloads page."""

from __future__ import annotations

from django import forms

from sen_portal.accounts.models import User
from sen_portal.accounts.roles import CASE_ROLES
from sen_portal.casework.models import Child
from sen_portal.govuk_forms import GovukForm


class ReassignForm(GovukForm):
    cases = forms.MultipleChoiceField(
        label="Cases to reassign",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one case to reassign",
            "invalid_choice": "A case you chose is no longer assigned to this person. "
            "Choose the cases again.",
        },
    )
    to = forms.ModelChoiceField(
        label="Reassign to",
        queryset=User.objects.none(),
        empty_label="Choose a caseworker",
        error_messages={
            "required": "Select who the cases go to",
            "invalid_choice": "Select a caseworker or manager in the same team",
        },
    )

    def __init__(self, *args, from_user: User, children: list[Child], **kwargs):
        super().__init__(*args, **kwargs)
        self.from_user = from_user
        self.fields["cases"].choices = [(str(c.pk), c.full_name) for c in children]
        self.fields["to"].queryset = (
            User.objects.filter(team_id=from_user.team_id, role__in=CASE_ROLES, is_active=True)
            .exclude(pk=from_user.pk)
            .order_by("full_name")
        )
        self.fields["to"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.get_role_display().lower()})"
        )
