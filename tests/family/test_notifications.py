"""An email to the family when something they can see on their case changes."""

import pytest
from django.core import mail
from django.urls import reverse

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Notification
from sen_portal.casework.services import (
    chronology_record,
    email_text,
    notifications_deliver_pending,
)
from sen_portal.family.models import YoungPersonAccess
from sen_portal.family.notifications import family_notify_case_update
from tests.factories import FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def young_person_user(child):
    user = UserFactory(role=Role.FAMILY, full_name="Sam Example")
    YoungPersonAccess.objects.create(child=child, user=user)
    return user


def parents_refused(child):
    """The young person says their parents must not see their case."""
    YoungPersonAccess.objects.update_or_create(child=child, defaults={"parents_keep_access": False})


def record(child, caseworker, *, visible=True):
    return chronology_record(
        child=child,
        actor=caseworker,
        kind="decision_to_assess",
        summary=f"We decided to assess {child.full_name} ({child.la_reference})",
        visible_to_family=visible,
    )


def test_a_visible_event_tells_the_parent_and_the_young_person_only(
    child, caseworker, family_member, young_person_user, other_family
):
    record(child, caseworker)
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {family_member.user.pk, young_person_user.pk}
    assert other_family.pk not in recipients
    assert caseworker.pk not in recipients
    notification = Notification.objects.get(recipient=family_member.user)
    assert notification.kind == Notification.Kind.FAMILY_UPDATE
    assert notification.link_path == reverse("family:case", args=[child.pk])


def test_when_the_young_person_says_no_only_they_are_told(
    child, caseworker, family_member, young_person_user
):
    parents_refused(child)
    # A parent added after the decision is not told either.
    later = FamilyMemberFactory(child=child, user=UserFactory(role=Role.FAMILY))
    record(child, caseworker)
    recipients = set(Notification.objects.values_list("recipient", flat=True))
    assert recipients == {young_person_user.pk}
    assert later.user_id not in recipients


def test_a_staff_only_event_tells_nobody(child, caseworker, family_member, young_person_user):
    record(child, caseworker, visible=False)
    assert not Notification.objects.exists()


def test_a_workflow_event_shared_with_the_family_tells_them(child, caseworker, family_member):
    from sen_portal.casework.services import child_update

    new_caseworker = UserFactory(role=Role.CASEWORKER, team=child.team)
    child_update(acting_user=caseworker, child=child, data={"caseworker": new_caseworker})
    assert Notification.objects.filter(recipient=family_member.user).count() == 1


def test_an_inactive_or_unlinked_family_account_is_not_told(child, caseworker, family_member):
    family_member.user.is_active = False
    family_member.user.save(update_fields=["is_active"])
    FamilyMemberFactory(child=child, user=None)  # on record, never invited
    record(child, caseworker)
    assert not Notification.objects.exists()


def test_the_notification_carries_no_personal_data(
    child, caseworker, family_member, young_person_user
):
    record(child, caseworker)
    for notification in Notification.objects.all():
        text = notification.subject + notification.body + email_text(notification)
        for private in (child.first_name, child.last_name, child.la_reference):
            assert private not in text


def test_the_email_links_to_the_portal_not_the_staff_page(
    child, caseworker, family_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(child, caseworker)
    notifications_deliver_pending()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [family_member.user.email]
    assert message.subject == "There is an update on your case"
    assert reverse("family:case", args=[child.pk]) in message.body
    assert reverse("casework:notification_list") not in message.body
    for private in (child.first_name, child.last_name, child.la_reference):
        assert private not in message.subject + message.body
    assert Notification.objects.get().status == Notification.Status.SENT


def test_a_staff_email_still_links_to_the_notifications_page(caseworker):
    notification = Notification(
        recipient=caseworker,
        kind=Notification.Kind.ADVICE_REQUESTED,
        subject="s",
        body="b",
        link_path="/advice/x/",
    )
    assert reverse("casework:notification_list") in email_text(notification)
    assert "/advice/x/" not in email_text(notification)


def test_telling_the_family_twice_sends_nothing_twice(child, caseworker, family_member):
    event = record(child, caseworker)
    assert family_notify_case_update(event=event) == []
    assert Notification.objects.count() == 1
    assert notifications_deliver_pending().sent == 1
    assert family_notify_case_update(event=event) == []
    assert notifications_deliver_pending().sent == 0
    assert len(mail.outbox) == 1


def test_a_family_that_turned_update_emails_off_is_not_emailed(
    client, child, caseworker, family_member, family_user
):

    client.force_login(family_user)
    page = client.get(reverse("family:email_settings"))
    assert page.status_code == 200
    assert client.post(reverse("family:email_settings"), {"email_updates": "no"}).status_code == 302
    chronology_record(
        child=child, actor=caseworker, kind="x", summary="Shared", visible_to_family=True
    )
    assert not Notification.objects.filter(recipient=family_user).exists()

    client.post(reverse("family:email_settings"), {"email_updates": "yes"})
    chronology_record(
        child=child, actor=caseworker, kind="x", summary="Shared again", visible_to_family=True
    )
    assert Notification.objects.filter(recipient=family_user).count() == 1


def test_the_email_setting_needs_an_answer(client, family_user):
    client.force_login(family_user)
    response = client.post(reverse("family:email_settings"), {})
    assert "Select yes if you want an email when there is an update" in response.content.decode()
