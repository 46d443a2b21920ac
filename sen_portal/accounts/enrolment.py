"""Two-step enrolment needs more than the password.

Before, whoever first signed in with a new staff account's password set up their own
authenticator (trust on first use). Now setting one up needs a one-time link emailed to
the account's address: the password alone does not give it. Only the link's hash is kept,
in the session that asked for it: it works once, in that browser, for that account,
within an hour. An administrator resets a lost device by removing it (Django admin); the
person then enrols again through a new link.

Every enrolment and every removal of a device is emailed to the account's owner. The
emails name no one and carry nothing else (DESIGN principle 10).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

# The session holds the emailed link's hash until it is opened, then the grant (the
# user's pk) until the authenticator is confirmed.
SESSION_LINK = "two_step_enrolment_link"
SESSION_GRANT = "two_step_enrolment_for"

LINK_SUBJECT = "Set up two-step verification"
LINK_BODY = (
    "Someone signed in to your account on the council's SEND service and asked to set "
    "up two-step verification.\n\nIf it was you, open this link in the same browser to "
    "continue:\n{url}\n\nThe link works once. If it was not you, do not open it, and tell "
    "your service's administrator: someone may know your password."
)
ADDED_SUBJECT = "An authenticator app was added to your account"
ADDED_BODY = (
    "An authenticator app was set up for two-step verification on your account on the "
    "council's SEND service.\n\nIf this was not you, tell your service's administrator "
    "straight away."
)
REMOVED_SUBJECT = "An authenticator app was removed from your account"
REMOVED_BODY = (
    "An authenticator app was removed from your account on the council's SEND service. "
    "You will be asked to set one up again the next time you sign in.\n\nIf you did not "
    "expect this, tell your service's administrator straight away."
)


LINK_VALID_FOR = datetime.timedelta(hours=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _notify(user, subject: str, body: str) -> None:
    recipient = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    )


def enrolment_link_send(*, request) -> None:
    """Email the signed-in account's owner a one-time link to set up their authenticator.
    Only the link's hash stays, in this session: it works once, in this browser, for this
    account, for an hour; a new link replaces the old."""
    token = secrets.token_urlsafe(32)
    request.session[SESSION_LINK] = {
        "hash": _hash(token),
        "user": str(request.user.pk),
        "until": (timezone.now() + LINK_VALID_FOR).timestamp(),
    }
    path = reverse("accounts:two_factor_enrol", args=[token])
    url = settings.DEADLINE_NOTIFICATIONS_BASE_URL.rstrip("/") + path
    _notify(request.user, LINK_SUBJECT, LINK_BODY.format(url=url))


def enrolment_link_use(*, request, token: str) -> bool:
    """Open the link: True (and the session may now set up an authenticator) if it is
    this session's link, for this account, in date. Used up either way."""
    link = request.session.pop(SESSION_LINK, None)
    if not link:
        return False
    valid = (
        hmac.compare_digest(link.get("hash", ""), _hash(token))
        and link.get("user") == str(request.user.pk)
        and timezone.now().timestamp() < link.get("until", 0)
    )
    if valid:
        request.session[SESSION_GRANT] = str(request.user.pk)
    return valid


def device_added_notify(*, user) -> None:
    _notify(user, ADDED_SUBJECT, ADDED_BODY)


def on_device_deleted(sender, instance, **kwargs):
    """A confirmed authenticator removed, by anyone (the admin included): tell its owner.
    A signal because the admin deletes devices without our services."""
    if instance.confirmed and instance.user_id:
        _notify(instance.user, REMOVED_SUBJECT, REMOVED_BODY)
