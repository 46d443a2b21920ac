"""Account actions: second-factor enrolment and verification."""

from django.db import transaction
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from sen_portal.accounts.enrolment import device_added_notify


def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator, made once so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm enrolment when the first code is right, and mark this session verified."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device_added_notify(user=device.user)
    otp_login(request, device)
    return True


def second_factor_verify(*, request, token: str) -> bool:
    device = match_token(request.user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True
