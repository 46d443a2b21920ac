"""Deny by default: walk every URL pattern and prove who is refused.

A view must declare its roles (sen_portal.access.allow) or be explicitly public
(login_not_required). This test finds every pattern, so a new URL is covered the day it
is added: anonymous users are sent to sign in, and every role the view does not allow
gets 403 before the view runs.
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from sen_portal.accounts.roles import Role
from tests.factories import UserFactory

# Public on purpose. Anything else that answers an anonymous user fails this test.
PUBLIC = {
    "accounts:login",
    "healthz",
    "accessibility",
    "privacy",
    "admin:login",  # Django admin's own sign-in form, also throttled by django-axes
    "family:invitation_accept",  # a single-use invitation link sets the first password
}
PUBLIC_NAMESPACES = {"local_offer_public", "oruk"}  # the public local offer and its API

CONVERTER_SAMPLES = {"uuid": str(uuid.uuid4()), "int": "1", "str": "x", "slug": "x", "path": "x"}


def _route_to_path(route: str) -> str:
    return re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_SAMPLES[m.group(1) or "str"], route)


def walk(patterns=None, prefix="", namespace=""):
    """(name, sample path, view) for every routable pattern that is not a regex."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns == "admin":
                continue  # regex-based; checked separately below
            yield from walk(pattern.url_patterns, prefix + route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, "/" + _route_to_path(prefix + route), pattern.callback


ALL_URLS = list(walk())


def is_public(name: str, view) -> bool:
    return not getattr(view, "login_required", True)


def test_every_view_declares_who_may_use_it():
    undeclared = [
        name
        for name, _path, view in ALL_URLS
        if not is_public(name, view) and getattr(view, "allowed_roles", None) is None
    ]
    assert undeclared == []


def test_only_the_allow_list_is_public():
    public = {
        name
        for name, _path, view in ALL_URLS
        if is_public(name, view) and name.split(":")[0] not in PUBLIC_NAMESPACES
    }
    assert public <= PUBLIC


@pytest.mark.parametrize("name,path,view", ALL_URLS, ids=[u[0] for u in ALL_URLS])
def test_anonymous_users_are_sent_to_sign_in(client, db, name, path, view):
    if is_public(name, view):
        pytest.skip("public page")
    for method in ("get", "post"):
        response = getattr(client, method)(path)
        assert response.status_code == 302, (method, path)
        assert response.url.startswith("/accounts/login/"), (method, path)


@pytest.mark.parametrize("name,path,view", ALL_URLS, ids=[u[0] for u in ALL_URLS])
def test_roles_a_view_does_not_allow_are_refused(client, db, name, path, view):
    if is_public(name, view):
        pytest.skip("public page")
    refused = [role for role in Role.values if role not in view.allowed_roles]
    for role in refused:
        client.force_login(UserFactory(role=role))
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            assert response.status_code == 403, (role, method, path)


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_the_django_admin_is_for_system_administrators_only(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403


def test_a_system_administrator_reaches_the_django_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
