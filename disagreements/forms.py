"""The forms of the disagreement pages; the services check everything again."""

from __future__ import annotations

from django import forms

from disagreements.models import ORDER_CHOICES, AppealOutcome, DecisionKind, MediationOutcome
from plans.forms import date_field, textarea  # noqa: F401
from sen_portal.govuk_forms import (
    GovukDateField,
    GovukForm,
    apply_service_errors,  # noqa: F401
)


class RecordForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which decision do the family disagree with?",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision the family disagree with"},
    )
    decision_on = date_field(
        "Date the decision notice was sent",
        required_message="Enter the date the decision notice was sent",
        help_text="The appeal deadline runs from this date. For example, 27 3 2030",
    )
    summary = forms.CharField(
        label="What the family disagree with", widget=textarea(4), required=False
    )


def _date_form(label: str, message: str, help_text: str = ""):
    class DateOnlyForm(GovukForm):
        on = date_field(label, required_message=message, help_text=help_text)

    return DateOnlyForm


ContactForm = _date_form(
    "Date the family contacted the mediation adviser",
    "Enter the date the family contacted the mediation adviser",
)
MediationRequestForm = _date_form(
    "Date the council was told the family want mediation",
    "Enter the date the council was told",
    "Mediation must be held within 30 days of this date. For example, 27 3 2030",
)
CertificateForm = _date_form(
    "Date the certificate was issued", "Enter the date the certificate was issued"
)
CloseForm = _date_form("Date closed", "Enter the date")
ComplyForm = _date_form(
    "Date the order was complied with", "Enter the date the order was complied with"
)


class MediationHeldForm(GovukForm):
    on = date_field("Date of the mediation", required_message="Enter the date of the mediation")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=MediationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the mediation"},
    )
    note = forms.CharField(label="What was agreed", widget=textarea(4), required=False)


class AppealForm(GovukForm):
    on = date_field(
        "Date the appeal was lodged", required_message="Enter the date the appeal was lodged"
    )
    reference = forms.CharField(label="Tribunal reference", max_length=40, required=False)


class HearingForm(GovukForm):
    hearing_on = GovukDateField(
        label="Hearing date",
        help_text="For example, 27 3 2031",
        error_messages={"required": "Enter the hearing date"},
    )


class OutcomeForm(GovukForm):
    on = date_field("Date of the outcome", required_message="Enter the date of the outcome")
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=AppealOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the appeal"},
    )
    note = forms.CharField(label="About the decision", widget=textarea(4), required=False)


class ResolveForm(GovukForm):
    on = date_field("Date resolved", required_message="Enter the date it was resolved")
    note = forms.CharField(
        label="How it was resolved",
        widget=textarea(4),
        error_messages={"required": "Enter how the disagreement was resolved"},
    )


class OrderForm(GovukForm):
    code = forms.ChoiceField(
        label="What did the tribunal order?",
        choices=ORDER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the order the tribunal made"},
    )
    made_on = date_field("Date of the order", required_message="Enter the date of the order")
    detail = forms.CharField(label="What the order says", widget=textarea(4), required=False)
