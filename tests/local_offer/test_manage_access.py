"""Who may use the editors' pages: editors and system administrators; nobody else."""

import pytest
from django.urls import reverse

from local_offer.models import Service
from tests.local_offer.factories import (
    CommentFactory,
    CommentResponseFactory,
    ContactFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    service = ServiceFactory()
    contact = ContactFactory(service=service)
    comment = CommentFactory()
    response = CommentResponseFactory()
    return [
        reverse("local_offer:manage_services"),
        reverse("local_offer:manage_service_create"),
        reverse("local_offer:manage_service", args=[service.pk]),
        reverse("local_offer:manage_service_edit", args=[service.pk]),
        reverse("local_offer:manage_item_add", args=[service.pk, "place"]),
        reverse("local_offer:manage_item_edit", args=[service.pk, "contact", contact.pk]),
        reverse("local_offer:manage_organizations"),
        reverse("local_offer:manage_organization_create"),
        reverse("local_offer:manage_organization_edit", args=[service.organization_id]),
        reverse("local_offer:manage_comments"),
        reverse("local_offer:manage_comment", args=[comment.pk]),
        reverse("local_offer:manage_responses"),
        reverse("local_offer:manage_response_create"),
        reverse("local_offer:manage_response", args=[response.pk]),
    ]


def test_anonymous_visitors_are_sent_to_sign_in(client, pages):
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.url.startswith(reverse("accounts:login")), page


@pytest.mark.parametrize("persona", ["caseworker", "manager", "advice_giver", "family"])
def test_other_roles_are_refused(client, personas, pages, persona):
    client.force_login(personas[persona])
    for page in pages:
        assert client.get(page).status_code == 403, page


@pytest.mark.parametrize("persona", ["editor", "admin"])
def test_editors_and_administrators_may_use_every_page(client, personas, pages, persona):
    client.force_login(personas[persona])
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_a_caseworker_cannot_publish_an_entry(client, caseworker):
    service = ServiceFactory()
    client.force_login(caseworker)
    response = client.post(reverse("local_offer:manage_service_publish", args=[service.pk]))
    assert response.status_code == 403
    service.refresh_from_db()
    assert service.status == Service.Status.DRAFT


@pytest.mark.parametrize(
    "name",
    ["manage_service_publish", "manage_service_unpublish"],
)
def test_publishing_and_unpublishing_refuse_get(client, editor, name):
    service = ServiceFactory()
    client.force_login(editor)
    assert client.get(reverse(f"local_offer:{name}", args=[service.pk])).status_code == 405


def test_removing_a_part_refuses_get(client, editor):
    contact = ContactFactory()
    client.force_login(editor)
    path = reverse(
        "local_offer:manage_item_remove", args=[contact.service_id, "contact", contact.pk]
    )
    assert client.get(path).status_code == 405
    assert contact.service.contacts.exists()


def test_the_editor_home_page_links_to_the_local_offer(client, editor):
    client.force_login(editor)
    response = client.get(reverse("home"))
    assert reverse("local_offer:manage_services") in response.text
