"""Attack round, finding 3: no open redirect after signing in. Every ``next`` is checked
(url_has_allowed_host_and_scheme), including the one nested in the two-step page's URL,
and the original ``next`` is carried through the two-step pages."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

HOSTILE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example/",
]


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


@pytest.fixture
def device(caseworker):
    return TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in_then_code(client, user, device, login_next: str):
    """Sign in with ?next=…, follow the redirects to the two-step page, enter the code.
    Returns where the code page sends the person."""
    url = f"{reverse('accounts:login')}?next={quote(login_next, safe='')}"
    response = client.post(url, {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    # Follow same-site redirects until the two-step page.
    while not response.url.startswith(reverse("accounts:two_factor_verify")):
        assert response.url.startswith("/") and not response.url.startswith("//")
        response = client.get(response.url)
        assert response.status_code == 302
    response = client.post(response.url, {"token": code(device)})
    assert response.status_code == 302
    return response.url


def stays_on_site(url: str) -> bool:
    return url.startswith("/") and not url.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_nested_in_the_two_step_url_lands_at_home(
    client, caseworker, device, target
):
    nested = f"{reverse('accounts:two_factor_verify')}?next={quote(target, safe='')}"
    assert sign_in_then_code(client, caseworker, device, nested) == reverse("home")


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_posted_to_the_two_step_page_lands_at_home(
    client, caseworker, device, target
):
    client.force_login(caseworker)
    url = f"{reverse('accounts:two_factor_verify')}?next={quote(target, safe='')}"
    response = client.post(url, {"token": code(device)})
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_on_sign_in_never_leaves_the_site(client, caseworker, device, target):
    landed = sign_in_then_code(client, caseworker, device, target)
    assert stays_on_site(landed), landed


def test_the_original_next_is_carried_through_the_two_step_page(client, caseworker, device):
    wanted = reverse("casework:child_list") + "?mine=1"
    assert sign_in_then_code(client, caseworker, device, wanted) == wanted


def test_the_original_next_is_carried_through_setting_up_two_step(client, caseworker):
    wanted = reverse("casework:child_list")
    client.force_login(caseworker)
    response = client.get(wanted)
    assert response.url == f"{reverse('accounts:two_factor_setup')}?next={quote(wanted, safe='')}"
