"""The idle timeout without a database write on every request.

A session ends SESSION_COOKIE_AGE seconds (30 minutes) after the last request, not after
sign-in. Django's SESSION_SAVE_EVERY_REQUEST gets that by saving the session on every
request: an UPDATE and a COMMIT each time, the costliest statements of a page. Pushing
the expiry back once a minute is as good for a 30-minute timeout (a session lasts between
29 and 30 minutes after the last request), so this middleware marks the session changed
only when its last push is SESSION_REFRESH_SECONDS old; Django's SessionMiddleware then
saves it with a new expiry, as it saves any changed session.
"""

from __future__ import annotations

import time

from django.conf import settings

REFRESHED_AT = "_idle_refreshed_at"


class IdleTimeoutMiddleware:
    """Goes straight after SessionMiddleware, so its response side runs before the save."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that exists and holds something (a signed-in user): an anonymous
        # visitor gets no session from this.
        if session is None or session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_AT] = now  # changed: saved, with the expiry pushed back
        return response


def mark_refreshed_at_sign_in(sender, request, user, **kwargs):
    """Signing in saves the session with a fresh expiry: the next minute needs no save."""
    if getattr(request, "session", None) is not None:
        request.session[REFRESHED_AT] = int(time.time())
