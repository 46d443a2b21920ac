from django import forms
from django.contrib.auth.forms import AuthenticationForm

from sen_portal.accounts.usernames import normalise_username
from sen_portal.govuk_forms import GovukFormMixin


class SignInForm(GovukFormMixin, AuthenticationForm):
    """Django's sign-in form (fields `username` and `password`), labelled for people."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact your SEND team.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self):
        # The spelling authenticate() and the throttling both see (accounts.usernames).
        return normalise_username(self.cleaned_data.get("username"))


class TokenForm(GovukFormMixin, forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit security code",
            "min_length": "Enter the 6-digit security code",
            "max_length": "Enter the 6-digit security code",
        },
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input govuk-input--width-5",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("The security code must be 6 numbers")
        return token
