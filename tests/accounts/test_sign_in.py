import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_sign_in_page_uses_the_standard_field_names(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text
    assert "Email address" in response.text


def test_a_caseworker_signs_in_and_lands_on_the_home_page(client, caseworker):
    response = sign_in(client, caseworker.email)
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Cases" in home.text


def test_the_email_address_is_not_case_sensitive(client, caseworker):
    response = sign_in(client, caseworker.email.upper())
    assert response.status_code == 302


def test_a_wrong_password_shows_an_error_summary_and_signs_nobody_in(client, caseworker):
    response = sign_in(client, caseworker.email, "not-the-password")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a correct email address and password" in response.text
    assert "_auth_user_id" not in client.session


def test_empty_fields_are_named_in_the_error_summary(client, db):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    assert "Enter your email address" in response.text
    assert "Enter your password" in response.text
    assert 'href="#id_username"' in response.text


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    client, caseworker, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, caseworker.email, "wrong-password")
    response = sign_in(client, caseworker.email)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def stored_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_expires_after_the_idle_timeout_not_at_sign_in(client, caseworker, settings):
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(caseworker)
        client.get(reverse("home"))
    assert stored_expiry(client) == start + idle
    # Within the minute the session is not written again (no UPDATE per request)...
    with time_machine.travel(start + datetime.timedelta(seconds=50), tick=False):
        client.get(reverse("home"))
    assert stored_expiry(client) == start + idle
    # ...after it, the expiry is pushed back to 30 minutes from this request.
    later = start + datetime.timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        assert client.get(reverse("home")).status_code == 200
    assert stored_expiry(client) == later + idle
    # 30 minutes after the last request the session is over: sign in again.
    with time_machine.travel(later + idle + datetime.timedelta(seconds=1), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_page_does_not_save_a_session_refreshed_within_the_minute(client, caseworker):
    client.force_login(caseworker)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    assert not [q for q in captured if "django_session" in q["sql"] and "UPDATE" in q["sql"]]


def test_an_anonymous_visitor_gets_no_session(client, db):
    client.get(reverse("accounts:login"))
    assert not client.cookies.get("sessionid")


@pytest.mark.parametrize("role_fixture", ["family_user"])
def test_a_family_member_sees_their_own_childs_contacts_on_the_home_page(
    client, family_member, role_fixture, request
):
    user = request.getfixturevalue(role_fixture)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert family_member.child.last_name in response.text
    assert family_member.child.team.email in response.text
