"""Who may open the dashboards: managers (their team), administrators (every team) and
caseworkers (their own cases); nobody else."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URLS = [
    reverse("dashboards:timeliness"),
    reverse("dashboards:timeliness") + "?format=csv&table=summary",
    reverse("dashboards:action"),
    reverse("dashboards:action") + "?format=csv",
    reverse("dashboards:pipeline"),
    reverse("dashboards:caseloads"),
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["family", "advice_giver", "editor"])
def test_people_outside_casework_are_refused(client, personas, persona, url):
    client.force_login(personas[persona])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("persona", ["manager", "admin", "caseworker"])
def test_case_staff_may_open_them(client, personas, persona, url):
    client.force_login(personas[persona])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_scope_is_named_on_the_page(client, personas):
    expected = {
        "manager": "North locality SEN team",
        "admin": "All teams",
        "caseworker": "Cases assigned to you",
    }
    for persona, label in expected.items():
        client.force_login(personas[persona])
        assert f"Dashboards · {label}" in client.get(URLS[0]).content.decode()


def test_managers_find_the_dashboards_from_home(client, personas):
    client.force_login(personas["manager"])
    assert reverse("dashboards:timeliness") in client.get("/").content.decode()
    client.force_login(personas["caseworker"])
    assert reverse("dashboards:timeliness") not in client.get("/").content.decode()
