"""The forms of the review pages. Each checks what a person can get wrong so the GOV.UK error
summary points at the field; the services check again."""

from __future__ import annotations

from django import forms

from plans.forms import date_field, textarea  # noqa: F401
from plans.models import Institution
from reviews.models import AdviceKind, ParticipantRole, ReviewDecision
from sen_portal import timescales
from sen_portal.govuk_forms import (
    GovukDateField,
    GovukForm,
    apply_service_errors,  # noqa: F401
)


class ScheduleForm(GovukForm):
    meeting_on = GovukDateField(
        label="Date of the meeting",
        help_text="Invitations and papers must go out at least 2 weeks before it "
        "(Reg 20(3)-(4)). For example, 27 3 2026",
        error_messages={"required": "Enter the date of the meeting"},
    )
    venue = forms.CharField(
        label="Where",
        max_length=200,
        help_text="For example, the school's name, or 'online'",
        error_messages={"required": "Enter where the meeting will be held"},
    )


class ParticipantForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the name"}
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ParticipantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role"},
    )
    organisation = forms.CharField(
        label="Organisation (optional)",
        max_length=200,
        required=False,
        help_text="For example, the school or the health trust",
    )
    invited_on = date_field("Date invited", required_message="Enter the date they were invited")


class AdviceRequestForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of advice",
        choices=AdviceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of advice"},
    )
    from_whom = forms.CharField(
        label="Asked from",
        max_length=200,
        help_text="The person or service, for example 'Year 6 class teacher'",
        error_messages={"required": "Enter who the advice was asked from"},
    )
    requested_on = date_field("Date asked", required_message="Enter the date it was asked for")


class AdviceReceivedForm(GovukForm):
    received_on = date_field("Date received", required_message="Enter the date it was received")
    summary = forms.CharField(
        label="Summary (optional)",
        widget=textarea(5),
        required=False,
        help_text="What it says about progress towards the outcomes",
    )


class HoldForm(GovukForm):
    held_on = date_field("Date the meeting was held", required_message="Enter the date")
    attended = forms.MultipleChoiceField(
        label="Who attended",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who came",
    )

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(p.pk), f"{p.name} ({p.get_role_display()})") for p in participants
        ]
        if not participants:
            del self.fields["attended"]


class ReportForm(GovukForm):
    received_on = date_field(
        "Date the report was received", required_message="Enter the date the report arrived"
    )
    summary = forms.CharField(
        label="Summary of the report",
        widget=textarea(6),
        help_text="The recommendations, including any amendments and any differences of view",
        error_messages={"required": "Enter a summary of the report"},
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="What did the council decide?",
        choices=ReviewDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the council decided"},
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=textarea(6),
        help_text="These go to the family with the decision",
        error_messages={"required": "Enter the reasons for the decision"},
    )
    on = date_field(
        "Date the decision was sent to the family",
        required_message="Enter the date the decision was sent",
    )
    sent_by = forms.ChoiceField(
        label="How the decision is sent",
        choices=timescales.SERVICE_METHODS,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needed to amend: the proposed amendments go with the decision, and the "
        "family's 15 days on them begin with the day it is served (by post, the second "
        "working day after posting; Reg 22(2)(c))",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "amend" and not data.get("sent_by"):
            self.add_error(
                "sent_by", "Select how the decision and the proposed amendments are sent"
            )
        return data


class DateOnlyForm(GovukForm):
    on = date_field("Date", required_message="Enter the date")

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the review cancelled?",
        widget=textarea(4),
        error_messages={"required": "Enter why the review is cancelled"},
    )


class FrequencyForm(GovukForm):
    months = forms.ChoiceField(
        label="How often should the plan be reviewed?",
        choices=[
            ("12", "Once a year"),
            ("6", "Every 6 months"),
            ("5", "Every 5 months"),
            ("4", "Every 4 months"),
            ("3", "Every 3 months"),
        ],
        widget=forms.RadioSelect,
        help_text="For a child under 5 the council should consider a review every 3 to 6 "
        "months (SEND Code of Practice 9.178)",
        error_messages={"required": "Select how often to review the plan"},
    )


class NameInstitutionForm(GovukForm):
    institution = forms.ModelChoiceField(
        label="School or college for after the move",
        queryset=Institution.objects.order_by("name"),
        empty_label="Select a school or college",
        error_messages={"required": "Select the school or college for after the move"},
    )
    named_on = date_field(
        "Date it was settled",
        required_message="Enter the date it was settled",
        help_text="The deadline is met when the amended plan naming it is issued",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].label_from_instance = lambda i: (
            f"{i.name} (URN {i.urn}), {i.get_kind_display()}"
        )
