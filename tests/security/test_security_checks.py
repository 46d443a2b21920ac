"""Security checks over the whole site: CSRF on every form, a strict CSP, session fixation,
sign-in throttling, and no other child's name in anything a family member is shown."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.test_access import MATRIX, OVERRIDES, PERSONA, ROLES, URL_ARGUMENTS, parse, path_for
from tests.world import world_fixture_body


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from world_fixture_body(django_db_blocker, tmp_path_factory.mktemp("media"))


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


# --- CSRF --------------------------------------------------------------------------------

# Views that take no form POST at all and say so with csrf_exempt: none today.
CSRF_EXEMPT: set[str] = set()


def a_persona_who_may(name: str) -> str:
    """Someone who gets past the role and object checks, so a 403 can only be CSRF's."""
    expected = parse(MATRIX[name])
    for role in ROLES:
        if expected[role] not in {"L", "403", "404"}:
            return role
    return "anon"


@pytest.mark.parametrize("name", sorted(n for n in URL_ARGUMENTS if n in MATRIX))
def test_every_post_without_a_csrf_token_is_refused(db, world, name):
    client = Client(enforce_csrf_checks=True)
    role = a_persona_who_may(name)
    if role != "anon":
        client.force_login(world.users[PERSONA[role]])
    path = path_for(world, name, OVERRIDES.get(name, {}))
    response = client.post(path, {"anything": "x"})
    if name in CSRF_EXEMPT:
        assert response.status_code != 403
    else:
        assert response.status_code == 403, f"{name} {path} as {role}: {response.status_code}"


def test_a_form_post_with_its_token_gets_through(db, world):
    """The control for the test above: the same client with the token is not refused."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("local_offer_public:comment"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(reverse("local_offer_public:comment"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200  # the form again, with its errors
    assert "There is a problem" in response.text


# --- Content security policy --------------------------------------------------------------


@pytest.mark.parametrize(
    "role,name",
    [
        ("anon", "accounts:login"),
        ("anon", "local_offer_public:search"),
        ("cw", "casework:child_detail"),
        ("cw", "plans:section"),
        ("fam", "family:case"),
        ("ed", "local_offer:manage_services"),
        ("anon", "oruk:services"),
    ],
)
def test_every_page_type_has_a_strict_content_security_policy(db, world, role, name):
    client = Client()
    if role != "anon":
        client.force_login(world.users[PERSONA[role]])
    response = client.get(path_for(world, name, OVERRIDES.get(name, {})))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["default-src"] in (["'self'"], ["'none'"])
    assert directives.get("frame-ancestors") == ["'none'"] or response.headers.get(
        "X-Frame-Options"
    ) in ("DENY", "SAMEORIGIN")
    assert "*" not in policy.split()


def test_an_error_page_has_the_policy_too(db, world):
    client = Client()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


# --- Sessions and sign-in ----------------------------------------------------------------


def test_signing_in_changes_the_session_key(db, world):
    """Session fixation: a key an attacker planted before sign-in is worthless after it."""
    client = Client()
    client.get(reverse("accounts:login"))
    session = client.session
    session["planted"] = "by someone else"
    session.save()
    planted_key = session.session_key
    client.cookies["sessionid"] = planted_key

    response = sign_in(client, world.users["caseworker"].email)
    assert response.status_code == 302
    new_key = client.cookies["sessionid"].value
    assert new_key != planted_key
    assert client.session["_auth_user_id"] == str(world.users["caseworker"].pk)
    # The planted key no longer signs anybody in.
    attacker = Client()
    attacker.cookies["sessionid"] = planted_key
    assert attacker.get(reverse("casework:child_list")).status_code == 302


def test_signing_out_ends_the_session_on_the_server(db, world):
    client = Client()
    sign_in(client, world.users["caseworker"].email)
    key = client.cookies["sessionid"].value
    client.post(reverse("accounts:logout"))
    replay = Client()
    replay.cookies["sessionid"] = key
    response = replay.get(reverse("casework:child_list"))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_session_cookies_are_http_only_and_csrf_cookie_is_not_readable_cross_site(db, world):
    client = Client()
    sign_in(client, world.users["caseworker"].email)
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] in ("Lax", "Strict")


def test_sign_in_is_throttled_per_account(db, world, settings):
    family = world.users["family"]
    client = Client()
    first = sign_in(client, family.email, "a-wrong-guess")
    assert first.status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, family.email, "a-wrong-guess")
    locked = sign_in(client, family.email)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone else, from the same place, is not locked out by it.
    assert sign_in(Client(), world.users["caseworker"].email).status_code == 302


# --- A family member never sees another child --------------------------------------------


def crawl(client, start: str, *, limit: int = 80):
    """Follow every same-site link (GET) from ``start``; yield (path, response)."""
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        yield path, response
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', response.text):
            url = urlparse(urljoin(path, href))
            if url.netloc or not url.path.startswith("/"):
                continue
            if url.path.startswith(("/static/", "/accounts/logout")):
                continue
            queue.append(url.path + (f"?{url.query}" if url.query else ""))


def test_a_family_member_browsing_the_whole_portal_sees_no_other_child(db, world):
    family = world.users["family"]
    own_child = world["child"]
    others = [name for pk, name in world.child_names.items() if pk != own_child.pk]
    assert len(others) >= 5
    client = Client()
    client.force_login(family)

    visited = []
    for path, response in crawl(client, "/"):
        assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("latin-1")
        for name in others:
            for part in (name, name.split()[0] + " " + name.split()[1][0]):
                assert part not in body, f"{path} shows {name!r} to {family.full_name}"
        visited.append(path)

    # The crawl really went through the portal: the case, documents, the plan and its PDF.
    child_id = str(own_child.pk)
    assert any(p.startswith(f"/family/cases/{child_id}/") for p in visited)
    assert any(p.endswith("/documents/") for p in visited)
    assert any(p.endswith(".pdf") or "/pdf/" in p for p in visited), visited
    assert len(visited) >= 6, visited


def test_a_family_member_guessing_other_childrens_urls_gets_not_found(db, world):
    client = Client()
    client.force_login(world.users["family"])
    other = world["child_other_family"]
    for name in ("family:case", "family:documents", "family:who_does_what"):
        response = client.get(reverse(name, args=[other.pk]))
        assert response.status_code == 404
        assert "Robin" not in response.content.decode()
