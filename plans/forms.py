"""The forms of the plan pages. Each checks what a person can get wrong so the GOV.UK error
summary points at the field; the services check again."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.utils import timezone

from plans.constants import SECTION_AGENCIES, Agency, NeedArea, PreparingForAdulthood
from plans.models import (
    AdviceEntry,
    BudgetLine,
    Consultation,
    Institution,
    Need,
    Outcome,
    PlacementRecord,
    Plan,
    ProvisionItem,
)
from sen_portal import timescales
from sen_portal.concurrency import VersionedFormMixin
from sen_portal.govuk_forms import GovukDateField, GovukForm, GovukModelForm
from sen_portal.sen2_codes import (
    DESCRIBED_SETTINGS,
    ResidentialWeeks,
    SENSetting,
    SENType,
    SENTypeRank,
    WorkBasedLearning,
)

COMPLETED_CHOICES = [
    ("yes", "Yes, I've completed this section"),
    ("no", "No, I'll come back to it later"),
]


def textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def date_field(label: str, *, required_message: str, help_text: str = "") -> GovukDateField:
    return GovukDateField(
        label=label,
        help_text=help_text or "For example, 27 3 2025",
        error_messages={"required": required_message},
        initial=timezone.localdate,
    )


class CompletedMixin(forms.Form):
    """The GOV.UK task list question at the end of each section."""

    completed = forms.ChoiceField(
        label="Have you completed this section?",
        choices=COMPLETED_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you have completed this section"},
    )

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed"].initial = "yes" if plan.section_completed(code) else None

    @property
    def is_completed(self) -> bool:
        return self.cleaned_data.get("completed") == "yes"


class CompletedForm(CompletedMixin, GovukForm):
    pass


def _section_form(fields_: tuple[str, ...], rows: int = 6):
    class SectionForm(VersionedFormMixin, CompletedMixin, GovukModelForm):
        class Meta:
            model = Plan
            fields = fields_
            widgets = {name: textarea(rows) for name in fields_}

    return SectionForm


SectionAForm = _section_form(("a_views", "a_interests", "a_aspirations"))
SectionCForm = _section_form(("c_health_needs",), rows=8)
SectionDForm = _section_form(("d_social_care_needs",), rows=8)


class PlacementForm(VersionedFormMixin, CompletedMixin, GovukModelForm):
    # The SEN2 named plan and plan detail items are asked with section I: PlanRes and
    # PlanWBP as the codes of SEN2_schema_2024.xsd (sen2_codes), blank for neither.
    residential = forms.ChoiceField(
        label="Does the plan name a residential setting?",
        choices=[("", "No"), *ResidentialWeeks.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    work_based_learning = forms.ChoiceField(
        label="Does the plan name work-based learning?",
        choices=[("", "No"), *WorkBasedLearning.choices],
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Plan
        fields = (
            "placement",
            "placement_note",
            "placement_sen_unit",
            "placement_resourced_provision",
            "residential",
            "work_based_learning",
            "transferred_from_la",
        )
        labels = {
            "placement_sen_unit": "The place is in the school's SEN unit",
            "placement_resourced_provision": "The place is in the school's resourced provision",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["placement"]
        field.queryset = Institution.objects.order_by("name")
        field.empty_label = "Not named yet"
        field.label_from_instance = lambda i: f"{i.name} (URN {i.urn}), {i.get_kind_display()}"
        field.help_text = (
            "The school or college to be named in the final plan. It must be consulted first."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("placement_sen_unit") and cleaned.get("placement_resourced_provision"):
            self.add_error(
                "placement_resourced_provision",
                "Select an SEN unit or a resourced provision, not both",
            )
        return cleaned


class BudgetForm(VersionedFormMixin, CompletedMixin, GovukModelForm):
    j_requested = forms.TypedChoiceField(
        label="Did the family or young person ask for a personal budget?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        required=False,
    )

    class Meta:
        model = Plan
        fields = ("j_requested", "j_arrangements")
        widgets = {"j_arrangements": textarea(5)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        value = self.instance.j_requested
        self.initial["j_requested"] = {True: "yes", False: "no"}.get(value)

    def clean_j_requested(self):
        raw = self.data.get(self.add_prefix("j_requested"), "")
        if raw not in ("yes", "no"):
            if self.data.get(self.add_prefix("completed")) == "yes":
                raise ValidationError("Select yes if a personal budget was asked for")
            return None
        return raw == "yes"


# --- Rows of the list sections ------------------------------------------------------------


class NeedForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = Need
        fields = ("area", "description", "sen_type", "sen_type_rank")
        widgets = {
            "area": forms.RadioSelect,
            "description": textarea(5),
            "sen_type_rank": forms.RadioSelect,
        }
        help_texts = {
            "sen_type": "The Department for Education's type, reported in the SEN2 return",
            "sen_type_rank": "A plan has one primary need",
        }
        error_messages = {
            "area": {"required": "Select the area of need"},
            "description": {"required": "Describe the need"},
        }

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["area"].choices = [c for c in self.fields["area"].choices if c[0]]
        self.fields["sen_type"].choices = [("", "Not chosen yet"), *SENType.choices]
        self.fields["sen_type_rank"].choices = list(SENTypeRank.choices)

    def clean(self):
        cleaned = super().clean()
        rank = cleaned.get("sen_type_rank")
        if rank and not cleaned.get("sen_type"):
            self.add_error("sen_type", "Select the type of need")
        if rank == SENTypeRank.PRIMARY:
            others = Need.objects.filter(plan=self.plan, sen_type_rank=SENTypeRank.PRIMARY)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "sen_type_rank",
                    "The plan already has a primary need: make this a secondary need",
                )
        return cleaned


def _ref_labels(rows, prefix: str) -> dict[int, str]:
    return {row.pk: f"{prefix}{n}" for n, row in enumerate(rows, start=1)}


class OutcomeForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = Outcome
        fields = ("description", "achieve_by", "needs", "preparing_for_adulthood")
        widgets = {
            "description": textarea(4),
            "needs": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "description": {"required": "Describe the outcome"},
            "achieve_by": {"required": "Enter when the outcome should be achieved"},
        }

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        order = {code: n for n, code in enumerate(NeedArea.values)}
        needs = sorted(plan.needs.all(), key=lambda n: (order.get(n.area, 99), n.pk))
        refs = _ref_labels(needs, "B")
        field = self.fields["needs"]
        field.queryset = Need.objects.filter(plan=plan).order_by(
            Case(*(When(area=a, then=n) for n, a in enumerate(NeedArea.values))), "id"
        )
        field.required = True
        field.error_messages["required"] = "Select the needs this outcome meets"
        field.label_from_instance = lambda n: (
            f"{refs.get(n.pk, '')} {n.get_area_display()}: "
            + (n.description if len(n.description) <= 120 else n.description[:117] + "...")
        )
        field.help_text = "Select all that apply"
        if not needs:
            field.help_text = "There are no needs yet: add them in section B first"
        pfa = self.fields["preparing_for_adulthood"]
        pfa.widget = forms.Select(attrs={"class": "govuk-select"})
        pfa.choices = [
            ("", "Not a preparing-for-adulthood outcome"),
            *PreparingForAdulthood.choices,
        ]


class ProvisionForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = ProvisionItem
        fields = (
            "what",
            "delivered_by",
            "how_often",
            "how_long",
            "outcomes",
            "responsible_agency",
            "contact_name",
            "contact_details",
        )
        widgets = {
            "what": textarea(4),
            "outcomes": forms.CheckboxSelectMultiple,
            "responsible_agency": forms.RadioSelect,
        }
        error_messages = {
            "what": {"required": "Describe the provision"},
            "delivered_by": {"required": "Enter who delivers it"},
            "how_often": {"required": "Enter how often it happens"},
            "how_long": {"required": "Enter how long each session lasts and for how long"},
            "responsible_agency": {"required": "Select the responsible agency"},
            "contact_name": {"required": "Enter a named contact at the responsible agency"},
        }

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.plan = plan
            self.instance.section = code
        outcomes = sorted(plan.outcomes.all(), key=lambda o: o.pk)
        refs = _ref_labels(outcomes, "E")
        field = self.fields["outcomes"]
        field.queryset = Outcome.objects.filter(plan=plan)
        field.label_from_instance = lambda o: (
            f"{refs.get(o.pk, '')} "
            + (o.description if len(o.description) <= 120 else o.description[:117] + "...")
        )
        field.help_text = (
            "Select all that apply"
            if outcomes
            else "There are no outcomes yet: add them in section E, then link them here"
        )
        allowed = SECTION_AGENCIES[code]
        agency = self.fields["responsible_agency"]
        agency.choices = [(a, Agency(a).label) for a in allowed]
        if len(allowed) == 1:
            agency.initial = allowed[0]


class BudgetLineForm(VersionedFormMixin, GovukModelForm):
    class Meta:
        model = BudgetLine
        fields = ("section", "description", "annual_amount", "arrangement")
        widgets = {"arrangement": forms.RadioSelect}
        error_messages = {
            "description": {"required": "Enter what the amount pays for"},
            "annual_amount": {"required": "Enter the amount a year"},
            "arrangement": {"required": "Select how the budget is held"},
        }

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrangement"].choices = [c for c in self.fields["arrangement"].choices if c[0]]
        self.fields["annual_amount"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "inputmode": "decimal"}
        )

    def clean_annual_amount(self):
        amount = self.cleaned_data["annual_amount"]
        if amount is not None and amount <= 0:
            raise ValidationError("The amount must be more than £0")
        return amount


class AdviceEntryForm(VersionedFormMixin, GovukModelForm):
    dated = date_field("Date of the advice", required_message="Enter the date of the advice")

    class Meta:
        model = AdviceEntry
        fields = ("title", "given_by", "dated")
        error_messages = {
            "title": {"required": "Enter what the advice or information is"},
            "given_by": {"required": "Enter who gave it"},
        }

    def __init__(self, *args, plan: Plan, code: str, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_dated(self):
        day = self.cleaned_data["dated"]
        if day and day > timezone.localdate():
            raise ValidationError("The date of the advice must be today or in the past")
        return day


ITEM_FORMS = {
    "B": NeedForm,
    "E": OutcomeForm,
    "F": ProvisionForm,
    "G": ProvisionForm,
    "H1": ProvisionForm,
    "H2": ProvisionForm,
    "J": BudgetLineForm,
    "K": AdviceEntryForm,
}
FIELD_FORMS = {
    "A": SectionAForm,
    "C": SectionCForm,
    "D": SectionDForm,
    "I": PlacementForm,
    "J": BudgetForm,
}


# --- Workflow steps ------------------------------------------------------------------------


def sent_by_field(what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=f"How the {what} is sent to the family",
        choices=timescales.SERVICE_METHODS,
        widget=forms.RadioSelect,
        help_text="By post it is served on the second working day after posting; by email, "
        "the portal or by hand, the same day. Their 15 days begin with the day it is served "
        "(Reg 13(1), Reg 22(2)(c)). Use email or the portal only where the family agreed to it.",
        error_messages={"required": f"Select how the {what} is sent"},
    )


class IssueDraftForm(GovukForm):
    on = date_field(
        "Date the draft is sent to the family",
        required_message="Enter the date the draft is sent",
        help_text="The day it is emailed, put in the portal, handed over or posted. "
        "For example, 3 12 2026",
    )
    sent_by = sent_by_field("draft")
    preferred_institution = forms.ModelChoiceField(
        label="School or college the family would like",
        queryset=Institution.objects.none(),
        required=False,
        empty_label="Not named yet",
        help_text="The family may name one now or in their comments on the draft",
    )
    preference_note = forms.CharField(
        label="About their preference", widget=textarea(3), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["preferred_institution"]
        field.queryset = Institution.objects.order_by("name")
        field.label_from_instance = lambda i: f"{i.name} (URN {i.urn})"


class DateForm(GovukForm):
    on = date_field("Date", required_message="Enter the date")

    def __init__(self, *args, label: str = "", required_message: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["on"].label = label
        if required_message:
            self.fields["on"].error_messages["required"] = required_message


NOTHING_MORE_HELP = (
    "Only if the parent or young person told you so. A first comment does not end their 15 "
    "days: without this, the plan waits until the 15 days are over"
)


class ServedForm(VersionedFormMixin, GovukForm):
    """How and when the draft or the proposals went to the family (the day of service
    follows)."""

    sent_by = forms.ChoiceField(
        label="How it was sent",
        choices=timescales.SERVICE_METHODS,
        widget=forms.RadioSelect,
        help_text="By post it is served on the second working day after posting",
        error_messages={"required": "Select how it was sent"},
    )
    sent_on = date_field(
        "Date it was sent",
        required_message="Enter the date it was sent",
        help_text="The day it was emailed, put in the portal, handed over or posted. "
        "For example, 3 12 2026",
    )


class NothingMoreForm(VersionedFormMixin, GovukForm):
    confirmed_on = date_field(
        "Date they told you",
        required_message="Enter the date they told you they have nothing more to say",
    )
    how = forms.CharField(
        label="How they told you",
        widget=textarea(3),
        help_text="For example, an email from the parent saying they agree with the draft and "
        "have nothing to add",
        error_messages={"required": "Enter how they told you they have nothing more to say"},
    )


class MeetingForm(VersionedFormMixin, GovukForm):
    on = date_field("Date", required_message="Enter the date")

    def __init__(self, *args, label: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].error_messages["required"] = required_message


class RepresentationsForm(GovukForm):
    received_on = date_field(
        "Date the family's comments were received",
        required_message="Enter the date the comments were received",
    )
    representations = forms.CharField(
        label="Summary of their comments",
        widget=textarea(6),
        help_text="Record a request for a meeting on the plan page, so that it is held",
        error_messages={"required": "Enter a summary of the family's comments"},
    )
    nothing_more = forms.BooleanField(
        label="They told us they have nothing more to say",
        required=False,
        help_text=NOTHING_MORE_HELP,
    )


class ConsultForm(GovukForm):
    institution = forms.ModelChoiceField(
        label="School or college",
        queryset=Institution.objects.none(),
        empty_label="Select a school or college",
        error_messages={"required": "Select the school or college to consult"},
    )
    on = date_field("Date the consultation is sent", required_message="Enter the date it is sent")

    def __init__(self, *args, plan: Plan, amendment=None, **kwargs):
        """While amending (``amendment``), a school consulted for the first plan or an
        earlier amendment may be consulted again; the family's request comes first."""
        super().__init__(*args, **kwargs)
        if amendment is not None:
            consulted = [
                c.institution_id for c in plan.consultations.all() if c.amendment_id == amendment.pk
            ]
            preferred = amendment.preferred_institution_id
        else:
            consulted = [c.institution_id for c in plan.consultations.all()]
            preferred = plan.preferred_institution_id
        field = self.fields["institution"]
        field.queryset = Institution.objects.exclude(pk__in=consulted).order_by("name")
        field.label_from_instance = lambda i: f"{i.name} (URN {i.urn}), {i.get_kind_display()}"
        if preferred and preferred not in consulted:
            field.initial = preferred
            field.help_text = "The family's preference is selected: consult it first"


class ConsultationResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="What did they say?",
        choices=[
            (Consultation.Response.CAN_MEET, Consultation.Response.CAN_MEET.label),
            (Consultation.Response.CANNOT_MEET, Consultation.Response.CANNOT_MEET.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the school or college said"},
    )
    received_on = date_field(
        "Date the reply was received", required_message="Enter the date the reply was received"
    )
    note = forms.CharField(label="Their reasons", widget=textarea(4), required=False)


class WithdrawForm(GovukForm):
    on = date_field("Date it was withdrawn", required_message="Enter the date it was withdrawn")
    reason = forms.CharField(
        label="Why the plan was withdrawn",
        widget=textarea(4),
        error_messages={"required": "Enter why the plan was withdrawn"},
    )


# --- Amending an issued plan (Regs 20-22) -------------------------------------------------


class AmendmentStartForm(GovukForm):
    on = date_field(
        "Date the amendment starts",
        required_message="Enter the date the amendment starts",
    )
    reason = forms.CharField(
        label="Why the plan is being amended",
        widget=textarea(4),
        help_text="For example, the annual review on 3 March 2026 recommended more speech and "
        "language therapy, or a tribunal order",
        error_messages={"required": "Enter why the plan is being amended"},
    )


class AmendmentProposalsForm(GovukForm):
    on = date_field(
        "Date the proposals are sent to the family",
        required_message="Enter the date the proposals are sent",
        help_text="The day they are emailed, put in the portal, handed over or posted. "
        "For example, 3 12 2026",
    )
    sent_by = sent_by_field("notice of proposed amendments")
    summary = forms.CharField(
        label="The proposed amendments",
        widget=textarea(5),
        help_text="The notice to the family: what the council proposes to change and why",
        error_messages={"required": "Enter what the council proposes to change"},
    )


class AmendmentRepresentationsForm(GovukForm):
    received_on = date_field(
        "Date the family's comments were received",
        required_message="Enter the date the comments were received",
    )
    representations = forms.CharField(
        label="Summary of their comments",
        widget=textarea(6),
        help_text="Record a request for a meeting on the plan page, so that it is held",
        error_messages={"required": "Enter a summary of the family's comments"},
    )
    nothing_more = forms.BooleanField(
        label="They told us they have nothing more to say",
        required=False,
        help_text=NOTHING_MORE_HELP,
    )
    preferred_institution = forms.ModelChoiceField(
        label="School or college the family asked for",
        queryset=Institution.objects.none(),
        required=False,
        empty_label="None asked for",
        help_text="The council must consult it before it can be named",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["preferred_institution"]
        field.queryset = Institution.objects.order_by("name")
        field.label_from_instance = lambda i: f"{i.name} (URN {i.urn})"


class NotAmendForm(GovukForm):
    on = date_field("Date of the decision", required_message="Enter the date of the decision")
    reasons = forms.CharField(
        label="Why the council decided not to amend the plan",
        widget=textarea(5),
        help_text="The family are sent these reasons with their right to appeal",
        error_messages={"required": "Enter why the council decided not to amend the plan"},
    )


class PlacementRecordForm(GovukModelForm):
    """Where the child or young person is educated under the plan (SEN2 placement
    detail): a school or college, or a DfE SEN setting when there is none."""

    entry_date = date_field("Started on", required_message="Enter the date they started")
    leaving_date = GovukDateField(
        label="Left on", required=False, help_text="Leave blank while they are still there"
    )

    class Meta:
        model = PlacementRecord
        fields = (
            "institution",
            "sen_setting",
            "sen_setting_other",
            "rank",
            "entry_date",
            "leaving_date",
            "sen_unit",
            "resourced_provision",
            "residential",
            "work_based_learning",
        )
        widgets = {
            "rank": forms.RadioSelect,
            "residential": forms.RadioSelect,
            "work_based_learning": forms.RadioSelect,
        }

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        field = self.fields["institution"]
        field.queryset = Institution.objects.order_by("name")
        field.empty_label = "None: choose a setting below"
        field.label_from_instance = lambda i: f"{i.name} (URN {i.urn})"
        self.fields["sen_setting"].choices = [("", "Not needed: a school or college"),
                                              *SENSetting.choices]  # fmt: skip
        self.fields["residential"].choices = [("", "No"), *ResidentialWeeks.choices]
        self.fields["work_based_learning"].choices = [("", "No"), *WorkBasedLearning.choices]

    def clean(self):
        cleaned = super().clean()
        institution, setting = cleaned.get("institution"), cleaned.get("sen_setting")
        if not institution and not setting:
            self.add_error("institution", "Choose a school or college, or a setting")
        if institution and setting:
            self.add_error("sen_setting", "Choose a school or college, or a setting, not both")
        if cleaned.get("sen_setting_other") and setting not in DESCRIBED_SETTINGS:
            self.add_error("sen_setting_other", "Only describe the setting for “other” settings")
        # SEN2 item 5.7c(i): the DfE guide asks what "not in education: other" means for
        # this child (sen2_codes.DESCRIBED_SETTINGS).
        if setting == SENSetting.NIEO and not cleaned.get("sen_setting_other"):
            self.add_error(
                "sen_setting_other",
                "Describe why they are not in education, for example permanently excluded",
            )
        if cleaned.get("sen_unit") and cleaned.get("resourced_provision"):
            self.add_error(
                "resourced_provision", "Select an SEN unit or a resourced provision, not both"
            )
        entry, leaving = cleaned.get("entry_date"), cleaned.get("leaving_date")
        today = timezone.localdate()
        for name, day in (("entry_date", entry), ("leaving_date", leaving)):
            if day and day > today:
                self.add_error(name, "The date must be today or in the past")
        if entry and leaving and leaving < entry:
            self.add_error(
                "leaving_date", "The day they left must be on or after the day they started"
            )
        return cleaned


YES_NO = [("yes", "Yes"), ("no", "No")]


class PhaseFactsForm(GovukForm):
    """Reg 18 phase transfers: the year group the child is taught in, and (when section I
    names a school) whether it is all-through or has its own sixth form."""

    year_group_offset = forms.TypedChoiceField(
        label="Which year group are they taught in?",
        help_text="A child taught out of their age group moves between phases with the "
        "year group they are taught in",
        choices=[(str(k), v) for k, v in Plan._meta.get_field("year_group_offset").choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the year group they are taught in"},
    )
    all_through = forms.TypedChoiceField(
        label="Is the school named in section I an all-through school?",
        help_text='Get Information About Schools: phase of education "All-through". '
        "Staying in it is not a transfer between phases",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the school is all-through"},
    )
    sixth_form = forms.TypedChoiceField(
        label="Does it have its own sixth form?",
        help_text="Staying in the school's own sixth form is not a transfer to a post-16 "
        "institution",
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the school has a sixth form"},
    )

    def __init__(self, *args, has_school: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_school:
            del self.fields["all_through"]
            del self.fields["sixth_form"]
