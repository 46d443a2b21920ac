"""Attack round, finding 1: a young person's "my parents must not see my case" holds
against every way a parent can come to the case (already linked, added later, invited
before or after), on every family read: the case list, every portal page, plan pages,
letters and update emails. And it is one rule: when the young person agrees again,
access returns.

Children and Families Act 2014 s.80; SEND Regulations 2014 reg.64: from the end of
compulsory school age the rights are the young person's."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import FamilyMember, Notification
from sen_portal.casework.services import chronology_record, document_store
from sen_portal.family import services as family_services
from sen_portal.family.access import may_see_case
from sen_portal.family.models import Invitation
from tests.factories import PASSWORD, FamilyMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def make_seventeen(child):
    """Sam, 17: over compulsory school age, so Sam decides."""
    child.date_of_birth = timezone.localdate() - datetime.timedelta(days=365 * 17 + 30)
    child.save(update_fields=["date_of_birth"])
    return child


@pytest.fixture
def young_person(child):
    return make_seventeen(child)


@pytest.fixture
def shared_letter(child, caseworker):
    pdf = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%letter\n", "application/pdf")
    document = document_store(child=child, upload=pdf, title="A letter", acting_user=caseworker)
    document.shared_with_family = True
    document.save(update_fields=["shared_with_family"])
    return document


@pytest.fixture
def family_urls(child, draft_version, shared_letter):
    """Every page a family account reads about the case, by URL name (kept complete by
    test_every_family_page_is_in_the_list). The plan was drafted while Sam was younger;
    Sam is 17 now."""
    make_seventeen(child)
    v = draft_version
    child_id = child.pk
    return {
        "family:case": reverse("family:case", args=[child_id]),
        "family:documents": reverse("family:documents", args=[child_id]),
        "family:letter": reverse("family:letter", args=[child_id, shared_letter.pk]),
        "family:plan_pdf": reverse("family:plan_pdf", args=[child_id, v.plan_id, v.number]),
        "family:who_does_what": reverse("family:who_does_what", args=[child_id]),
        "plans:who_does_what": reverse("plans:who_does_what", args=[v.plan_id]),
        "plans:version_detail": reverse("plans:version_detail", args=[v.plan_id, v.number]),
        "plans:version_pdf": reverse("plans:version_pdf", args=[v.plan_id, v.number]),
    }


def say(client, caseworker, child, answer: str):
    """The caseworker records the young person's answer through the staff page."""
    client.force_login(caseworker)
    response = client.post(
        reverse("family:parents_access", args=[child.pk]), {"parents_keep_access": answer}
    )
    assert response.status_code == 302


def readable(client, user, urls) -> dict[str, int]:
    client.force_login(user)
    return {name: client.get(url).status_code for name, url in urls.items()}


def pages_families_may_open(resolver=None, namespace=""):
    """The name of every URL whose view lets a family account in and that names a case
    or a plan."""
    for entry in (resolver or get_resolver()).url_patterns:
        if hasattr(entry, "url_patterns"):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from pages_families_may_open(entry, inner)
            continue
        roles = getattr(entry.callback, "allowed_roles", ())
        if Role.FAMILY in roles and entry.pattern.regex.groups:
            yield f"{namespace}{entry.name}"


def test_every_family_page_is_in_the_list(family_urls):
    """A new page that shows a family a case must be added above (and so be tested)."""
    missing = set(pages_families_may_open()) - set(family_urls)
    assert not missing


def test_a_parent_added_and_linked_after_the_young_person_says_no_reads_nothing(
    client, caseworker, child, family_member, family_urls
):
    young_person = child
    # Before: the parent reads every page.
    assert set(readable(client, family_member.user, family_urls).values()) == {200}

    say(client, caseworker, young_person, "no")
    # The caseworker adds a second parent through the case page...
    response = client.post(
        reverse("casework:family_member_add", args=[young_person.pk]),
        {
            "full_name": "Chris Later",
            "relationship": "father",
            "parental_responsibility": "on",
            "email": "chris@example.org",
        },
    )
    assert response.status_code == 302
    later = FamilyMember.objects.get(child=young_person, full_name="Chris Later")
    # ...who somehow has an account linked (an import, an old invitation, the admin).
    later.user = UserFactory(role=Role.FAMILY, full_name="Chris Later")
    later.save(update_fields=["user"])

    for parent in (family_member.user, later.user):
        assert set(readable(client, parent, family_urls).values()) == {404}, parent
        client.force_login(parent)
        assert "Sam" not in client.get(reverse("home")).content.decode()
        assert not may_see_case(parent, young_person)
    assert not may_see_case(later, young_person)  # as a family record, e.g. for letters

    # Nor are they told of updates.
    Notification.objects.all().delete()
    chronology_record(
        child=young_person, actor=caseworker, kind="x", summary="Shared", visible_to_family=True
    )
    told = set(Notification.objects.values_list("recipient", flat=True))
    assert family_member.user_id not in told and later.user_id not in told

    # When Sam agrees, both parents read every page again.
    say(client, caseworker, young_person, "yes")
    for parent in (family_member.user, later.user):
        assert set(readable(client, parent, family_urls).values()) == {200}, parent


def test_inviting_a_parent_while_the_young_person_says_no_is_refused_with_a_reason(
    client, caseworker, young_person
):
    member = FamilyMemberFactory(child=young_person, user=None, parental_responsibility=True)
    say(client, caseworker, young_person, "no")
    url = reverse("family:invite", args=[young_person.pk])
    page = client.get(url).content.decode()
    assert "has said their parents must not see their case" in page
    response = client.post(url, {"invitee": str(member.pk), "email": "parent@example.org"})
    assert response.status_code == 200
    assert "must not see their case" in response.content.decode()
    assert not Invitation.objects.exists()

    # The young person themselves can still be invited.
    response = client.post(url, {"invitee": "young_person", "email": "sam@example.org"})
    assert response.status_code == 302
    assert Invitation.objects.filter(for_young_person=True).exists()


def test_an_invitation_sent_before_the_young_person_says_no_cannot_be_accepted(
    client, caseworker, young_person
):
    member = FamilyMemberFactory(child=young_person, user=None, parental_responsibility=True)
    _invitation, token = family_services.invitation_create(
        child=young_person, family_member=member, email="p@example.org", acting_user=caseworker
    )
    say(client, caseworker, young_person, "no")
    client.logout()
    url = reverse("family:invitation_accept", args=[token])
    assert client.get(url).status_code == 404
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 404
    member.refresh_from_db()
    assert member.user_id is None

    # Once Sam agrees, the same (still valid) link works.
    say(client, caseworker, young_person, "yes")
    client.logout()
    response = client.post(url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.user is not None
    assert may_see_case(member.user, young_person)


def test_the_young_person_always_reads_their_own_case(
    client, caseworker, child, family_member, family_urls
):
    young_person = child
    sam = UserFactory(role=Role.FAMILY, full_name="Sam Example")
    _invitation, token = family_services.invitation_create(
        child=young_person, family_member=None, email=sam.email, acting_user=caseworker
    )
    assert family_services.invitation_accept(token=token, password=PASSWORD) == sam
    say(client, caseworker, young_person, "no")
    assert set(readable(client, sam, family_urls).values()) == {200}
