"""One spelling of a sign-in name. Email addresses are stored lower-cased and sign-in is
case-insensitive, so the sign-in form and django-axes' throttling must both see the same
spelling: otherwise each spelling ("PAT@…", " pat@… ") gets its own failure count and
the lockout is bypassed by changing the case."""

from __future__ import annotations


def normalise_username(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip().lower()


def axes_username(request, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: the username axes counts failures and lockouts under, from
    the credentials given to authenticate() or, failing that, the posted form."""
    if credentials:
        value = credentials.get("username")
    else:
        value = getattr(request, "data", request.POST).get("username")
    return normalise_username(value)
