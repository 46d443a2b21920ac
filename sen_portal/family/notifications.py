"""An email to the family when something they can see on their case changes.

Casework and the workflows know nothing of the portal: they mark chronology events
visible_to_family. This listens for new ones (connected in FamilyConfig.ready()) and, in
the transaction that writes the event, puts a notification in the outbox for every
family account that may see that child. The email says only that there is an update and
where to sign in: no name, no reference, no needs (DESIGN principle 10).
"""

from __future__ import annotations

from django.urls import reverse

from sen_portal.casework.models import ChronologyEvent, Notification
from sen_portal.casework.services import notification_create
from sen_portal.family.access import family_accounts_for_child

UPDATE_SUBJECT = "There is an update on your case"
UPDATE_BODY = (
    "There is an update on a case you follow in the council's SEND family portal.\n\n"
    "Sign in to the family portal to see what has changed."
)


def family_accounts_to_email(*, child_id) -> list:
    """The family accounts that may see this child (access.family_accounts_for_child,
    the portal's one rule) less those who turned update emails off. One query."""
    return list(
        family_accounts_for_child(child_id=child_id)
        .exclude(family_email_preference__email_updates=False)
        .order_by("pk")
    )


def family_notify_case_update(*, event: ChronologyEvent) -> list[Notification]:
    """Queue one email per family account for an event shared with the family. Safe to
    call twice for the same event: the dedupe key means nothing is sent twice."""
    if not event.visible_to_family:
        return []
    link_path = reverse("family:case", args=[event.child_id])
    created = []
    for user in family_accounts_to_email(child_id=event.child_id):
        notification = notification_create(
            recipient=user,
            kind=Notification.Kind.FAMILY_UPDATE,
            dedupe_key=f"family:{event.pk}:{user.pk}",
            subject=UPDATE_SUBJECT,
            body=UPDATE_BODY,
            link_path=link_path,
        )
        if notification is not None:
            created.append(notification)
    return created


def on_chronology_event_saved(
    sender, instance: ChronologyEvent, created: bool, raw=False, **kwargs
):
    # Events are append-only, so "created" is the only save; fixtures (raw) send nothing.
    if created and not raw and instance.visible_to_family:
        family_notify_case_update(event=instance)
