from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from sen_portal.accounts.models import Team, User
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.forms.deadlines import RadioSelect
from sen_portal.casework.identifiers import normalise
from sen_portal.casework.models import Child, FamilyMember
from sen_portal.concurrency import VersionedFormMixin
from sen_portal.dates import years_before
from sen_portal.govuk_forms import GovukDateField, GovukModelForm
from sen_portal.sen2_codes import CURRENT_UPN_UNKNOWN

# EHC plans cover ages 0 to 25: nobody older can be a new case.
MAX_AGE_YEARS = 25


class ChildForm(VersionedFormMixin, GovukModelForm):
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2015",
        error_messages={"required": "Enter the date of birth"},
    )

    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "la_reference",
            "sex",
            "ethnicity",
            "upn",
            "upn_unknown_reason",
            "uln",
            "nhs_number",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "team",
            "caseworker",
        ]
        error_messages = {
            "first_name": {"required": "Enter the first name"},
            "last_name": {"required": "Enter the last name"},
            "la_reference": {"required": "Enter the LA reference"},
            "team": {"required": "Select the team that runs this case"},
            "sex": {"invalid_choice": "Select female, male or not known"},
            "ethnicity": {"invalid_choice": "Select an ethnicity from the list"},
            "upn_unknown_reason": {"invalid_choice": "Select a reason from the list"},
        }
        widgets = {"sex": forms.RadioSelect}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.is_new = self.instance._state.adding
        if user.role == Role.ADMIN:
            self.fields["team"].queryset = Team.objects.all()
            caseworkers = User.objects.filter(role__in=CASE_ROLES, is_active=True)
        else:
            # Staff run cases of their own team only.
            del self.fields["team"]
            caseworkers = User.objects.filter(
                role__in=CASE_ROLES, is_active=True, team_id=user.team_id
            )
        if user.role == Role.CASEWORKER:
            # Managers assign and reassign cases; a caseworker's new case is their own.
            del self.fields["caseworker"]
        else:
            self.fields["caseworker"].queryset = caseworkers.order_by("full_name")
            self.fields["caseworker"].empty_label = "Not assigned yet"
        self.fields["postcode"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        # The SEN2 return's person items. Optional here (not every family has told us
        # yet); the SEN2 check page lists the cases still missing them.
        self.fields["sex"].choices = Child.Sex.choices
        self.fields["ethnicity"].choices = [("", "Not recorded yet"), *Child.Ethnicity.choices]
        # Only the codes of the current SEN2 lists (sen2_codes.CURRENT_UPN_UNKNOWN).
        self.fields["upn_unknown_reason"].choices = [("", "Not applicable")] + [
            (code, f"{code.label} ({code})") for code in CURRENT_UPN_UNKNOWN
        ]
        for name in ("upn", "uln", "nhs_number"):
            field = self.fields[name]
            # People type "943 476 5919": allow the spaces here, the model checks the
            # compact value (and its length) after clean_<name> removes them.
            field.max_length = None
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["class"] = "govuk-input govuk-input--width-20"
            field.widget.attrs["spellcheck"] = "false"

    def _clean_identifier(self, name: str) -> str:
        return normalise(self.cleaned_data.get(name, ""))

    def clean_upn(self):
        return self._clean_identifier("upn")

    def clean_uln(self):
        return self._clean_identifier("uln")

    def clean_nhs_number(self):
        return self._clean_identifier("nhs_number")

    def clean_postcode(self):
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())

    def clean_la_reference(self):
        return self.cleaned_data["la_reference"].strip().upper()

    def clean_date_of_birth(self):
        dob = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if dob > today:
            raise forms.ValidationError("Date of birth must be today or in the past")
        if self.is_new and dob <= years_before(today, MAX_AGE_YEARS):
            raise forms.ValidationError(
                "The young person must be under 25: EHC plans cover ages 0 to 25"
            )
        return dob

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("upn_unknown_reason")
        if reason and cleaned.get("upn"):
            self.add_error(
                "upn_unknown_reason",
                "Leave the reason there is no UPN empty when you give the UPN",
            )
        dob = cleaned.get("date_of_birth")
        if reason == Child.UpnUnknown.UN1 and dob and years_before(timezone.localdate(), 6) >= dob:
            self.add_error(
                "upn_unknown_reason",
                "The child is 6 or older: choose another reason there is no UPN",
            )
        caseworker = cleaned.get("caseworker")
        team = cleaned.get("team") or (self.user.team if self.user.role != Role.ADMIN else None)
        if caseworker and team and caseworker.team_id != team.pk:
            self.add_error("caseworker", "Choose a caseworker from the team that runs this case")
        return cleaned


class FamilyMemberForm(GovukModelForm):
    class Meta:
        model = FamilyMember
        fields = [
            "full_name",
            "relationship",
            "parental_responsibility",
            "email",
            "phone",
            "is_main_contact",
        ]
        # Radios with none chosen until the person chooses (GOV.UK radios start empty).
        widgets = {"relationship": RadioSelect}
        error_messages = {
            "full_name": {"required": "Enter their full name"},
            "relationship": {"required": "Select their relationship to the child"},
        }
        labels = {"phone": "Phone number"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model field with choices offers a blank "---------" first, checked when the
        # form is new: radios list only the real relationships.
        self.fields["relationship"].choices = FamilyMember.Relationship.choices
