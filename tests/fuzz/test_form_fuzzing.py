"""hypothesis-generated input for the main forms: whatever is typed, the answer is the form
again with its errors, or the next page, never a server error.

Each test reads the form's own fields from the page (inputs, text areas, selects, radios
and checkboxes), so a field added later is fuzzed too, then posts generated values.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_access import OVERRIDES, PERSONA, path_for
from tests.world import world_fixture_body

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from world_fixture_body(django_db_blocker, tmp_path_factory.mktemp("media"))


class FormFields(HTMLParser):
    """The fields of each POST form on a page."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, dict]] = []
        self.fields: dict[str, dict] | None = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.fields = {} if (a.get("method") or "").lower() == "post" else None
            if self.fields is not None:
                self.forms.append(self.fields)
            return
        if self.fields is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            field = self.fields.setdefault(name, {"kind": kind, "options": []})
            if kind in ("radio", "checkbox"):
                field["options"].append(a.get("value", "on"))
            elif kind == "hidden":
                field["value"] = a.get("value", "")
        elif tag == "textarea" and name:
            self.fields[name] = {"kind": "text", "options": []}
        elif tag == "select" and name:
            self._select = self.fields[name] = {"kind": "select", "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.fields = None
        if tag == "select":
            self._select = None


def form_fields(html: str) -> dict[str, dict]:
    """The page's main form: the POST form with the most fields (not the sign-out button)."""
    parser = FormFields()
    parser.feed(html)
    return max(parser.forms, key=len, default={})


TEXT = st.one_of(
    st.text(max_size=200),
    st.sampled_from(["", " ", "0", "-1", "31", "13", "2026", "99999999999", "<script>x</script>"]),
    st.text(alphabet="0123456789", min_size=1, max_size=12),
    st.just("x" * 6000),
    st.just("nul\x00byte"),
)


def value_for(field: dict) -> st.SearchStrategy:
    if field["kind"] == "hidden":
        return st.just(field.get("value", ""))
    if field["options"]:
        choice = st.sampled_from(field["options"])
        if field["kind"] == "checkbox":
            return st.lists(choice, unique=True)
        return st.one_of(choice, TEXT)
    return TEXT


def data_for(fields: dict[str, dict]) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: value_for(field) for name, field in fields.items()})


def fuzz(world, role: str, name: str):
    """Post generated values to the form of URL ``name`` as persona ``role``. Each example
    runs in a savepoint that is rolled back, so every one meets the form as it was."""
    client = Client()
    if role != "anon":
        client.force_login(world.users[PERSONA[role]])
    path = path_for(world, name, FORM_OVERRIDES.get(name) or OVERRIDES.get(name, {}))
    page = client.get(path)
    assert page.status_code == 200
    fields = form_fields(page.content.decode())
    fields.pop("csrfmiddlewaretoken", None)
    assert fields, f"no form fields found on {path}"

    @FUZZ
    @given(values=data_for(fields))
    def post(values):
        with transaction.atomic():
            response = client.post(path, values)
            transaction.set_rollback(True)
        assert response.status_code in (200, 302), (path, values, response.status_code)

    post()


FORMS = [
    ("cw", "casework:child_create"),
    ("cw", "casework:child_edit"),
    ("cw", "assessments:request_create"),
    ("ag", "advice:advice_detail"),
    ("cw", "plans:section"),
    ("anon", "local_offer_public:comment"),
]
# The state each form needs: a child with no request yet, a section of text fields.
FORM_OVERRIDES = {
    "assessments:request_create": {"child_id": "child_other_family"},
    "plans:section": {"plan_id": "plan_drafting", "code": "=a"},
}


@pytest.mark.parametrize("role,name", FORMS, ids=[n for _r, n in FORMS])
def test_fuzzed_form_input_gets_errors_never_a_crash(db, world, role, name):
    fuzz(world, role, name)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["q", "category", "age", "postcode", "needs", "page", "cost", "day"]),
        TEXT,
    )
)
def test_fuzzed_local_offer_searches_never_crash(db, world, query):
    response = Client().get("/local-offer/", query)
    assert response.status_code in (200, 302), (query, response.status_code)
