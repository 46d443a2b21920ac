"""Every portal URL, tried as the linked family, another family, every staff role and
nobody: only the linked family gets in, and only to read."""

import pytest
from django.urls import reverse

from sen_portal.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def portal_urls(child, draft_version):
    version = draft_version
    return [
        reverse("family:case", args=[child.pk]),
        reverse("family:documents", args=[child.pk]),
        reverse("family:who_does_what", args=[child.pk]),
        reverse("family:plan_pdf", args=[child.pk, version.plan_id, version.number]),
    ]


def test_the_linked_family_reads_every_portal_page(family_client, portal_urls):
    for url in portal_urls:
        assert family_client.get(url).status_code == 200, url


def test_another_family_gets_not_found_on_every_portal_page(client, other_family, portal_urls):
    client.force_login(other_family)
    for url in portal_urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.FAMILY])
def test_every_staff_role_is_refused_every_portal_page(client, child, role, portal_urls):
    # Even the child's own team: staff use the case pages, not the family's view.
    user = UserFactory(role=role, team=child.team if role in ("caseworker", "manager") else None)
    client.force_login(user)
    for url in portal_urls:
        assert client.get(url).status_code == 403, (role, url)


def test_anonymous_users_are_sent_to_sign_in_from_every_portal_page(client, portal_urls):
    for url in portal_urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_no_portal_page_accepts_a_change(family_client, portal_urls):
    for url in portal_urls:
        for method in ("post", "put", "patch", "delete"):
            assert getattr(family_client, method)(url).status_code == 405, (method, url)


def test_a_pdf_of_another_childs_plan_is_not_found_through_your_own_child(
    client, other_family, draft_version
):
    # The other family's child id with Sam's plan: the plan must belong to the child.
    other_child = other_family.family_links.get().child
    client.force_login(other_family)
    url = reverse(
        "family:plan_pdf", args=[other_child.pk, draft_version.plan_id, draft_version.number]
    )
    assert client.get(url).status_code == 404


def test_an_unknown_child_id_is_not_found(family_client):
    url = reverse("family:case", args=["00000000-0000-0000-0000-000000000000"])
    assert family_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["family:invite", "family:parents_access"])
def test_staff_pages_are_for_the_childs_own_team_only(
    client, child, other_caseworker, family_member, name
):
    url = reverse(name, args=[child.pk])
    client.force_login(other_caseworker)
    assert client.get(url).status_code == 404
    client.force_login(family_member.user)
    assert client.get(url).status_code == 403
