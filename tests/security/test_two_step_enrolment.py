"""Attack round, finding 9: two-step enrolment is not trust-on-first-use. Whoever signs
in with a new staff account's password cannot set up their own authenticator: that
needs the one-time link emailed to the account's address. Every enrolment and every
removal of a device is emailed to the account's owner, with nothing else in it."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_the_password_alone_does_not_show_a_secret_or_enrol_a_device(client, caseworker):
    sign_in(client, caseworker)
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200
    assert "<svg" not in page.text and "otpauth" not in page.text
    # Posting a code straight away enrols nothing.
    client.post(reverse("accounts:two_factor_setup"), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=caseworker, confirmed=True).exists()
    assert client.get(reverse("casework:child_list")).status_code == 302


def test_the_emailed_link_lets_its_owner_enrol_once_and_they_are_told(
    client, caseworker, django_capture_on_commit_callbacks
):
    sign_in(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:two_factor_setup"))
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    link = re.search(r"https?://\S+", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup")  # the token is left behind
    page = client.get(response.url)
    assert "<svg" in page.text
    device = TOTPDevice.objects.get(user=caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:two_factor_setup"), {"token": code(device)})
    assert done.status_code == 302
    added = mail.outbox[-1]
    assert added.subject == "An authenticator app was added to your account"
    assert caseworker.full_name not in added.body

    # The same link does not work again, even once the device is gone.
    device.delete()
    assert client.get("/" + path).status_code == 404
    other_browser = type(client)()
    sign_in(other_browser, caseworker)
    assert other_browser.get("/" + path).status_code == 404


def test_a_link_opened_by_someone_else_does_not_work(
    client, caseworker, manager, django_capture_on_commit_callbacks
):
    sign_in(client, caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:two_factor_setup"))
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    intruder = type(client)()
    sign_in(intruder, manager)
    assert intruder.get(link).status_code == 404
    assert "<svg" not in intruder.get(reverse("accounts:two_factor_setup")).text


def test_removing_a_device_is_emailed_to_its_owner(caseworker, django_capture_on_commit_callbacks):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        device.delete()
    [message] = mail.outbox
    assert message.to == [caseworker.email]
    assert message.subject == "An authenticator app was removed from your account"
