"""The directory: organisations, their services, where and when they run, what they cost.

Shapes and field names follow Open Referral UK 3.0 (the UK profile of HSDS 3.0) where it
has them, so the API in local_offer/api/ is a plain mapping. Every row has a UUID id, as
the standard requires, so ids survive export and import between systems.
"""

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django_fsm import FSMField, transition

from local_offer.constants import MAX_AGE
from local_offer.models.state import ProtectedStateModel
from sen_portal.base_models import BaseModel

# A UK postcode, normalised to upper case with one space ("ZZ1 1AA").
UK_POSTCODE = RegexValidator(
    r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$",
    "Enter a real postcode, for example ZZ1 1AA",
)


def normalise_postcode(value: str) -> str:
    compact = "".join(value.split()).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


class Taxonomy(BaseModel):
    """A vocabulary of terms (for example the local offer categories)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.SlugField(max_length=60, help_text="A stable code, e.g. social_care")
    term = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    term_uri = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # What an import brought that has no column, such as a parent term that is not in this
    # directory (its id is kept, the link cannot be).
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["taxonomy_id", "position", "term"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique"),
        ]

    def __str__(self) -> str:
        return self.term


class Organization(BaseModel):
    """Who runs services: the council, the NHS, a school, a charity."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    # ORUK organization fields kept from imports: the logo's address, the organisation's
    # persistent identifier (uri), and its parent's id (which may be in another directory).
    logo = models.CharField(max_length=500, blank=True)
    uri = models.URLField(blank=True)
    parent_organization_id = models.UUIDField(null=True, blank=True)
    # Fields of a source feed that have no column here (ORUK allows any), sent back as they
    # came: see services/oruk_import.py.
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organization_name_unique_ci",
                violation_error_message="An organisation with this name already exists",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(BaseModel):
    """An identifier of an organisation in a register (ORUK organization_identifier): a
    charity number, a company number (scheme GB-COH), a UK Register of Learning Providers
    number."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.CharField(max_length=100, blank=True)
    identifier_type = models.CharField(max_length=200)
    identifier = models.CharField(max_length=200)

    class Meta:
        ordering = ["created_at", "id"]


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.PUBLISHED)

    def stale(self, *, today=None):
        """Past their review-by date: the information may be out of date."""
        return self.filter(review_by__lt=today or timezone.localdate())


def _has_a_way_to_make_contact(service: "Service") -> bool:
    # A published entry must tell a family how to get in touch.
    return bool(service.email or service.url) or service.contacts.exists()


class Service(ProtectedStateModel, BaseModel):
    class Status(models.TextChoices):
        """Whether the public can see the entry."""

        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class OperatingStatus(models.TextChoices):
        """Whether the service is running: ORUK's `status` values."""

        ACTIVE = "active", "Running"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
        INACTIVE = "inactive", "Not running at the moment"
        DEFUNCT = "defunct", "Closed for good"

    class NeedsServed(models.TextChoices):
        """The local offer covers SEN or disability: a disabled child without SEN belongs."""

        SEN = "sen", "Children and young people with special educational needs (SEN)"
        DISABILITY = "disability", "Disabled children and young people who do not have SEN"
        BOTH = "both", "Both"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name="organisation"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField("website", blank=True)
    email = models.EmailField(blank=True)
    status = FSMField(
        choices=Status.choices, default=Status.DRAFT, protected=True, verbose_name="publication"
    )
    operating_status = models.CharField(
        "is the service running?",
        max_length=20,
        choices=OperatingStatus.choices,
        default=OperatingStatus.ACTIVE,
    )
    alert = models.CharField(
        "short-term notice",
        max_length=300,
        blank=True,
        help_text="For example, closed over the summer holidays",
    )
    # Up to 25 on a published entry (CFA 2014 s.30); an import from a wider directory may
    # bring a draft with older ages for an editor to narrow (services/oruk_import.py).
    minimum_age = models.PositiveSmallIntegerField(
        "youngest age", default=0, validators=[MaxValueValidator(MAX_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        "oldest age", default=MAX_AGE, validators=[MaxValueValidator(MAX_AGE)]
    )
    # Empty only on an imported draft whose source did not say: an editor decides.
    needs_served = models.CharField(
        "who the service is for", max_length=20, choices=NeedsServed, blank=True
    )
    fees = models.TextField("fees", blank=True, help_text="ORUK fees: charges in words")
    # Free only when the editor says so: an entry with no costs added may simply not have
    # them yet, and "Free" would promise families what nobody checked (issue #21).
    is_free = models.BooleanField(
        "The service is free",
        default=False,
        help_text="Tick only if families pay nothing. Add costs below if they pay",
    )
    accreditations = models.TextField(blank=True)
    assurer_email = models.EmailField(blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)
    eligibility_description = models.TextField("who can use it", blank=True)
    application_process = models.TextField("how to get the service", blank=True)
    review_by = models.DateField(
        help_text="Check the entry with the provider by this date; after it the entry is stale"
    )
    assured_date = models.DateField(
        null=True, blank=True, editable=False, help_text="When an editor last published it"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    categories = models.ManyToManyField(
        TaxonomyTerm, through="ServiceAttribute", related_name="services", blank=True
    )
    # PostgreSQL full-text search document: name (A), categories (B), description and
    # organisation (C). Written by services.directory.service_search_refresh; stays empty
    # on SQLite, where search falls back to icontains. GIN index: migration 0002.
    search_document = SearchVectorField(null=True, editable=False)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__lte=models.F("maximum_age"))
                & (Q(maximum_age__lte=MAX_AGE) | Q(status="draft")),
                name="service_age_range_0_to_25",
                violation_error_message="The age range must be within 0 to 25",
            ),
            models.CheckConstraint(
                condition=Q(needs_served__in=["sen", "disability", "both"])
                | (Q(needs_served="") & Q(status="draft")),
                name="service_needs_served_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="service_status_known"
            ),
            models.CheckConstraint(
                condition=Q(
                    operating_status__in=["active", "temporarily closed", "inactive", "defunct"]
                ),
                name="service_operating_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="service_published_has_date",
            ),
        ]
        indexes = [
            # Public search and the API: published services in name order.
            models.Index("status", Lower("name"), name="service_status_name_idx"),
            # Editors' stale list: entries past their review-by date.
            models.Index(fields=["review_by"], name="service_review_by_idx"),
            # API modified_after filter.
            models.Index(fields=["updated_at"], name="service_updated_at_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        return self.review_by < timezone.localdate()

    @property
    def free_cost_option_id(self) -> uuid.UUID:
        """ORUK 3.0 has no "free" flag: a free service is sent as a cost option of nothing
        (schema cost_option.json: amount 0) with this id, derived from the service's so that
        it is stable, and an import that finds it ticks is_free again (no row is kept)."""
        return uuid.uuid5(self.id, "cost_option:free")

    @property
    def age_range(self) -> str:
        if self.minimum_age == self.maximum_age:
            return f"Age {self.minimum_age}"
        return f"Ages {self.minimum_age} to {self.maximum_age}"

    @property
    def needs_description(self) -> str:
        """Whom the service is for, as a sentence for its public page."""
        if self.needs_served == self.NeedsServed.BOTH:
            return (
                "Children and young people with special educational needs (SEN), and "
                "disabled children and young people"
            )
        return self.get_needs_served_display()

    @property
    def needs_summary(self) -> str:
        return {
            self.NeedsServed.SEN: "Special educational needs (SEN)",
            self.NeedsServed.DISABILITY: "Disability (without SEN)",
            self.NeedsServed.BOTH: "SEN and disability",
        }.get(self.needs_served, "")

    @property
    def serves_sen(self) -> bool:
        return self.needs_served in (self.NeedsServed.SEN, self.NeedsServed.BOTH)

    @property
    def serves_disability(self) -> bool:
        return self.needs_served in (self.NeedsServed.DISABILITY, self.NeedsServed.BOTH)

    def publication_problems(self) -> list[str]:
        """What the local offer's own rules need fixed before the entry is published: an
        imported draft may lack them (services/oruk_import.py keeps it as a draft)."""
        problems = []
        if self.maximum_age > MAX_AGE:
            problems.append(
                f"The local offer covers ages 0 to {MAX_AGE}: narrow the age range "
                f"(it is {self.minimum_age} to {self.maximum_age})."
            )
        if not self.needs_served:
            problems.append(
                "Say who the service is for: children and young people with SEN, disabled "
                "children and young people, or both."
            )
        return problems

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.PUBLISHED,
        conditions=[_has_a_way_to_make_contact],
    )
    def publish(self) -> None:
        self.published_at = timezone.now()
        self.assured_date = timezone.localdate()

    @transition(field=status, source=Status.PUBLISHED, target=Status.DRAFT)
    def unpublish(self) -> None:
        self.published_at = None


class ServiceAttribute(models.Model):
    """Links a service to a taxonomy term (ORUK `attribute`): here, its categories."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+")
    link_type = models.CharField(max_length=50, default="category")
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="service_attribute_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} → {self.taxonomy_term_id}"


class Location(BaseModel):
    """A place where services run, with its address and, when known, its coordinates."""

    class LocationType(models.TextChoices):
        """ORUK location_type: a place people go to, a postal address, or online."""

        PHYSICAL = "physical", "A place people go to"
        POSTAL = "postal", "A postal address"
        VIRTUAL = "virtual", "Online or by phone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    # ORUK nests addresses in a location; we hold one address (the physical one if there is
    # one) and give it an id. Other addresses an import brings are in `other_addresses`.
    address_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    address_type = models.CharField(max_length=10, default="physical", editable=False)
    attention = models.CharField(max_length=200, blank=True, editable=False)
    region = models.CharField(max_length=200, blank=True, editable=False)
    state_province = models.CharField(max_length=200, blank=True, editable=False)
    other_addresses = models.JSONField(default=list, blank=True, editable=False)
    # A Unique Property Reference Number (external_identifier_type "UPRN") or another
    # register's id for the place.
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    name = models.CharField("name of the place", max_length=200)
    description = models.TextField("directions or other details", blank=True)
    address_1 = models.CharField("building and street", max_length=200)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100)
    # UK postcodes on entries made here; an import may bring another country's code on a
    # draft (services/oruk_import.py warns).
    postcode = models.CharField(max_length=20, validators=[UK_POSTCODE])
    country = models.CharField(max_length=2, default="GB", editable=False)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(
        "accessibility",
        blank=True,
        help_text="For example step-free access, an accessible toilet, a quiet room, parking",
    )
    # ORUK accessibility entries: the first one's id, details and link beside the text
    # above; further entries an import brings are kept whole in `other_accessibility`.
    accessibility_entry_id = models.UUIDField(null=True, blank=True, editable=False)
    accessibility_details = models.TextField(blank=True, editable=False)
    accessibility_url = models.URLField(max_length=500, blank=True, editable=False)
    other_accessibility = models.JSONField(default=list, blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__isnull=False)
                    & Q(longitude__isnull=False)
                    & Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                    & Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                ),
                name="location_coordinates_valid",
                violation_error_message="Give both latitude and longitude, or neither",
            ),
        ]
        indexes = [
            # service_at_locations?postcode=
            models.Index(fields=["postcode"], name="location_postcode_idx"),
            # Distance searches: a bounding box on the coordinates before the exact distance.
            models.Index(fields=["latitude", "longitude"], name="location_coordinates_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean_fields(self, exclude=None):
        # Validate the postcode as it will be stored: "zz11aa" is "ZZ1 1AA". One that is
        # not a UK postcode is left as typed (the validator says so; an import keeps it).
        normalised = normalise_postcode(self.postcode)
        if UK_POSTCODE.regex.match(normalised):
            self.postcode = normalised
        super().clean_fields(exclude=exclude)

    @property
    def accessibility_id(self) -> uuid.UUID:
        """ORUK gives accessibility entries ids: the imported one's, or one derived from
        the location's."""
        return self.accessibility_entry_id or uuid.uuid5(self.id, "accessibility")


class ServiceAtLocation(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="service_at_location_unique"
            ),
        ]


class Contact(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("name or team", max_length=200, blank=True)
    title = models.CharField("job title", max_length=200, blank=True)
    email = models.EmailField(blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name or self.title or self.email


class Phone(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=200, blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]


class Schedule(BaseModel):
    """When a service runs: RFC 5545 recurrence fields, as ORUK has them."""

    class Frequency(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    DAYS = [
        ("MO", "Monday"),
        ("TU", "Tuesday"),
        ("WE", "Wednesday"),
        ("TH", "Thursday"),
        ("FR", "Friday"),
        ("SA", "Saturday"),
        ("SU", "Sunday"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(default=1)
    byday = models.CharField(max_length=40, blank=True, help_text="e.g. MO,WE,FR")
    bymonthday = models.CharField(max_length=40, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    schedule_link = models.URLField(blank=True)
    # RFC 5545 and HSDS fields we do not show (until, count, wkst, timezone...).
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(opens_at__lt=models.F("closes_at")),
                name="schedule_opens_before_it_closes",
                violation_error_message="The closing time must be after the opening time",
            ),
        ]

    @property
    def day_names(self) -> list[str]:
        names = dict(self.DAYS)
        return [names[code] for code in self.byday.split(",") if code in names]

    @property
    def days_description(self) -> str:
        """ "Monday to Friday" for a run of 3 or more days, else "Monday and Wednesday"."""
        order = [code for code, _ in self.DAYS]
        codes = [code for code in self.byday.split(",") if code in order]
        names = self.day_names
        if not names:
            return ""
        positions = [order.index(code) for code in codes]
        if len(positions) >= 3 and positions == list(range(positions[0], positions[-1] + 1)):
            return f"{names[0]} to {names[-1]}"
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]


class CostOption(BaseModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField("who or what this price is for", max_length=200, blank=True)
    # Required on the editors' form; an import may bring an option without an amount.
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    # ISO 4217. Entries made here are in pounds; an import keeps what it is given.
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)
    amount_description = models.CharField(
        "what the amount covers", max_length=200, blank=True, help_text="For example, per session"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["amount", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="cost_option_amount_not_negative",
                violation_error_message="The amount cannot be negative",
            ),
        ]


class Language(BaseModel):
    """A language the service is delivered in (not only through an interpreter)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    # ORUK 3.0 gives a language only an id; HSDS adds name, code and note.
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True, help_text="ISO 639 code, when known")
    note = models.TextField(blank=True, editable=False)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "name"],
                condition=~Q(name=""),
                name="language_unique_per_service",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class ServiceArea(BaseModel):
    """Where a service is available (ORUK service_area): a description, and optionally its
    extent as GeoJSON, WKT or KML and a link to the area's definition."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.TextField(blank=True)
    service_area = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]


class Funding(BaseModel):
    """Where a service's money comes from (ORUK funding)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField(blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
