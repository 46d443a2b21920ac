"""django-otp's OTPMiddleware without a query of its own on each request.

django-otp reads the session's verified device on every request, to check it still
exists, is confirmed and belongs to the user. `accounts.backends.UserBackend` reads the
ids of the user's confirmed TOTP devices with the user (one query); this middleware makes
the same check against them, and gives ``request.user.otp_device`` as the device with
only those fields loaded (the rest load on first use, and a save writes only what was
loaded, as for any deferred Django instance). Any other device, or a user read without
the ids (another backend, SQLite), goes through django-otp's own lookup.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as DjangoOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

TOTP_LABEL = TOTPDevice._meta.label_lower  # "otp_totp.totpdevice", as in persistent ids


class OTPMiddleware(DjangoOTPMiddleware):
    def _verify_user_sync(self, request, user):
        confirmed = getattr(user, "confirmed_totp_ids", None)
        if confirmed is None or not user.is_authenticated:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = None
        if persistent_id:
            label, _, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
            if label != TOTP_LABEL:
                device = self._device_from_persistent_id(persistent_id)
            elif device_id.isdigit() and int(device_id) in confirmed:
                fields, values = ["id", "user_id", "confirmed"], [int(device_id), user.pk, True]
                device = TOTPDevice.from_db(DEFAULT_DB_ALIAS, fields, values)
        # The same binding checks as django-otp's (user, confirmed), and the session's
        # device id dropped when there is no such device.
        user.otp_device = self._finalize_device(request, user, device)
        return user
