"""Letters: every statutory notice the council sends, as a document (DESIGN.md principle
14), and the council contacts the notices quote.

A letter is one row per event (its unique ``key``, e.g. the decision it announces), so a
retried task, a doubled click or the catch-up task never makes a second one. The row is
written in the transaction of the decision, with its addressees resolved on the letter's
date; the worker renders the PDF after commit (casework/letters/services.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from sen_portal.base_models import BaseModel
from sen_portal.casework.models.case import Child
from sen_portal.casework.models.document import Document


class LetterAudience(models.TextChoices):
    # The rights-holder: the parents, or the young person (casework/letters/addressees.py).
    FAMILY = "family", "The family"
    # An advice giver, a school or college: the contact the workflow names.
    PROFESSIONAL = "professional", "A professional or institution"


class LetterDelivery(models.TextChoices):
    # An email with a link to the portal (never the letter or the child's details), to
    # people who gave us an email address by taking a portal account.
    EMAIL = "email", "Email (a link to the family portal)"
    POST = "post", "Post"


class Letter(BaseModel):
    Audience = LetterAudience
    Delivery = LetterDelivery

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=60, help_text="A registered letter kind")
    # One letter per event: "<kind>:<subject model>:<subject id>[:<more>]".
    key = models.CharField(max_length=200, unique=True)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=40, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(max_length=200)
    dated_on = models.DateField(help_text="The date printed on the letter")
    audience = models.CharField(max_length=20, choices=Audience.choices)
    # Resolved once, on dated_on: [{"name": ..., "role": ...}]. A later change of who
    # holds the rights does not rewrite a letter already sent.
    addressees = models.JSONField(default=list, blank=True)
    copies = models.JSONField(default=list, blank=True)
    address = models.TextField(blank=True, help_text="Postal address, one line per line")
    email_to = models.JSONField(
        default=list, blank=True, help_text="Ids of the portal accounts emailed a link"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    # One line for the family on what the letter means, and the date by which they can act.
    meaning = models.CharField(max_length=300, blank=True)
    act_by = models.DateField(null=True, blank=True)
    act_by_what = models.CharField(max_length=200, blank=True)
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="letter"
    )
    rendered_at = models.DateTimeField(null=True, blank=True)
    # The day it was emailed or posted, and the day it is taken to have reached them.
    sent_on = models.DateField(null=True, blank=True)
    service_on = models.DateField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-dated_on", "-created_at"]
        indexes = [
            # The case page and the family's documents: one child's letters, newest first.
            models.Index(fields=["child", "-dated_on"], name="letter_child_date_idx"),
            # "Letters to post today": rendered, to post, not posted yet.
            models.Index(
                fields=["created_at"],
                condition=Q(delivery="post", sent_on__isnull=True, document__isnull=False),
                name="letter_to_post_idx",
            ),
            # The catch-up task: letters whose PDF was never made.
            models.Index(
                fields=["created_at"],
                condition=Q(document__isnull=True),
                name="letter_unrendered_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=LetterAudience.values), name="letter_audience_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=LetterDelivery.values), name="letter_delivery_known"
            ),
            # Served only once sent, and never before it was sent.
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True, service_on__isnull=True)
                | Q(sent_on__isnull=False, service_on__gte=models.F("sent_on")),
                name="letter_served_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.dated_on:%Y-%m-%d})"

    @property
    def addressee_names(self) -> str:
        return " and ".join(a["name"] for a in self.addressees)

    @property
    def is_rendered(self) -> bool:
        return self.document_id is not None


class CouncilContacts(BaseModel):
    """The contacts statutory notices must give (Reg 32: the mediation adviser; CFA s57
    disagreement resolution; s32 information, advice and support), and the SEN team's.
    One row, edited by an administrator in the Django admin; the defaults are the demo
    council's fictional contacts."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    mediation_name = models.CharField(
        "Mediation adviser (organisation)", max_length=150, default="Northshire Mediation Service"
    )
    mediation_phone = models.CharField(max_length=40, default="0300 555 0142")
    mediation_email = models.EmailField(default="mediation@example.org")
    mediation_website = models.URLField(default="https://mediation.example.org")
    disagreement_name = models.CharField(
        "Disagreement resolution service",
        max_length=150,
        default="Northshire Disagreement Resolution Service",
    )
    disagreement_phone = models.CharField(max_length=40, default="0300 555 0143")
    disagreement_email = models.EmailField(default="disagreements@example.org")
    sendiass_name = models.CharField(
        "Information, advice and support service (SENDIASS)",
        max_length=150,
        default="Northshire SENDIASS",
    )
    sendiass_phone = models.CharField(max_length=40, default="0300 555 0144")
    sendiass_email = models.EmailField(default="sendiass@example.org")
    sendiass_website = models.URLField(default="https://sendiass.example.org")
    sen_team_name = models.CharField(
        "SEN team", max_length=150, default="Northshire SEN Assessment and Review Team"
    )
    sen_team_phone = models.CharField(max_length=40, default="0300 555 0100")
    sen_team_email = models.EmailField(default="send.team@example.org")
    sen_team_address = models.TextField(
        default="Northshire Council\nCounty Hall\nMarket Street\nNorthtown\nNS1 1AA"
    )
    local_offer_url = models.URLField(
        "Local offer (where families find schools and personal budgets)",
        default="https://localoffer.example.org",
    )

    class Meta:
        verbose_name = "council contacts for letters"
        verbose_name_plural = "council contacts for letters"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="council_contacts_one_row")]

    def __str__(self) -> str:
        return "Council contacts for letters"

    @classmethod
    def current(cls) -> CouncilContacts:
        contacts, _ = cls.objects.get_or_create(pk=1)
        return contacts
