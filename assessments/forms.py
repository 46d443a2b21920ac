"""The forms of the assessments pages. Each checks what a person can get wrong (dates in
the future or before the clock started, missing reasons, files that are not what they
say) so the GOV.UK error summary can point at the field; the services check again."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import AdviceRequest, AssessmentRequest
from assessments.models.advice import ADVICE_EXCEPTION_CHOICES
from assessments.services.requests import YOUNG_PERSON_ONLY
from assessments.year_groups import preparing_for_adulthood_applies
from sen_portal.accounts.models import User
from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child
from sen_portal.casework.services import ACCEPT_ATTRIBUTE, detect_file_type
from sen_portal.dates import long_date
from sen_portal.govuk_forms import GovukDateField, GovukForm
from sen_portal.sen2_codes import validate_exported_to_la

FILE_HINT = "A PDF, Word document (DOCX), JPEG or PNG, smaller than 20 MB"


def textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def date_field(label: str, *, required_message: str, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        help_text=help_text or "For example, 27 3 2025",
        error_messages={"required": required_message},
    )


def check_past_date(
    day: datetime.date | None, *, what: str, not_before: datetime.date, before_what: str
) -> datetime.date | None:
    if day is None:
        return day
    if day > timezone.localdate():
        raise ValidationError(f"The {what} must be today or in the past")
    if day < not_before:
        raise ValidationError(
            f"The {what} must be on or after {before_what} ({long_date(not_before)})"
        )
    return day


# GOV.UK error summaries link to the first radio or checkbox of a group. Django gives a
# group's id_for_label as "" (no single input to point at); these point at the first
# option. Same class names on purpose: the templates pick markup by widget_type, which
# Django derives from the class name.
class RadioSelect(forms.RadioSelect):
    def id_for_label(self, id_, index=None):
        return super().id_for_label(id_, "0" if index is None else index)


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
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


def single_file_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=FILE_HINT,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ACCEPT_ATTRIBUTE}),
    )


def clean_single_file(upload):
    if upload:
        detect_file_type(upload)
    return upload


# --- Requests --------------------------------------------------------------------------


class RequestForm(GovukForm):
    requester = forms.ChoiceField(
        label="Who asked for the assessment?",
        # The council's own decision to reassess (CFA s44(3)) has its own page.
        choices=[
            c
            for c in AssessmentRequest.Requester.choices
            if c[0] != AssessmentRequest.Requester.COUNCIL
        ],
        widget=RadioSelect,
        error_messages={"required": "Select who asked for the assessment"},
    )
    requester_name = forms.CharField(
        label="Name of the person or organisation who asked",
        max_length=150,
        help_text="For example, the head teacher of Northshire Primary School",
        error_messages={"required": "Enter the name of the person or organisation who asked"},
    )
    received_on = date_field(
        "Date the council received the request",
        help_text="Every statutory clock starts on this day. For example, 6 1 2025",
        required_message="Enter the date the council received the request",
    )
    reasons = forms.CharField(
        label="Reasons for the request",
        widget=textarea(6),
        help_text="What the person asking told us about the child's needs and why they "
        "think an assessment is needed",
        error_messages={"required": "Enter the reasons for the request"},
    )
    consent_to_share = forms.TypedChoiceField(
        label="Has the family agreed that the council may share the request with others?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=RadioSelect,
        error_messages={"required": "Select yes if the family agreed to share the request"},
    )
    share_with = forms.MultipleChoiceField(
        label="Who did the family agree the council may share it with?",
        choices=AssessmentRequest.Agency.choices,
        widget=CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    evidence = MultipleFileField(
        label="Evidence sent with the request", required=False, help_text=FILE_HINT
    )
    # SEN2 item RYA.
    rya = forms.BooleanField(
        label="The young person was in relevant youth accommodation (custody) when the "
        "request was made",
        required=False,
    )

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child

    def clean_received_on(self):
        return check_past_date(
            self.cleaned_data.get("received_on"),
            what="date the request was received",
            not_before=self.child.date_of_birth,
            before_what="the date of birth",
        )

    def clean(self):
        cleaned = super().clean()
        received_on = cleaned.get("received_on")
        if (
            cleaned.get("requester") == AssessmentRequest.Requester.YOUNG_PERSON
            and received_on
            and not self.child.is_young_person_on(received_on)
        ):
            self.add_error("requester", YOUNG_PERSON_ONLY)
        consent = cleaned.get("consent_to_share")
        if consent is False and cleaned.get("share_with"):
            self.add_error("share_with", "Only select agencies when the family has agreed to share")
        if consent is True and not cleaned.get("share_with"):
            self.add_error("share_with", "Select who the family agreed the council may share with")
        return cleaned


class DecisionForm(GovukForm):
    """The confirmation form of a transition that needs only its date."""

    on = date_field("Date of the decision", required_message="Enter the date of the decision")

    def __init__(self, *args, not_before: datetime.date, before_what: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_before = not_before
        self.before_what = before_what
        if not self.is_bound:
            self.initial.setdefault("on", timezone.localdate())

    def clean_on(self):
        return check_past_date(
            self.cleaned_data.get("on"),
            what=self.fields["on"].label.lower(),
            not_before=self.not_before,
            before_what=self.before_what,
        )


class ReassessmentOutcomeForm(DecisionForm):
    """After a reassessment the plan is amended or replaced (Reg 27(1))."""

    outcome = forms.ChoiceField(
        label="What will the council do with the EHC plan?",
        choices=[
            ("amend", "Amend the plan in force: send the proposed amendments"),
            (
                "replace",
                "Replace it with a new plan: draft it while the current plan stays in force",
            ),
        ],
        widget=forms.RadioSelect,
        initial="amend",
        required=False,  # amend unless replace is chosen
        help_text="Amend unless you choose to replace it",
    )


class DecisionWithReasonsForm(DecisionForm):
    reasons = forms.CharField(
        label="Reasons for the decision",
        widget=textarea(8),
        help_text="The family will be told these reasons, with their right to mediation and "
        "to appeal",
        error_messages={"required": "Enter the reasons for the decision"},
    )


class ReassessmentRefusalForm(DecisionWithReasonsForm):
    """Reg 24-25: the decision not to reassess, with its ground and the reasons in full."""

    ground = forms.ChoiceField(
        label="Why will the council not reassess?",
        choices=AssessmentRequest.RefusalGround.choices,
        widget=RadioSelect,
        error_messages={"required": "Select why the council will not reassess"},
    )
    field_order = ["on", "ground", "reasons"]


class WithdrawForm(DecisionForm):
    reason = forms.CharField(
        label="Why was it withdrawn?",
        widget=textarea(4),
        help_text="For example, the family has moved to another council's area",
        error_messages={"required": "Enter why it was withdrawn"},
    )
    # SEN2 Requests item Exported (SEN2_schema_2024.xsd, liia-tools 81996262: a 3-digit
    # LA code): the council the case went to. Never this council's own code.
    exported_to_la = forms.CharField(
        label="If they moved to another council's area, that council's LA code (optional)",
        required=False,
        max_length=3,
        help_text="The 3-digit DfE code, like 873. Reported in the SEN2 return as Exported",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    def clean_exported_to_la(self) -> str:
        code = self.cleaned_data.get("exported_to_la", "").strip()
        validate_exported_to_la(code)
        return code

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "Date it was withdrawn"
        self.fields["on"].error_messages["required"] = "Enter the date it was withdrawn"


class CompleteAdviceForm(DecisionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = "Date the advice was complete"
        self.fields["on"].error_messages["required"] = "Enter the date the advice was complete"


# --- Advice --------------------------------------------------------------------------


class AdviceGiverChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name}, {obj.job_title}" if obj.job_title else obj.full_name


class AdviceRequestForm(GovukForm):
    kind = forms.ChoiceField(
        label="What advice are you asking for?",
        widget=RadioSelect,
        error_messages={"required": "Select the advice you are asking for"},
    )
    advice_giver = AdviceGiverChoiceField(
        label="Advice giver",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody with an account: I will record the advice myself",
        help_text="They will see this request, and only this, when they sign in",
    )
    addressee = forms.CharField(
        label="Who is being asked",
        max_length=150,
        required=False,
        help_text="Needed when you select nobody above: the person or organisation asked or, "
        "for the family's views, the parent's or young person's name. Leave it empty to use "
        "the advice giver's name",
    )
    # Required unless an advice giver is selected (clean): not labelled "(optional)".
    addressee.label_optional = False
    questions = forms.CharField(
        label="What are you asking them?",
        widget=textarea(6),
        help_text="The advice giver sees this, the child's first name, LA reference and date "
        "of birth, and nothing else about the child",
        error_messages={"required": "Enter what you are asking for advice on"},
    )
    setting = forms.CharField(
        label="The child's school, college or early years setting",
        max_length=200,
        required=False,
        help_text="The advice giver sees it, to arrange a visit. For example, Northshire "
        "Primary School",
    )
    requested_on = date_field(
        "Date asked",
        help_text="The advice is due 6 weeks from this day. For example, 27 3 2025",
        required_message="Enter the date the advice was asked for",
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        child = assessment.child
        today = timezone.localdate()
        kinds = list(AdviceRequest.Kind.choices)
        if not preparing_for_adulthood_applies(child.date_of_birth, today):
            kinds = [k for k in kinds if k[0] != AdviceRequest.Kind.PREPARING_FOR_ADULTHOOD]
        self.fields["kind"].choices = kinds
        self.fields["advice_giver"].queryset = User.objects.filter(
            role=Role.ADVICE_GIVER, is_active=True
        ).order_by("full_name")
        if not self.is_bound:
            self.initial.setdefault("requested_on", today)
            # Typed once per assessment: the setting named on its last request.
            last = (
                assessment.advice_requests.exclude(setting="")
                .order_by("-created_at")
                .values_list("setting", flat=True)
                .first()
            )
            if last:
                self.initial.setdefault("setting", last)

    def clean_requested_on(self):
        return check_past_date(
            self.cleaned_data.get("requested_on"),
            what="date the advice was asked for",
            not_before=self.assessment.started_on,
            before_what="the day the assessment started",
        )

    def clean(self):
        cleaned = super().clean()
        kind, giver = cleaned.get("kind"), cleaned.get("advice_giver")
        if kind == AdviceRequest.Kind.FAMILY_VIEWS and giver is not None:
            self.add_error(
                "advice_giver", "The family's views are recorded by the caseworker: select nobody"
            )
        if giver is None and not cleaned.get("addressee", "").strip():
            self.add_error("addressee", "Enter who is being asked")
        requested_on = cleaned.get("requested_on")
        if (
            kind == AdviceRequest.Kind.PREPARING_FOR_ADULTHOOD
            and requested_on
            and not preparing_for_adulthood_applies(
                self.assessment.child.date_of_birth, requested_on
            )
        ):
            self.add_error("kind", "Preparing for adulthood advice is asked for from year 9")
        return cleaned


class AdviceForm(GovukForm):
    """The advice itself, as the advice giver sends it."""

    needs = forms.CharField(
        label="The child's needs",
        widget=textarea(6),
        help_text="What you found: their special educational, health or care needs",
        error_messages={"required": "Enter the child's needs"},
    )
    outcomes = forms.CharField(
        label="Outcomes",
        widget=textarea(6),
        help_text="What the support should help the child achieve",
        error_messages={"required": "Enter the outcomes"},
    )
    provision = forms.CharField(
        label="Recommended provision",
        widget=textarea(6),
        help_text="What support you recommend, who should give it and how often",
        error_messages={"required": "Enter the provision you recommend"},
    )
    document = single_file_field("Your report")

    def clean_document(self):
        return clean_single_file(self.cleaned_data.get("document"))


class RecordAdviceForm(AdviceForm):
    """The caseworker records advice that came by letter or email, or the family's views."""

    received_on = date_field(
        "Date the council received it", required_message="Enter the date the advice was received"
    )

    field_order = ["received_on", "needs", "outcomes", "provision", "document"]

    def __init__(self, *args, advice: AdviceRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.advice = advice
        self.fields["document"].label = "The advice as a document"
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())

    def clean_received_on(self):
        return check_past_date(
            self.cleaned_data.get("received_on"),
            what="date the advice was received",
            not_before=self.advice.requested_on,
            before_what="the day it was asked for",
        )


class ExceptionClaimForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why can you not send the advice within 6 weeks?",
        choices=ADVICE_EXCEPTION_CHOICES,
        widget=RadioSelect,
        help_text="Only these reasons allow more time (Reg 8(2) of the SEND Regulations 2014)",
        error_messages={"required": "Select the reason"},
    )
    starts_on = date_field("When did it start?", required_message="Enter the date it started")
    note = forms.CharField(
        label="What has happened?",
        widget=textarea(5),
        help_text="For example, the dates of the appointments that were missed",
        error_messages={"required": "Enter what has happened"},
    )

    def __init__(self, *args, advice: AdviceRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.advice = advice

    def clean_starts_on(self):
        return check_past_date(
            self.cleaned_data.get("starts_on"),
            what="date it started",
            not_before=self.advice.requested_on,
            before_what="the day the advice was asked for",
        )


class ExceptionDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Does the exception apply?",
        choices=[
            ("accept", "Yes: record it against the 6-week deadline"),
            ("reject", "No: the advice is still due on its date"),
        ],
        widget=RadioSelect,
        error_messages={"required": "Select whether the exception applies"},
    )
    note = forms.CharField(
        label="Why not?",
        widget=textarea(4),
        required=False,
        help_text="Needed when the exception does not apply",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error("note", "Enter why the exception does not apply")
        return cleaned


class CancelAdviceForm(GovukForm):
    reason = forms.CharField(
        label="Why is this advice no longer needed?",
        widget=textarea(4),
        error_messages={"required": "Enter why the advice is no longer needed"},
    )


class CouncilReassessmentForm(GovukForm):
    """CFA s44(3): the council decides itself that a reassessment is necessary."""

    on = date_field("Date of the decision", required_message="Enter the date of the decision")
    reasons = forms.CharField(
        label="Why is a reassessment necessary?",
        widget=textarea(6),
        help_text="The family will be told these reasons",
        error_messages={"required": "Enter why a reassessment is needed"},
    )

    def clean_on(self):
        day = self.cleaned_data.get("on")
        if day is not None and day > timezone.localdate():
            raise ValidationError("The date of the decision must be today or in the past")
        return day
