import re

from django import forms
from django.db import models
from django.db.models.functions import Lower

from local_offer.constants import MAX_AGE, Category, CommentTheme
from local_offer.geography import UnknownPostcode, postcode_point, valid_postcode
from local_offer.models import (
    Comment,
    CommentResponse,
    CostOption,
    Location,
    Organization,
    Schedule,
    Service,
    TaxonomyTerm,
)
from local_offer.models.directory import normalise_postcode
from local_offer.models.feedback import COMMENT_MAX_LENGTH
from local_offer.selectors import ServiceFilters, category_terms
from sen_portal.concurrency import VersionedFormMixin
from sen_portal.govuk_forms import GovukDateField, GovukForm, GovukModelForm

AGE_ERROR = f"Enter an age from 0 to {MAX_AGE}"
POSTCODE_ERROR = "Enter a real postcode, for example ZZ1 1AA"
# How far from a postcode a family can search, in miles.
DISTANCE_CHOICES = [
    (1, "1 mile"),
    (3, "3 miles"),
    (5, "5 miles"),
    (10, "10 miles"),
    (25, "25 miles"),
]
DEFAULT_DISTANCE = 5
PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def _https_by_default(field, **kwargs):
    """Model URL fields as form fields that read "example.org" as https://example.org."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def _narrow(form: forms.BaseForm, *names: str, width: str = "govuk-input--width-10") -> None:
    for name in names:
        form.fields[name].widget.attrs["class"] = f"govuk-input {width}"


class SearchForm(GovukForm):
    """The public search and its filters (GET). Every field is optional."""

    q = forms.CharField(label="Search the local offer", required=False, max_length=200)
    category = forms.MultipleChoiceField(
        label="Type of support",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={"invalid": AGE_ERROR, "min_value": AGE_ERROR, "max_value": AGE_ERROR},
    )
    needs = forms.ChoiceField(
        label="Support for",
        choices=[
            ("", "Any"),
            ("sen", "Special educational needs (SEN)"),
            # CFA 2014 s.30: a disabled child without SEN is in the local offer too.
            ("disability", "Disability (with or without SEN)"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("", "Any"), ("free", "Free"), ("paid", "Costs money")],
        widget=forms.RadioSelect,
        required=False,
    )

    postcode = forms.CharField(
        label="Postcode",
        help_text="Find services near you, for example ZZ1 1AA",
        required=False,
        max_length=10,
        error_messages={"max_length": POSTCODE_ERROR},
    )
    distance = forms.TypedChoiceField(
        label="Distance",
        choices=DISTANCE_CHOICES,
        coerce=int,
        required=False,
        empty_value=DEFAULT_DISTANCE,
        initial=DEFAULT_DISTANCE,
        error_messages={"invalid_choice": "Select a distance from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "spellcheck": "false"})
        self.fields["q"].widget.input_type = "search"
        _narrow(self, "age", width="govuk-input--width-2")
        self.fields["age"].widget.attrs["inputmode"] = "numeric"
        _narrow(self, "postcode")
        self.fields["postcode"].widget.attrs.update(
            {"autocomplete": "postal-code", "spellcheck": "false"}
        )
        self.fields["distance"].widget.attrs["class"] = "govuk-select"
        self.near = None

    def clean(self):
        data = super().clean()
        postcode = data.get("postcode") or ""
        if postcode.strip():
            if valid_postcode(postcode) is None:
                self.add_error("postcode", POSTCODE_ERROR)
            else:
                try:
                    self.near = postcode_point(postcode)
                except UnknownPostcode:
                    self.add_error(
                        "postcode",
                        f"We cannot find the postcode {valid_postcode(postcode)}. Check it, "
                        "or search without a postcode",
                    )
                else:
                    data["postcode"] = valid_postcode(postcode)
        return data

    def filters(self) -> ServiceFilters:
        """The valid filters; an invalid one is ignored (and shown as an error)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return ServiceFilters(
            q=data.get("q") or "",
            categories=data.get("category") or [],
            age=data.get("age"),
            needs=data.get("needs") or "",
            cost=data.get("cost") or "",
            near=self.near,
            within_miles=(data.get("distance") or DEFAULT_DISTANCE) if self.near else None,
        )


class ServiceForm(VersionedFormMixin, GovukModelForm):
    needs_served = forms.ChoiceField(
        label="Who is the service for?",
        help_text="The local offer covers special educational needs and disabilities. "
        "A disabled child who does not have SEN belongs in it too.",
        choices=Service.NeedsServed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the service is for"},
    )
    categories = forms.ModelMultipleChoiceField(
        label="Type of support",
        help_text="Select all that apply",
        queryset=TaxonomyTerm.objects.none(),  # the categories, set in __init__
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one type of support"},
    )
    operating_status = forms.ChoiceField(
        label="Is the service running?",
        choices=Service.OperatingStatus.choices,
        widget=forms.RadioSelect,
        initial=Service.OperatingStatus.ACTIVE,
    )
    languages = forms.CharField(
        label="Languages the service is delivered in",
        help_text="Separate languages with commas, for example English, Polish, "
        "British Sign Language",
        required=False,
        max_length=500,
    )
    review_by = GovukDateField(
        label="Review by",
        help_text="Check the entry with the provider by this date, for example 31 3 2027. "
        "After it, the entry is listed as out of date.",
        error_messages={"required": "Enter the date to review this entry by"},
    )

    class Meta:
        model = Service
        formfield_callback = _https_by_default
        fields = [
            "organization",
            "name",
            "description",
            "needs_served",
            "categories",
            "minimum_age",
            "maximum_age",
            "eligibility_description",
            "application_process",
            "email",
            "url",
            "languages",
            "operating_status",
            "alert",
            "is_free",
            "review_by",
        ]
        labels = {
            "organization": "Organisation that runs it",
            "name": "Name of the service",
            "description": "What the service does",
            "minimum_age": "Youngest age",
            "maximum_age": "Oldest age",
            "eligibility_description": "Who can use it",
            "application_process": "How to get the service",
            "email": "Email address",
            "url": "Website",
            "alert": "Short-term notice",
        }
        help_texts = {
            "description": "Say what happens, in plain English, as a family would ask about it",
            "minimum_age": "In years, from 0 to 25",
            "maximum_age": "In years, from 0 to 25",
            "eligibility_description": "For example, a diagnosis, where they live, a referral",
            "application_process": "For example, call to book, ask your GP to refer you, drop in",
            "url": "For example, https://example.org/service",
        }
        error_messages = {
            "organization": {"required": "Select the organisation that runs the service"},
            "name": {"required": "Enter the name of the service"},
            "description": {"required": "Enter what the service does"},
            "minimum_age": {
                "required": "Enter the youngest age",
                "invalid": AGE_ERROR,
                "min_value": AGE_ERROR,
                "max_value": AGE_ERROR,
            },
            "maximum_age": {
                "required": "Enter the oldest age",
                "invalid": AGE_ERROR,
                "min_value": AGE_ERROR,
                "max_value": AGE_ERROR,
            },
            "email": {"invalid": "Enter an email address like name@example.org"},
            "url": {"invalid": "Enter a website address like https://example.org"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = category_terms()
        self.fields["organization"].queryset = Organization.objects.order_by(Lower("name"))
        self.fields["organization"].empty_label = "Select an organisation"
        _narrow(self, "minimum_age", "maximum_age", width="govuk-input--width-2")
        for name in ("minimum_age", "maximum_age"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        if not self.instance._state.adding:
            self.initial["categories"] = [term.pk for term in self.instance.categories.all()]
            self.initial["languages"] = ", ".join(
                language.name for language in self.instance.languages.all()
            )

    def clean_languages(self) -> list[str]:
        names = [" ".join(part.split()) for part in self.cleaned_data["languages"].split(",")]
        return [name for name in names if name]

    def clean(self):
        data = super().clean()
        youngest, oldest = data.get("minimum_age"), data.get("maximum_age")
        if youngest is not None and oldest is not None and youngest > oldest:
            self.add_error(
                "maximum_age", "The oldest age must be the same as or more than the youngest age"
            )
        return data


class OrganizationForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = Organization
        formfield_callback = _https_by_default
        fields = ["name", "description", "email", "website"]
        labels = {
            "name": "Name of the organisation",
            "description": "What the organisation does",
            "email": "Email address",
        }
        error_messages = {
            "name": {"required": "Enter the name of the organisation"},
            "description": {"required": "Enter what the organisation does"},
            "email": {"invalid": "Enter an email address like name@example.org"},
            "website": {"invalid": "Enter a website address like https://example.org"},
        }


class LocationForm(VersionedFormMixin, GovukModelForm):
    # Longer than the stored postcode: people type spaces; clean_postcode normalises it.
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        error_messages={
            "required": "Enter the postcode",
            "max_length": "Enter a real postcode, for example ZZ1 1AA",
        },
    )

    class Meta:
        model = Location
        fields = [
            "name",
            "address_1",
            "address_2",
            "city",
            "postcode",
            "latitude",
            "longitude",
            "accessibility",
            "description",
        ]
        help_texts = {
            "latitude": "Optional. In decimal degrees, for example 54.6012. Leave both empty "
            "to use the centre of the postcode",
            "longitude": "Optional. In decimal degrees, for example -1.5523",
        }
        error_messages = {
            "name": {"required": "Enter the name of the place"},
            "address_1": {"required": "Enter the building and street"},
            "city": {"required": "Enter the town or city"},
            "latitude": {"invalid": "Enter the latitude as a number, for example 54.6012"},
            "longitude": {"invalid": "Enter the longitude as a number, for example -1.5523"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _narrow(self, "postcode", "latitude", "longitude")
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"

    def clean_postcode(self) -> str:
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        self.fields["postcode"].run_validators(postcode)
        return postcode

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors:
            self.add_error("longitude", "Enter both the latitude and the longitude, or neither")
        if latitude is not None and not -90 <= latitude <= 90:
            self.add_error("latitude", "Enter a latitude between -90 and 90")
        if longitude is not None and not -180 <= longitude <= 180:
            self.add_error("longitude", "Enter a longitude between -180 and 180")
        return data


class ContactForm(VersionedFormMixin, GovukForm):
    name = forms.CharField(label="Name or team", required=False, max_length=200)
    title = forms.CharField(label="Job title", required=False, max_length=200)
    email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=30,
        help_text="For example, 01632 960 001",
    )

    def __init__(self, *args, contact=None, **kwargs):
        kwargs.setdefault("versioned", contact)
        if contact is not None:
            first = contact.phones.first()
            kwargs.setdefault(
                "initial",
                {
                    "name": contact.name,
                    "title": contact.title,
                    "email": contact.email,
                    "phone": first.number if first else "",
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["phone"].widget.input_type = "tel"
        _narrow(self, "phone", width="govuk-input--width-20")

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001")
        return phone

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            self.add_error("email", "Enter an email address or a phone number")
        return data


TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p", "%I:%M %p", "%I %p"]
TIME_ERROR = "Enter a time like 9:30am or 14:00"


class ScheduleForm(VersionedFormMixin, GovukForm):
    days = forms.MultipleChoiceField(
        label="Which days does it run?",
        choices=Schedule.DAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the days the service runs"},
    )
    opens_at = forms.TimeField(
        label="Opens at",
        required=False,
        input_formats=TIME_FORMATS,
        help_text="For example, 9:30am or 14:00",
        error_messages={"invalid": TIME_ERROR},
    )
    closes_at = forms.TimeField(
        label="Closes at",
        required=False,
        input_formats=TIME_FORMATS,
        help_text="For example, 3pm or 15:00",
        error_messages={"invalid": TIME_ERROR},
    )
    description = forms.CharField(
        label="Other details",
        required=False,
        max_length=500,
        help_text="For example, term time only, or by appointment",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, schedule: Schedule | None = None, **kwargs):
        kwargs.setdefault("versioned", schedule)
        if schedule is not None:
            kwargs.setdefault(
                "initial",
                {
                    "days": [day for day in schedule.byday.split(",") if day],
                    "opens_at": schedule.opens_at,
                    "closes_at": schedule.closes_at,
                    "description": schedule.description,
                },
            )
        super().__init__(*args, **kwargs)
        _narrow(self, "opens_at", "closes_at", width="govuk-input--width-5")
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget.format = "%H:%M"

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
        return data

    def schedule_fields(self) -> dict:
        """The form's answers as Schedule fields (a weekly RFC 5545 rule)."""
        data = self.cleaned_data
        order = [code for code, _ in Schedule.DAYS]
        return {
            "freq": Schedule.Frequency.WEEKLY,
            "interval": 1,
            "byday": ",".join(sorted(data["days"], key=order.index)),
            "opens_at": data.get("opens_at"),
            "closes_at": data.get("closes_at"),
            "description": data.get("description", ""),
        }


class CostOptionForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = CostOption
        fields = ["amount", "amount_description", "option"]
        labels = {"amount": "Amount in pounds"}
        help_texts = {
            "amount": "For example, 5 or 12.50",
            "option": "Optional. For example, siblings, or families on a low income",
        }
        error_messages = {
            "amount": {
                "required": "Enter the amount in pounds",
                "invalid": "Enter the amount as a number, like 12.50",
                "max_digits": "Enter an amount less than £1,000,000",
                "max_decimal_places": "Enter the amount in pounds and pence, like 12.50",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _narrow(self, "amount", width="govuk-input--width-5")
        self.fields["amount"].min_value = 0
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("The amount cannot be negative")
        return amount


class CommentForm(GovukForm):
    """The public comment form. `website` is a trap: people never see it, scripts fill it."""

    theme = forms.ChoiceField(
        label="What is your comment about?",
        choices=CommentTheme.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what your comment is about"},
    )
    body = forms.CharField(
        label="Your comment",
        help_text="Do not include names or anything else that could identify a child or "
        "your family.",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer",
        },
    )
    may_publish = forms.TypedChoiceField(
        label="Can we publish your comment on our “You said, we did” page?",
        help_text="We never publish your name or email address.",
        choices=[("yes", "Yes"), ("no", "No, only the council should read it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether we can publish your comment"},
    )
    reply_email = forms.EmailField(
        label="Email address",
        help_text="Only if you would like a reply. We use it only to reply to you.",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_email"].widget.attrs.update(
            {"autocomplete": "email", "spellcheck": "false"}
        )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def caught_in_trap(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class CommentSortForm(GovukModelForm):
    class Meta:
        model = Comment
        fields = ["theme", "response"]
        labels = {"theme": "Theme", "response": "Group under the response"}
        help_texts = {"response": "The “you said, we did” answer that covers this comment"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = CommentResponse.objects.order_by("-created_at")
        self.fields["response"].empty_label = "Not grouped yet"
        self.fields["response"].label_from_instance = lambda response: (
            f"{response.get_theme_display()}: {response.you_said[:70]}"
        )


class ResponseForm(GovukModelForm):
    class Meta:
        model = CommentResponse
        fields = ["theme", "you_said", "we_did"]
        labels = {"theme": "Theme", "you_said": "You said", "we_did": "We did"}
        help_texts = {
            "you_said": "Sum up what families told us, without names or details that could "
            "identify anyone",
            "we_did": "What we have changed, or will change, and when",
        }
        error_messages = {
            "theme": {"required": "Select the theme"},
            "you_said": {"required": "Enter a summary of what families said"},
            "we_did": {"required": "Enter what we did or will do"},
        }
