"""Comments from the public and the council's "you said, we did" responses."""

import datetime
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from local_offer.models import Comment, CommentResponse, LocalOfferChange
from local_offer.services.audit import change_record, transition_recorded

COMMENT = LocalOfferChange.ObjectType.COMMENT
RESPONSE = LocalOfferChange.ObjectType.RESPONSE

# One sender may send this many comments in this window (a family with a lot to say can
# still say it; a script cannot fill the inbox).
COMMENT_LIMIT = 5
COMMENT_WINDOW = datetime.timedelta(hours=1)


class TooManyComments(Exception):
    pass


def sender_fingerprint(address: str) -> str:
    """A keyed hash of a network address: enough to count, useless to anyone who reads it."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def comment_sending_allowed(*, fingerprint: str) -> bool:
    since = timezone.now() - COMMENT_WINDOW
    recent = Comment.objects.filter(sender_fingerprint=fingerprint, created_at__gte=since)
    return recent.count() < COMMENT_LIMIT


@transaction.atomic
def comment_submit(
    *, theme: str, body: str, may_publish: bool, reply_email: str = "", fingerprint: str = ""
) -> Comment:
    """Store a comment from the public. Raises TooManyComments past the sending limit."""
    if fingerprint and not comment_sending_allowed(fingerprint=fingerprint):
        raise TooManyComments
    comment = Comment(
        theme=theme,
        body=body.strip(),
        may_publish=may_publish,
        reply_email=reply_email,
        sender_fingerprint=fingerprint,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_update(*, acting_user, comment: Comment, data: dict[str, Any]) -> list[str]:
    """Editors sort comments: change the theme, group under a response."""
    changed = [name for name, value in data.items() if getattr(comment, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(comment, name, data[name])
    comment.full_clean()
    comment.save(update_fields=[*changed, "updated_at"])
    labels = {"theme": "theme", "response": "response it is grouped under"}
    change_record(
        acting_user=acting_user,
        action="comment_changed",
        object_type=COMMENT,
        object_id=comment.pk,
        summary="Comment sorted: " + ", ".join(labels.get(name, name) for name in changed),
        fields=changed,
    )
    return changed


def _locked_comment(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


@transaction.atomic
def comment_publish(*, acting_user, comment: Comment) -> Comment:
    comment = _locked_comment(comment)
    if comment.status == Comment.Status.PUBLISHED:
        raise ValidationError("This comment is already published.")
    return transition_recorded(
        comment,
        "publish",
        refused="The sender did not agree to publication, so it cannot be published.",
        acting_user=acting_user,
        action="comment_published",
        object_type=COMMENT,
        summary="Comment published",
    )


@transaction.atomic
def comment_withhold(*, acting_user, comment: Comment) -> Comment:
    comment = _locked_comment(comment)
    return transition_recorded(
        comment,
        "withhold",
        refused="This comment is already not published.",
        acting_user=acting_user,
        action="comment_withheld",
        object_type=COMMENT,
        summary="Comment not published",
    )


@transaction.atomic
def response_create(*, acting_user, comments=(), **fields: Any) -> CommentResponse:
    response = CommentResponse(**fields)
    response.full_clean()
    response.save()
    change_record(
        acting_user=acting_user,
        action="response_created",
        object_type=RESPONSE,
        object_id=response.pk,
        summary="Response drafted",
    )
    for comment in comments:
        comment_update(acting_user=acting_user, comment=comment, data={"response": response})
    return response


@transaction.atomic
def response_update(*, acting_user, response: CommentResponse, data: dict[str, Any]) -> list[str]:
    changed = [name for name, value in data.items() if getattr(response, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(response, name, data[name])
    response.full_clean()
    response.save(update_fields=[*changed, "updated_at"])
    change_record(
        acting_user=acting_user,
        action="response_changed",
        object_type=RESPONSE,
        object_id=response.pk,
        summary="Response changed: " + ", ".join(name.replace("_", " ") for name in changed),
        fields=changed,
    )
    return changed


def _locked_response(response: CommentResponse) -> CommentResponse:
    return CommentResponse.objects.select_for_update().get(pk=response.pk)


@transaction.atomic
def response_publish(*, acting_user, response: CommentResponse) -> CommentResponse:
    response = _locked_response(response)
    return transition_recorded(
        response,
        "publish",
        refused="This response is already published.",
        acting_user=acting_user,
        action="response_published",
        object_type=RESPONSE,
        summary="Response published on “You said, we did”",
    )


@transaction.atomic
def response_unpublish(*, acting_user, response: CommentResponse) -> CommentResponse:
    response = _locked_response(response)
    return transition_recorded(
        response,
        "unpublish",
        refused="This response is not published.",
        acting_user=acting_user,
        action="response_unpublished",
        object_type=RESPONSE,
        summary="Response unpublished",
    )
