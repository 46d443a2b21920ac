"""Inviting a family: a single-use link that expires after 7 days, whose token is never
stored, and an email that names no one."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from sen_portal.accounts.models import User
from sen_portal.accounts.roles import Role
from sen_portal.family import services
from sen_portal.family.access import may_see_case
from sen_portal.family.models import Invitation, YoungPersonAccess
from tests.factories import PASSWORD, ChildFactory, FamilyMemberFactory, UserFactory

NEW_PASSWORD = "correct horse battery 42"


@pytest.fixture
def parent(child):
    return FamilyMemberFactory(
        child=child, full_name="Jo Parent", email="jo.parent@example.org", user=None
    )


def invite(client, caseworker, child, invitee, email, capture):
    client.force_login(caseworker)
    with capture(execute=True):
        response = client.post(
            reverse("family:invite", args=[child.pk]), {"invitee": invitee, "email": email}
        )
    client.logout()
    return response


def link_in(message) -> str:
    return re.search(r"http://\S+/family/invitations/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def accept(client, path, password=NEW_PASSWORD):
    return client.post(path, {"password1": password, "password2": password})


def test_a_caseworker_invites_a_parent_who_sets_a_password_and_sees_the_case(
    client, caseworker, child, parent, mailoutbox, django_capture_on_commit_callbacks
):
    response = invite(
        client, caseworker, child, str(parent.pk), parent.email, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["jo.parent@example.org"]
    # No personal data travels by email. (The link is left out of the check: its random
    # token may hold "Jo" by chance, about once in a hundred runs.)
    words = message.subject + message.body.replace(link_in(message), "")
    for private in ("Sam", "Example", "Jo", child.la_reference):
        assert private not in words

    path = path_of(link_in(message))
    assert "Set your password" in client.get(path, follow=True).content.decode()
    response = accept(client, path)
    assert response.status_code == 302
    assert response.url == reverse("family:case", args=[child.pk])

    user = User.objects.get(email="jo.parent@example.org")
    assert user.role == Role.FAMILY
    assert user.check_password(NEW_PASSWORD)
    parent.refresh_from_db()
    assert parent.user == user
    # Signed in straight away.
    assert client.get(reverse("family:case", args=[child.pk])).status_code == 200


def test_the_token_is_stored_only_as_a_hash(caseworker, child, parent):
    invitation, token = services.invitation_create(
        child=child, family_member=parent, email=parent.email, acting_user=caseworker
    )
    stored = Invitation.objects.filter(pk=invitation.pk).values()[0]
    assert token not in [str(v) for v in stored.values()]
    assert stored["token_hash"] == services.hash_token(token)


def test_a_link_works_once(client, caseworker, child, parent):
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email=parent.email, acting_user=caseworker
    )
    path = reverse("family:invitation_accept", args=[token])
    assert accept(client, path).status_code == 302
    client.logout()
    response = client.get(path)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert accept(client, path, "another password 99").status_code == 404
    assert User.objects.filter(email=parent.email).count() == 1


def test_a_link_stops_working_after_7_days(client, caseworker, child, parent):
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email=parent.email, acting_user=caseworker
    )
    path = reverse("family:invitation_accept", args=[token])
    sent = timezone.now()
    with time_machine.travel(sent + datetime.timedelta(days=7, seconds=-60)):
        # The first visit exchanges the emailed token for one held in the session.
        assert client.get(path, follow=True).status_code == 200
    with time_machine.travel(sent + datetime.timedelta(days=7, seconds=1)):
        assert client.get(path, follow=True).status_code == 404
        assert accept(client, path).status_code == 404
        assert client.get(reverse("family:invitation_continue")).status_code == 404
    assert not User.objects.filter(email=parent.email).exists()


def test_a_wrong_token_looks_the_same_as_a_used_one(client, caseworker, child, parent):
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email=parent.email, acting_user=caseworker
    )
    wrong = reverse("family:invitation_accept", args=[token[:-2] + "xx"])
    response = client.get(wrong)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert parent.email not in response.content.decode()


def test_a_weak_password_is_refused(client, caseworker, child, parent):
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email=parent.email, acting_user=caseworker
    )
    path = reverse("family:invitation_accept", args=[token])
    response = accept(client, path, "password")
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    mismatch = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "The passwords do not match" in mismatch.content.decode()
    assert not User.objects.filter(email=parent.email).exists()


def test_an_existing_family_account_is_linked_with_its_own_password(
    client, caseworker, child, family_user
):
    # One family account, two children: a second child's invitation to the same address.
    second = ChildFactory(team=child.team, first_name="Alex", last_name="Example")
    member = FamilyMemberFactory(child=second, email=family_user.email, user=None)
    _invitation, token = services.invitation_create(
        child=second, family_member=member, email=family_user.email, acting_user=caseworker
    )
    path = reverse("family:invitation_accept", args=[token])
    assert "Add a case to your account" in client.get(path, follow=True).content.decode()
    wrong = client.post(path, {"password": "not the password"})
    assert "The password is not right" in wrong.content.decode()
    assert client.post(path, {"password": PASSWORD}).status_code == 302
    member.refresh_from_db()
    assert member.user == family_user


def test_a_staff_email_address_cannot_be_taken_over(client, caseworker, child, parent):
    _invitation, token = services.invitation_create(
        child=child, family_member=parent, email=caseworker.email, acting_user=caseworker
    )
    path = reverse("family:invitation_accept", args=[token])
    assert client.get(path).status_code == 404
    assert client.post(path, {"password": PASSWORD}).status_code == 404
    parent.refresh_from_db()
    assert parent.user is None


def test_only_people_with_parental_responsibility_are_offered(client, caseworker, child, parent):
    no_pr = FamilyMemberFactory(child=child, full_name="Kit Cousin", parental_responsibility=False)
    client.force_login(caseworker)
    page = client.get(reverse("family:invite", args=[child.pk])).content.decode()
    assert "Jo Parent" in page
    assert "Kit Cousin" not in page
    assert "The young person themselves" not in page  # Sam is 8
    response = client.post(
        reverse("family:invite", args=[child.pk]), {"invitee": str(no_pr.pk), "email": "k@e.org"}
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()
    with pytest.raises(services.InvitationRefused):
        services.invitation_create(
            child=child, family_member=None, email="sam@example.org", acting_user=caseworker
        )


# --- From 16 ------------------------------------------------------------------------


@pytest.fixture
def young_person(team, caseworker):
    sixteen = timezone.localdate() - datetime.timedelta(days=365 * 17 + 10)
    return ChildFactory(
        team=team, caseworker=caseworker, first_name="Ren", last_name="Older", date_of_birth=sixteen
    )


def test_a_young_person_is_invited_and_can_stop_their_parents_access(
    client, caseworker, young_person, family_user
):
    FamilyMemberFactory(child=young_person, user=family_user)
    case_url = reverse("family:case", args=[young_person.pk])
    client.force_login(family_user)
    assert client.get(case_url).status_code == 200

    _invitation, token = services.invitation_create(
        child=young_person, family_member=None, email="ren@example.org", acting_user=caseworker
    )
    assert accept(client, reverse("family:invitation_accept", args=[token])).status_code == 302
    ren = User.objects.get(email="ren@example.org")
    assert YoungPersonAccess.objects.get(child=young_person).user == ren

    client.force_login(caseworker)
    response = client.post(
        reverse("family:parents_access", args=[young_person.pk]), {"parents_keep_access": "no"}
    )
    assert response.status_code == 302

    client.force_login(family_user)
    assert client.get(case_url).status_code == 404
    assert "Ren" not in client.get(reverse("home")).content.decode()
    # And the plan pages families read ask the same rule.
    assert not may_see_case(family_user, young_person)
    client.force_login(ren)
    assert client.get(case_url).status_code == 200

    # And back again when the young person agrees.
    services.young_person_record_decision(
        child=young_person, parents_keep_access=True, acting_user=caseworker
    )
    client.force_login(family_user)
    assert client.get(case_url).status_code == 200


@pytest.mark.parametrize(
    ("born", "invitable"),
    [
        # On 1 December 2026. Born 15 October 2010: 16 already, but compulsory school
        # age lasts until Friday 25 June 2027 (Education Act 1996 s8(3)).
        (datetime.date(2010, 10, 15), False),
        # Born 20 August 2010: a young person since Saturday 27 June 2026.
        (datetime.date(2010, 8, 20), True),
        # 25 yesterday: no longer a young person (CFA s83(2) "under 25").
        (datetime.date(2001, 11, 30), False),
        (datetime.date(2001, 12, 2), True),  # 25 tomorrow
    ],
)
def test_the_young_person_is_invited_from_the_school_leaving_date_until_25(
    client, team, caseworker, time_machine, born, invitable
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0), tick=False)
    person = ChildFactory(team=team, caseworker=caseworker, date_of_birth=born)
    client.force_login(caseworker)
    page = client.get(reverse("family:invite", args=[person.pk])).content.decode()
    assert ("The young person themselves" in page) is invitable
    parents_access = client.get(reverse("family:parents_access", args=[person.pk]))
    assert parents_access.status_code == (200 if invitable else 404)
    if invitable:
        services.invitation_create(
            child=person, family_member=None, email="yp@example.org", acting_user=caseworker
        )
    else:
        with pytest.raises(services.InvitationRefused, match="until the day before their 25th"):
            services.invitation_create(
                child=person, family_member=None, email="yp@example.org", acting_user=caseworker
            )


def test_the_parents_access_question_is_only_for_young_people(client, caseworker, child):
    client.force_login(caseworker)
    assert client.get(reverse("family:parents_access", args=[child.pk])).status_code == 404


def test_a_family_account_with_no_link_sees_no_case(client, child):
    stranger = UserFactory(role=Role.FAMILY)
    client.force_login(stranger)
    assert client.get(reverse("family:case", args=[child.pk])).status_code == 404
