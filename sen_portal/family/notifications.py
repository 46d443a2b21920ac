"""An email to the family when something they can see on their case changes.

Casework and the workflows know nothing of the portal: they mark chronology events
visible_to_family. This listens for new ones (connected in FamilyConfig.ready()) and, in
the transaction that writes the event, puts a notification in the outbox for every
family account that may see that child. The email says only that there is an update and
where to sign in: no name, no reference, no needs (DESIGN principle 10).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import ChronologyEvent, Notification
from sen_portal.casework.notifications import notification_create

UPDATE_SUBJECT = "There is an update on your case"
UPDATE_BODY = (
    "There is an update on a case you follow in the council's SEND family portal.\n\n"
    "Sign in to the family portal to see what has changed."
)


def family_accounts_for_child(*, child_id) -> list:
    """The active family accounts that may see this child and want update emails: linked
    parents whose access the young person has not withdrawn, and the young person's own
    account. The same rule as selectors.children_for_family, from the child's side, less
    those who turned emails off. One query."""
    as_parent = Q(family_links__child_id=child_id, family_links__portal_access=True)
    as_young_person = Q(young_person_links__child_id=child_id)
    return list(
        get_user_model()
        .objects.filter(as_parent | as_young_person, role=Role.FAMILY, is_active=True)
        .exclude(family_email_preference__email_updates=False)
        .distinct()
        .order_by("pk")
    )


def family_notify_case_update(*, event: ChronologyEvent) -> list[Notification]:
    """Queue one email per family account for an event shared with the family. Safe to
    call twice for the same event: the dedupe key means nothing is sent twice."""
    if not event.visible_to_family:
        return []
    link_path = reverse("family:case", args=[event.child_id])
    created = []
    for user in family_accounts_for_child(child_id=event.child_id):
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
