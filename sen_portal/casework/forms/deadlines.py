"""The form to record why a statutory time limit does not apply to one deadline."""

from __future__ import annotations

from django import forms

from sen_portal.casework.models import Deadline
from sen_portal.govuk_forms import GovukDateField, GovukForm


class RadioSelect(forms.RadioSelect):
    """Django's radios give no id for a label (the fieldset labels them), which leaves the
    error summary's link pointing nowhere. GOV.UK links it to the first radio. (Named
    RadioSelect so templates/govuk/field.html still renders it as radios.)"""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class DeadlineExceptionForm(GovukForm):
    # Field names match the Deadline fields so errors raised by the service land on them.
    exception_reason = forms.ChoiceField(
        label="Why does the time limit not apply?",
        widget=RadioSelect,
        error_messages={
            "required": "Select why the time limit does not apply",
            "invalid_choice": "Select a reason the regulations allow for this deadline",
        },
    )
    exception_starts_on = GovukDateField(
        label="When did it start?",
        help_text="For example, 21 7 2025",
        error_messages={"required": "Enter the date it started"},
    )
    exception_ends_on = GovukDateField(
        label="When did it end? (optional)",
        required=False,
        help_text="Leave this blank if it has not ended yet",
    )
    exception_note = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=(
            "What happened and how you know, for example the school's closure dates or the "
            "family's message saying they were away. Record only what the evidence needs."
        ),
        error_messages={
            "required": "Enter the evidence for the exception",
            "max_length": "Evidence must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, deadline: Deadline, **kwargs):
        if deadline.has_exception:
            kwargs.setdefault(
                "initial",
                {
                    "exception_reason": deadline.exception_reason,
                    "exception_starts_on": deadline.exception_starts_on,
                    "exception_ends_on": deadline.exception_ends_on,
                    "exception_note": deadline.exception_note,
                },
            )
        super().__init__(*args, **kwargs)
        # Only the reasons the regulation behind this timescale lists.
        self.fields["exception_reason"].choices = [
            (reason.code, f"{reason.label} ({reason.regulation})")
            for reason in deadline.exception_reasons
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("exception_starts_on"), cleaned.get("exception_ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "exception_ends_on", "The end date must be the same as or after the start date"
            )
        return cleaned
