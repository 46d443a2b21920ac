"""Attack round, finding 4: no lost updates. Two people open the same edit page; the
first saves; the second's save is refused with "someone else changed this since you
opened it", shows the first person's change, and overwrites nothing, even in fields the
second person never touched (DESIGN principle 15)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from local_offer.models import Service
from local_offer.services.taxonomies import taxonomies_ensure
from plans.models import Plan
from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child
from tests.factories import UserFactory
from tests.local_offer.factories import ServiceFactory

pytestmark = pytest.mark.django_db

STALE = "Someone else changed this since you opened it"


class _FormReader(HTMLParser):
    """The values a browser would post from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in {"submit", "button", "file"}:
                self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data


def opened(client: Client, url: str) -> dict[str, list[str]]:
    """Open an edit page: what its form would post unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    data = reader.data
    for values in data.values():  # textareas start with a newline in the markup
        values[:] = [v[1:] if v.startswith("\n") else v for v in values]
    return data


def two_people(first_user, second_user):
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    return first, second


def race(first, second, url, first_change: dict, second_change: dict):
    """Both open the page, the first saves, then the second saves."""
    first_form, second_form = opened(first, url), opened(second, url)
    saved = first.post(url, {**first_form, **first_change})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    return second.post(url, {**second_form, **second_change})


def test_a_plan_section_saved_by_someone_else_is_not_reverted(plan, caseworker, manager):
    first, second = two_people(caseworker, manager)
    url = reverse("plans:section", args=[plan.pk, "a"])
    refused = race(
        first,
        second,
        url,
        {"a_views": ["Likes quiet rooms."], "completed": ["no"]},
        {"a_interests": ["Swimming."], "completed": ["no"]},
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert STALE in page
    assert "Likes quiet rooms." in page  # their change, shown
    plan = Plan.objects.get(pk=plan.pk)
    assert plan.a_views == "Likes quiet rooms."  # not reverted
    assert plan.a_interests != "Swimming."  # nothing of the stale save written


def test_a_plan_item_changed_by_someone_else_is_not_overwritten(plan, caseworker, manager):
    need = plan.needs.create(area="cognition_learning", description="Dyslexia.")
    first, second = two_people(caseworker, manager)
    url = reverse("plans:item_edit", args=[plan.pk, "b", need.pk])
    refused = race(
        first,
        second,
        url,
        {"description": ["Dyslexia, assessed in 2025."]},
        {"area": ["communication_interaction"]},
    )
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    need.refresh_from_db()
    assert need.description == "Dyslexia, assessed in 2025."
    assert need.area == "cognition_learning"


def test_child_details_changed_by_someone_else_are_not_overwritten(child, caseworker, manager):
    first, second = two_people(caseworker, manager)
    url = reverse("casework:child_edit", args=[child.pk])
    refused = race(first, second, url, {"postcode": ["NE1 4ST"]}, {"town": ["Gateshead"]})
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert "NE1 4ST" in refused.content.decode()
    child = Child.objects.get(pk=child.pk)
    assert child.postcode == "NE1 4ST"
    assert child.town != "Gateshead"


def test_a_local_offer_entry_changed_by_someone_else_is_not_overwritten(db):
    # A browser test earlier on this worker may have emptied the reference categories.
    taxonomies_ensure()
    service = ServiceFactory(categories=["leisure"])
    one, two = (UserFactory(role=Role.EDITOR) for _ in range(2))
    first, second = two_people(one, two)
    url = reverse("local_offer:manage_service_edit", args=[service.pk])
    refused = race(first, second, url, {"name": ["Swim club"]}, {"description": ["Changed."]})
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    service = Service.objects.get(pk=service.pk)
    assert service.name == "Swim club"
    assert service.description != "Changed."


def test_an_organisation_changed_by_someone_else_is_not_overwritten(db):
    organization = ServiceFactory().organization
    one, two = (UserFactory(role=Role.EDITOR) for _ in range(2))
    first, second = two_people(one, two)
    url = reverse("local_offer:manage_organization_edit", args=[organization.pk])
    refused = race(
        first, second, url, {"description": ["Runs clubs."]}, {"email": ["other@example.org"]}
    )
    assert refused.status_code == 200
    assert STALE in refused.content.decode()
    assert "Runs clubs." in refused.content.decode()
    organization.refresh_from_db()
    assert organization.description == "Runs clubs."
    assert organization.email != "other@example.org"


def test_the_same_person_saving_twice_in_a_row_is_not_refused(child, caseworker):
    client = Client()
    client.force_login(caseworker)
    url = reverse("casework:child_edit", args=[child.pk])
    for town in ("Gateshead", "Sunderland"):
        response = client.post(url, {**opened(client, url), "town": [town]})
        assert response.status_code == 302
    assert Child.objects.get(pk=child.pk).town == "Sunderland"
