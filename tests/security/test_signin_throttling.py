"""Attack round, finding 2: sign-in throttling counts one account, however its email
address is typed. Sign-in is case-insensitive, so the lockout must be too: before the
fix every spelling ("PAT@…", "Pat@…", " pat@… ") got its own five attempts, and a
success with one spelling cleared nothing for the others."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def spellings(email: str) -> list[str]:
    local, domain = email.split("@")
    return [
        email.upper(),
        email.title(),
        f"  {email}  ",
        f"{local.upper()}@{domain}",
        f"\t{email.swapcase()}\n",
        email,
    ]


def test_failures_in_any_spelling_lock_every_spelling(client, family_user, settings):
    variants = spellings(family_user.email)
    for i in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, variants[i % len(variants)], "wrong-password")
    assert response.status_code == 429  # the last failure locks
    # Every spelling, even with the right password, is now refused.
    for variant in variants:
        response = sign_in(client, variant)
        assert response.status_code == 429, repr(variant)
        assert "_auth_user_id" not in client.session
    # One record of failures, under the address as stored.
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [family_user.email]


def test_a_success_in_one_spelling_resets_the_same_count(client, family_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, family_user.email.upper(), "wrong-password")
    assert sign_in(client, f" {family_user.email.title()} ").status_code == 302
    client.logout()
    # The count started again: four more failures do not lock.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, family_user.email, "wrong-password")
    assert sign_in(client, family_user.email.upper()).status_code == 302


def test_any_spelling_still_signs_in(client, caseworker):
    for variant in spellings(caseworker.email):
        response = sign_in(client, variant)
        assert response.status_code == 302, repr(variant)
        client.logout()
