from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from sen_portal.govuk_forms import GovukForm

YOUNG_PERSON = "young_person"


class InvitationForm(GovukForm):
    invitee = forms.ChoiceField(
        label="Who are you inviting?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are inviting"},
    )
    email = forms.EmailField(
        label="Their email address",
        required=False,
        help_text="We will email them a link. The email does not name the child or young "
        "person. Leave it empty to use the email address recorded for them on the case.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    # Needed unless the person chosen has one on the case (clean): no "(optional)".
    email.label_optional = False

    def __init__(self, *args, members, young_person: bool, member_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(m.pk),
                f"{m.full_name} ({m.get_relationship_display().lower()})"
                + (f", {m.email}" if m.email else ""),
            )
            for m in members
        ]
        if young_person:
            choices.append((YOUNG_PERSON, "The young person themselves"))
        self.fields["invitee"].choices = choices
        self.members = {str(m.pk): m for m in members}
        if not self.is_bound:
            # From "Invite" beside a family member, or when there is only one to invite:
            # the person chosen and the email address the case already holds for them.
            chosen = self.members.get(member_id)
            if chosen is None and len(choices) == 1 and choices[0][0] in self.members:
                chosen = self.members[choices[0][0]]
            if chosen is not None:
                self.initial.update(invitee=str(chosen.pk), email=chosen.email)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("email") and "email" not in self.errors:
            member = self.members.get(cleaned.get("invitee") or "")
            if member is not None and member.email:
                cleaned["email"] = member.email
            else:
                self.add_error("email", "Enter their email address")
        return cleaned

    def family_member(self):
        return self.members.get(self.cleaned_data["invitee"])


class ParentsAccessForm(GovukForm):
    parents_keep_access = forms.TypedChoiceField(
        label="Does the young person agree to their parents keeping access to the family portal?",
        help_text="From 16 the young person decides. If they do not agree, their parents' "
        "access stops straight away.",
        choices=[
            ("yes", "Yes, their parents keep access"),
            ("no", "No, stop their parents' access"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether their parents keep access"},
    )


class NewAccountForm(GovukForm):
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 12 characters. Do not use a password you use anywhere else.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Enter the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, *args, email: str, full_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email, self.full_name = email, full_name

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            # Unsaved: lets the similarity check compare with their name and email.
            user = get_user_model()(email=self.email, full_name=self.full_name)
            try:
                validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data

    @property
    def password(self) -> str:
        return self.cleaned_data["password1"]


class ExistingAccountForm(GovukForm):
    password = forms.CharField(
        label="Your password",
        help_text="You already have a family portal account with this email address.",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, email: str, full_name: str, **kwargs):
        super().__init__(*args, **kwargs)


class EmailPreferenceForm(GovukForm):
    email_updates = forms.TypedChoiceField(
        label="Do you want an email when there is an update on your case?",
        help_text="The email never says whose case it is or what changed: you sign in to see it.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you want an email when there is an update"},
    )
