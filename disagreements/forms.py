"""The forms of the disagreement pages; the services check everything again."""

from __future__ import annotations

from django import forms

from disagreements.models import (
    AGREEMENT_KINDS,
    ORDER_KIND_LABELS,
    AppealOutcome,
    ContactBy,
    DecisionKind,
    MediationOutcome,
)
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


class ContactForm(GovukForm):
    on = date_field(
        "Date the family contacted the mediation adviser",
        required_message="Enter the date the family contacted the mediation adviser",
    )
    by = forms.ChoiceField(
        label="Who contacted the adviser?",
        choices=ContactBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who contacted the mediation adviser"},
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


class ComplyForm(GovukForm):
    on = date_field(
        "Date it was done", required_message="Enter the date the order was complied with"
    )
    action = forms.CharField(
        label="What was done",
        help_text="The family's letter quotes this. For example: We issued the amended "
        "plan naming Brookside School.",
        widget=textarea(4),
        error_messages={"required": "Enter what was done"},
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
    """What the Tribunal ordered (Reg 44(2)) or the council conceded (Reg 45): the
    choices follow the outcome (``kinds``)."""

    kind = forms.ChoiceField(
        label="What did the tribunal order?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the tribunal ordered"},
    )
    made_on = date_field(
        "Date of the order",
        required_message="Enter the date of the order",
        help_text="For a conceded appeal, the day the council told the tribunal. "
        "For example, 27 3 2031",
    )
    detail = forms.CharField(label="What the order says", widget=textarea(4), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, ORDER_KIND_LABELS[k]) for k in kinds]


AGREEMENT_OTHER = (
    "Something the family cannot appeal about (health or social care provision, "
    "information, a meeting): within 2 weeks (Reg 42(3))"
)

# Reg 42(4) applies only "Where the local authority was not a party to the mediation":
# health care provision agreed at a mediation between the family and the health
# commissioning body alone. Agreed at a mediation the council took part in, it is
# "other" (Reg 42(3)) with the body named.
AGREEMENT_HEALTH = (
    "Health care provision agreed at a mediation the council was not a party to (the "
    "family and the health commissioning body only): the body tells the council within "
    "1 week (Reg 42(4)) and acts within 2 weeks (Reg 42(3))"
)


class AgreementForm(GovukForm):
    kind = forms.ChoiceField(
        label="What does the agreement say the council will do?",
        help_text="On matters the family could appeal, the council has the time the "
        "tribunal would give for the same order (Reg 42(2)).",
        choices=[
            (
                k,
                {"other": AGREEMENT_OTHER, "health": AGREEMENT_HEALTH}.get(k)
                or ORDER_KIND_LABELS[k],
            )
            for k in AGREEMENT_KINDS
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the agreement says the council will do"},
    )
    made_on = date_field(
        "Date of the agreement", required_message="Enter the date of the agreement"
    )
    detail = forms.CharField(
        label="What was agreed",
        widget=textarea(4),
        error_messages={"required": "Enter what was agreed"},
    )
    body = forms.CharField(
        label="Who must act, if not the council's SEN team (optional)",
        help_text="For example, the integrated care board, or the council's social care team",
        max_length=200,
        required=False,
    )
    agreed_by = GovukDateField(
        label="Date agreed in writing for doing it (optional)",
        help_text="Only if the agreement gives its own date instead of the usual period "
        "(Reg 42(5)). For example, 31 3 2031",
        required=False,
    )


class RecommendationForm(GovukForm):
    made_on = date_field(
        "Date of the recommendation", required_message="Enter the date of the recommendation"
    )
    body = forms.CharField(
        label="Who must answer it",
        help_text="The health commissioning body (for example, the integrated care board) "
        "or the council's social care team",
        max_length=200,
        error_messages={"required": "Enter who must answer the recommendation"},
    )
    detail = forms.CharField(
        label="What the tribunal recommended",
        widget=textarea(4),
        error_messages={"required": "Enter what the tribunal recommended"},
    )
