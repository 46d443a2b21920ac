"""Comments from families about the local offer, and the council's published responses
("you said, we did"), which the SEND Regulations 2014 (reg 56) require it to publish."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition

from local_offer.constants import CommentTheme
from local_offer.models.state import ProtectedStateModel
from sen_portal.base_models import BaseModel

COMMENT_MAX_LENGTH = 2000


def _sender_agreed_to_publication(comment: "Comment") -> bool:
    return comment.may_publish


class CommentResponse(ProtectedStateModel, BaseModel):
    """The council's answer to what families said about one theme: "you said, we did"."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    theme = models.CharField(max_length=30, choices=CommentTheme.choices)
    you_said = models.TextField("you said", help_text="A summary of what families told us")
    we_did = models.TextField("we did", help_text="What we have done or will do about it")
    status = FSMField(choices=Status.choices, default=Status.DRAFT, protected=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="comment_response_published_has_date",
            ),
        ]
        indexes = [
            # The public "you said, we did" page: published responses, newest first.
            models.Index(fields=["status", "-published_at"], name="response_status_pub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.you_said[:60]}"

    @transition(field=status, source=Status.DRAFT, target=Status.PUBLISHED)
    def publish(self) -> None:
        self.published_at = timezone.now()

    @transition(field=status, source=Status.PUBLISHED, target=Status.DRAFT)
    def unpublish(self) -> None:
        self.published_at = None


class Comment(ProtectedStateModel, BaseModel):
    """What someone told us about the local offer. Anyone may send one; no account."""

    class Status(models.TextChoices):
        RECEIVED = "received", "New"
        PUBLISHED = "published", "Published"
        WITHHELD = "withheld", "Not published"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    theme = models.CharField(
        "what the comment is about", max_length=30, choices=CommentTheme.choices
    )
    body = models.TextField("comment", max_length=COMMENT_MAX_LENGTH)
    may_publish = models.BooleanField(
        "may we publish it?", help_text="Published comments appear without names"
    )
    reply_email = models.EmailField("email address for a reply", blank=True)
    status = FSMField(choices=Status.choices, default=Status.RECEIVED, protected=True)
    response = models.ForeignKey(
        CommentResponse,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="The published answer this comment is grouped under",
    )
    # A keyed hash of the sender's network address, only to limit how many comments one
    # sender can send an hour; never the address itself.
    sender_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(may_publish=True),
                name="comment_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(theme__in=CommentTheme.values), name="comment_theme_known"
            ),
        ]
        indexes = [
            # The sending limit: recent comments from one sender.
            models.Index(fields=["sender_fingerprint", "created_at"], name="comment_sender_idx"),
            # The editors' inbox: comments by status, newest first.
            models.Index(fields=["status", "-created_at"], name="comment_status_created_idx"),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @transition(
        field=status,
        source=[Status.RECEIVED, Status.WITHHELD],
        target=Status.PUBLISHED,
        conditions=[_sender_agreed_to_publication],
    )
    def publish(self) -> None:
        pass

    @transition(field=status, source=[Status.RECEIVED, Status.PUBLISHED], target=Status.WITHHELD)
    def withhold(self) -> None:
        pass
