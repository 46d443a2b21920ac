"""The forms of the ceasing pages; the services check everything again."""

from __future__ import annotations

from django import forms

from ceasing.models import IMMEDIATE_REASONS, CeaseReason, Consultee
from plans.forms import date_field, textarea  # noqa: F401
from sen_portal.govuk_forms import (
    GovukForm,
    apply_service_errors,  # noqa: F401
)

REASON_CHOICES = [("", "Select a reason"), *CeaseReason.choices]


class ProposeForm(GovukForm):
    on = date_field("Date of the proposal", required_message="Enter the date of the proposal")
    cease_reason = forms.ChoiceField(
        label="Why would the plan end?",
        help_text="The reason reported to the DfE (SEN2). You can change it with the decision.",
        choices=REASON_CHOICES,
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons for proposing to cease the plan",
        help_text="The family are told these reasons (Reg 29)",
        widget=textarea(6),
        error_messages={"required": "Enter the reasons for ceasing"},
    )


class ConsultationForm(GovukForm):
    party = forms.ChoiceField(
        label="Who was consulted?",
        choices=Consultee.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who was consulted"},
    )
    name = forms.CharField(
        label="Name",
        help_text="The parent, young person, or the school or college",
        max_length=200,
        error_messages={"required": "Enter who was consulted"},
    )
    consulted_on = date_field(
        "Date they were consulted", required_message="Enter the date they were consulted"
    )
    responded_on = date_field(
        "Date their views were received",
        required_message="",
        help_text="Leave blank if they have not replied yet. For example, 27 3 2030",
    )
    views = forms.CharField(label="Their views", widget=textarea(6), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responded_on"].required = False
        self.fields["responded_on"].initial = None


class DecideCeaseForm(GovukForm):
    on = date_field(
        "Date the decision notice is sent",
        required_message="Enter the date the decision notice is sent",
        help_text="The family's 2 months to appeal run from this date. For example, 27 3 2030",
    )
    cease_reason = forms.ChoiceField(
        label="Why will the plan end?",
        choices=REASON_CHOICES,
        error_messages={"required": "Select why the plan would end"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="These go into the decision letter",
        widget=textarea(6),
        error_messages={"required": "Enter the reasons for the decision"},
    )


class ContinueForm(GovukForm):
    on = date_field("Date of the decision", required_message="Enter the date of the decision")
    reason = forms.CharField(
        label="Why the plan continues",
        widget=textarea(5),
        error_messages={"required": "Enter why the plan continues"},
    )


class CeaseNowForm(GovukForm):
    on = date_field("Date the plan ends", required_message="Enter the date the plan ends")
    cease_reason = forms.ChoiceField(
        label="Why does the plan end now?",
        choices=[(r.value, r.label) for r in IMMEDIATE_REASONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan ends"},
    )
    confirmed = forms.BooleanField(
        label="I confirm that no appeal lies: the plan ends today, with no appeal period",
        error_messages={"required": "Confirm that no appeal lies against this decision"},
    )
