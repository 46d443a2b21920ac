"""Staff two-factor (TOTP) when STAFF_2FA_REQUIRED is on."""

import re
import time

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True


def CaptureOnCommit():  # noqa: N802 (reads like the context manager it returns)
    return TestCase.captureOnCommitCallbacks(execute=True)


def open_enrolment_link(client, user):
    """Ask for the emailed one-time link and open it (sen_portal.accounts.enrolment)."""
    mail.outbox.clear()
    with CaptureOnCommit() as _:
        client.post(reverse("accounts:two_factor_setup"))
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    assert client.get(link).status_code == 302


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_without_a_device_are_sent_to_set_one_up(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("casework:child_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    open_enrolment_link(client, caseworker)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, drawn inline


def test_setting_up_with_a_right_code_confirms_the_device_and_opens_the_service(client, caseworker):
    client.force_login(caseworker)
    open_enrolment_link(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=caseworker)
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("casework:child_list")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, caseworker):
    client.force_login(caseworker)
    open_enrolment_link(client, caseworker)
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert "The security code is not right" in response.text
    assert not TOTPDevice.objects.get(user=caseworker).confirmed


def test_staff_with_a_device_must_enter_a_code_at_each_sign_in(client, caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    client.force_login(caseworker)
    response = client.get(reverse("home"))
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    bad = client.post(reverse("accounts:two_factor_verify"), {"token": "12345"})
    assert "Enter the 6-digit security code" in bad.text
    # TOTP throttling counts failures; give the device a fresh window.
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()
    good = client.post(reverse("accounts:two_factor_verify"), {"token": current_code(device)})
    assert good.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_families_are_not_asked_for_a_second_factor(client, family_user):
    client.force_login(family_user)
    assert client.get(reverse("home")).status_code == 200


def test_an_unverified_member_of_staff_can_still_sign_out(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_codes_are_time_based(caseworker):
    device = TOTPDevice.objects.create(user=caseworker, name="app", confirmed=True)
    assert len(current_code(device)) == 6
    assert time.time() > 0


def verified_client(client, user) -> TOTPDevice:
    """Signed in with a verified TOTP device, as the two-step page leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def test_a_verified_page_reads_the_device_with_the_user(client, caseworker):
    """Issue #22: the device's check costs no query of its own (accounts.middleware)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sen_portal.prepared import statement

    verified_client(client, caseworker)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("casework:child_list")).status_code == 200
    sqls = [statement(q["sql"]) for q in captured]
    assert [sql for sql in sqls if sql.startswith('SELECT "otp_totp_totpdevice"')] == []
    assert 'FROM "otp_totp_totpdevice"' in sqls[1]  # inside the user's query


@pytest.mark.parametrize("change", ["deleted", "unconfirmed", "another user's"])
def test_a_device_that_changed_ends_the_verification(client, caseworker, manager, change):
    device = verified_client(client, caseworker)
    assert client.get(reverse("home")).status_code == 200
    if change == "deleted":
        device.delete()
    elif change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    else:
        TOTPDevice.objects.filter(pk=device.pk).update(user=manager)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    from django_otp import DEVICE_ID_SESSION_KEY

    assert DEVICE_ID_SESSION_KEY not in client.session
