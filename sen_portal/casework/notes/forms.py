"""The forms to record a case note and to upload a document to a case. Files are checked
by content (casework.services.documents.detect_file_type), as every upload is; the services check
again."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from sen_portal.casework.models import CaseNote
from sen_portal.casework.notes import attach_points
from sen_portal.casework.services.documents import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_WORDS,
    detect_file_type,
)
from sen_portal.govuk_forms import GovukDateField, GovukForm

FILE_HINT = f"{ACCEPTED_WORDS[0].upper()}{ACCEPTED_WORDS[1:]}, each smaller than 20 MB"
GENERAL = ""  # the "belongs to" choice for the case in general


class RadioSelect(forms.RadioSelect):
    """The error summary links to the first radio (named RadioSelect so the GOV.UK field
    template renders radios)."""

    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one GOV.UK file upload; each is checked by its content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"class": "govuk-file-upload", "multiple": True, "accept": ACCEPT_ATTRIBUTE}
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = []
        for upload in cleaned:
            try:
                detect_file_type(upload)
            except ValidationError as exc:
                errors.append(f"{upload.name}: {exc.messages[0]}")
        if errors:
            raise ValidationError(errors)
        return cleaned


def step_choices(child) -> list[tuple[str, str]]:
    return [(GENERAL, "The case in general")] + [
        (point.key, point.label) for point in attach_points.for_child(child)
    ]


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="What are you recording?",
        choices=CaseNote.Kind.choices,
        widget=RadioSelect,
        error_messages={"required": "Select what you are recording"},
    )
    happened_on = GovukDateField(
        label="Date it happened",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date it happened"},
    )
    with_whom = forms.CharField(
        label="Who with or from",
        max_length=150,
        required=False,
        help_text="For example, the SENCo at Northshire Primary School, or Mum",
    )
    subject = forms.CharField(
        label="What it was about",
        max_length=200,
        help_text="A short line: it names the note in lists",
        error_messages={"required": "Enter what it was about"},
    )
    body = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was said or agreed, and anything to follow up",
        error_messages={"required": "Enter the note"},
    )
    attachments = MultipleFileField(label="Attachments", required=False, help_text=FILE_HINT)
    step = forms.ChoiceField(
        label="Which part of the case do the attachments belong to?",
        required=False,
        help_text="Attachments are also listed with the case's documents",
    )
    shared_with_family = forms.BooleanField(
        label="Share this note with the family",
        required=False,
        help_text="They will see it, and its attachments, in the family portal. Leave this "
        "unticked to keep it to staff who run the case",
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = step_choices(child)
        if not self.is_bound:
            self.initial.setdefault("happened_on", timezone.localdate())

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate():
            raise ValidationError("The date it happened must be today or in the past")
        return day


class CaseDocumentForm(GovukForm):
    document = forms.FileField(
        label="Document",
        help_text=FILE_HINT.replace(", each", ","),
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ACCEPT_ATTRIBUTE}),
        error_messages={"required": "Select a document to upload"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="For example, Northshire Primary School's reply to the consultation. "
        "Leave empty to use the file name",
    )
    step = forms.ChoiceField(label="Which part of the case does it belong to?", required=False)
    shared_with_family = forms.BooleanField(
        label="Share this document with the family",
        required=False,
        help_text="They will see it in the family portal",
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = step_choices(child)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            detect_file_type(upload)
        return upload
