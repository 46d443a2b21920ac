"""Deny by default.

Every view must say who may use it: `@allow(Role.CASEWORKER, ...)` for signed-in roles, or
Django's `@login_not_required` for the few public pages (sign-in, health, the public local
offer). A view that says neither is refused to everyone, so forgetting a declaration fails
closed. Staff who must use a second factor are sent to set it up or enter a code before any
view that is not part of that journey.

Object-level rules (which child a user may see) live in each app's access helpers; this
module only decides whether a role may reach a view at all.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from sen_portal.accounts.roles import Role


def allow(*roles: str) -> Callable:
    """Declare the roles that may use a view."""
    if not roles:
        raise ValueError("allow() needs at least one role")
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            return view(*args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def second_factor_exempt(view: Callable) -> Callable:
    """Views an unverified staff member may reach: setting up or entering the code, signing out."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


def needs_second_factor(request) -> bool:
    user = request.user
    return (
        settings.STAFF_2FA_REQUIRED
        and user.is_authenticated
        and user.is_staff_role
        and not user.is_verified()
    )


def with_next(url_name: str, request) -> str:
    """A two-step page's URL carrying where the person was going (a GET's own path), or,
    on a two-step page, the ``next`` it was given. The two-step pages check it before
    using it (accounts.views.next_url)."""
    url = reverse(url_name)
    if request.resolver_match is not None and request.resolver_match.app_name == "accounts":
        target = request.GET.get("next", "")
    else:
        target = request.get_full_path() if request.method == "GET" else ""
    return f"{url}?{urlencode({'next': target})}" if target else url


def allowed_roles_for(view: Callable, request) -> Iterable[str]:
    roles = getattr(view, "allowed_roles", None)
    if roles is not None:
        return roles
    match = request.resolver_match
    if match is not None and match.app_name == "admin":
        # The Django admin is for system administrators only; it checks is_staff itself too.
        return {Role.ADMIN}
    return ()


class AccessMiddleware(LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None  # an explicit public page
        if not request.user.is_authenticated:
            return self.handle_no_permission(request, view_func)
        if needs_second_factor(request) and not getattr(view_func, "second_factor_exempt", False):
            if request.user.has_confirmed_device():
                return redirect(with_next("accounts:two_factor_verify", request))
            return redirect(with_next("accounts:two_factor_setup", request))
        if request.user.role not in allowed_roles_for(view_func, request):
            raise PermissionDenied
        return None


def any_signed_in_role() -> tuple[str, ...]:
    return tuple(Role.values)
