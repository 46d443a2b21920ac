"""Deny by default, and the access matrix.

A view must declare its roles (sen_portal.access.allow) or be explicitly public
(login_not_required). The MATRIX below says, for every URL pattern name, what each persona
gets: anonymous, the child's caseworker and manager, a caseworker of another team, the
advice giver asked and one not asked, the child's family and another child's family, a
local offer editor and a system administrator. Every URL pattern must have an entry: a new
URL fails test_access_matrix with the line to add (what each persona gets today), and a
row that lets a role the view does not declare through fails
test_the_matrix_agrees_with_what_each_view_declares.

The objects that fill URL arguments are built once per module (tests/world.py), inside a
transaction rolled back at the end; each test runs in a savepoint of it.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sen_portal.accounts.roles import Role
from tests.factories import UserFactory
from tests.world import world_fixture_body

# Public on purpose. Anything else that answers an anonymous user fails this test.
PUBLIC = {
    "accounts:login",
    "healthz",
    "accessibility",
    "privacy",
    "admin:login",  # Django admin's own sign-in form, also throttled by django-axes
    "family:invitation_accept",  # a single-use invitation link sets the first password
    "family:invitation_continue",  # ...on a page without the token, in the same session
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


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_the_django_admin_is_for_system_administrators_only(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403


def test_a_system_administrator_reaches_the_django_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


# --- The access matrix -------------------------------------------------------------------
#
# For every URL pattern name, what each persona gets on GET. Columns, in ROLES order:
#   anon  not signed in
#   cw    caseworker of the child's team        ocw   caseworker of another team
#   mgr   manager of the child's team
#   ag    advice giver asked for this advice    agN   advice giver not asked
#   fam   family member of the child            ofam  family member of another child
#   ed    local offer editor                    adm   system administrator
# Outcomes: an HTTP status (200, 403, 404, 405, 302 for a redirect elsewhere than sign-in)
# or L (302 to the sign-in page). A persona refused a page (L, 403, 404) must be refused
# its POST too (L, 403, 404 or 405).
# URL arguments come from the objects of tests/world.py (ARGUMENTS below; OVERRIDES for
# the few pages that need an object in another state).
# Adding a URL is one line here.

ROLES = ("anon", "cw", "ocw", "mgr", "ag", "agN", "fam", "ofam", "ed", "adm")
PERSONA = {
    "cw": "caseworker",
    "ocw": "other_caseworker",
    "mgr": "manager",
    "ag": "advice_giver",
    "agN": "advice_giver_not_asked",
    "fam": "family",
    "ofam": "other_family",
    "ed": "editor",
    "adm": "admin",
}

# fmt: off
MATRIX = {
    #                                             anon cw  ocw mgr ag  agN fam ofa ed  adm
    "accessibility":                              "200 200 200 200 200 200 200 200 200 200",
    "accounts:login":                             "200 302 302 302 302 302 302 302 302 302",
    "accounts:logout":                            "L   405 405 405 405 405 405 405 405 405",
    "accounts:two_factor_setup":                  "L   200 200 200 200 200 403 403 200 200",
    "accounts:two_factor_enrol":                  "L   404 404 404 404 404 403 403 404 404",
    "accounts:two_factor_verify":                 "L   302 302 302 302 302 403 403 302 302",
    "advice:advice_detail":                       "L   403 403 403 200 404 403 403 403 403",
    "advice:advice_document":                     "L   403 403 403 404 404 403 403 403 403",
    "advice:advice_exception_claim":              "L   403 403 403 200 404 403 403 403 403",
    "advice:advice_list":                         "L   403 403 403 200 200 403 403 403 403",
    "assessments:advice_cancel":                  "L   200 404 200 403 403 403 403 403 403",
    "assessments:advice_exception":               "L   409 404 409 403 403 403 403 403 403",
    "assessments:advice_record":                  "L   200 404 200 403 403 403 403 403 403",
    "assessments:advice_request_create":          "L   200 404 200 403 403 403 403 403 403",
    "assessments:advice_staff_detail":            "L   200 404 200 403 403 403 403 403 200",
    "assessments:assessment_complete_advice":     "L   409 404 409 403 403 403 403 403 403",
    "assessments:assessment_decide_not_to_issue": "L   409 404 409 403 403 403 403 403 403",
    "assessments:assessment_decide_to_issue":     "L   409 404 409 403 403 403 403 403 403",
    "assessments:assessment_detail":              "L   200 404 200 403 403 403 403 403 200",
    "assessments:assessment_withdraw":            "L   200 404 200 403 403 403 403 403 403",
    "assessments:request_create":                 "L   200 404 200 403 403 403 403 403 403",
    "assessments:reassessment_initiate":          "L   200 404 200 403 403 403 403 403 403",
    "assessments:request_decide_to_assess":       "L   200 404 200 403 403 403 403 403 403",
    "assessments:request_decline":                "L   200 404 200 403 403 403 403 403 403",
    "assessments:request_detail":                 "L   200 404 200 403 403 403 403 403 200",
    "assessments:request_withdraw":               "L   200 404 200 403 403 403 403 403 403",
    "casework:child_create":                      "L   200 200 200 403 403 403 403 403 200",
    "casework:child_detail":                      "L   200 404 200 403 403 403 403 403 200",
    "casework:child_edit":                        "L   200 404 200 403 403 403 403 403 200",
    "casework:child_history":                     "L   200 404 200 403 403 403 403 403 200",
    "casework:child_list":                        "L   200 200 200 403 403 403 403 403 200",
    "casework:deadline_exception":                "L   200 404 200 403 403 403 403 403 403",
    "casework:family_member_add":                 "L   200 404 200 403 403 403 403 403 200",
    "casework:letters_mark_posted":               "L   405 405 405 403 403 403 403 403 405",
    "casework:letters_to_post":                   "L   200 200 200 403 403 403 403 403 200",
    "casework:letters_to_post_pdf":               "L   200 200 200 403 403 403 403 403 200",
    "casework:note_list":                         "L   200 404 200 403 403 403 403 403 403",
    "casework:note_create":                       "L   200 404 200 403 403 403 403 403 403",
    "casework:document_upload":                   "L   200 404 200 403 403 403 403 403 403",
    "casework:notification_list":                 "L   200 200 200 200 200 403 403 200 200",
    "dashboards:action":                          "L   200 200 200 403 403 403 403 403 200",
    "dashboards:caseloads":                       "L   200 200 200 403 403 403 403 403 200",
    "dashboards:pipeline":                        "L   200 200 200 403 403 403 403 403 200",
    "dashboards:reassign":                        "L   403 403 200 403 403 403 403 403 200",
    "dashboards:sen2_check":                      "L   403 403 200 403 403 403 403 403 200",
    "dashboards:sen2_module_csv":                 "L   403 403 200 403 403 403 403 403 200",
    "dashboards:sen2_xml":                        "L   403 403 200 403 403 403 403 403 200",
    "dashboards:timeliness":                      "L   200 200 200 403 403 403 403 403 200",
    "documents:document_download":                "L   200 404 200 403 403 403 403 403 200",
    "family:case":                                "L   403 403 403 403 403 200 404 403 403",
    "family:documents":                           "L   403 403 403 403 403 200 404 403 403",
    "family:email_settings":                      "L   403 403 403 403 403 200 200 403 403",
    # The first visit exchanges the token for the session and redirects to a URL without
    # it; the emailed token then works for nobody else (it may be in a log).
    "family:invitation_accept":                   "302 404 404 404 404 404 404 404 404 404",
    "family:invitation_continue":                 "404 404 404 404 404 404 404 404 404 404",
    "family:invite":                              "L   200 404 200 403 403 403 403 403 403",
    "family:letter":                              "L   403 403 403 403 403 200 404 403 403",
    "family:parents_access":                      "L   404 404 404 403 403 403 403 403 403",
    "family:plan_pdf":                            "L   403 403 403 403 403 200 404 403 403",
    "family:who_does_what":                       "L   403 403 403 403 403 200 404 403 403",
    "ceasing:cease_now":                          "L   200 404 200 403 403 403 403 403 403",
    "ceasing:consult":                            "L   200 404 200 403 403 403 403 403 403",
    "ceasing:decide_cease":                       "L   409 404 409 403 403 403 403 403 403",
    "ceasing:decide_continue":                    "L   200 404 200 403 403 403 403 403 403",
    "ceasing:detail":                             "L   200 404 200 403 403 403 403 403 200",
    "ceasing:propose":                            "L   302 404 302 403 403 403 403 403 403",
    "disagreements:agreement_add":                "L   409 404 409 403 403 403 403 403 403",
    "disagreements:detail":                       "L   200 404 200 403 403 403 403 403 200",
    "disagreements:list":                         "L   200 200 200 403 403 403 403 403 200",
    "disagreements:order_add":                    "L   200 404 200 403 403 403 403 403 403",
    "disagreements:order_comply":                 "L   200 404 200 403 403 403 403 403 403",
    "disagreements:recommendation_add":           "L   200 404 200 403 403 403 403 403 403",
    "disagreements:record":                       "L   200 404 200 403 403 403 403 403 403",
    "disagreements:step":                         "L   200 404 200 403 403 403 403 403 403",
    "healthz":                                    "200 200 200 200 200 200 200 200 200 200",
    "home":                                       "L   200 200 200 200 200 200 200 200 200",
    "local_offer:manage_comment":                 "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_comment_publish":         "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_comment_withhold":        "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_comments":                "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_item_add":                "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_item_edit":               "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_item_remove":             "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_organization_create":     "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_organization_edit":       "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_organizations":           "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_response":                "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_response_create":         "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_response_publish":        "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_response_unpublish":      "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_responses":               "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_service":                 "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_service_create":          "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_service_edit":            "L   403 403 403 403 403 403 403 200 200",
    "local_offer:manage_service_publish":         "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_service_unpublish":       "L   403 403 403 403 403 403 403 405 405",
    "local_offer:manage_services":                "L   403 403 403 403 403 403 403 200 200",
    "local_offer_public:comment":                 "200 200 200 200 200 200 200 200 200 200",
    "local_offer_public:comment_sent":            "200 200 200 200 200 200 200 200 200 200",
    "local_offer_public:information":             "200 200 200 200 200 200 200 200 200 200",
    "local_offer_public:search":                  "200 200 200 200 200 200 200 200 200 200",
    "local_offer_public:service":                 "200 200 200 200 200 200 200 200 200 200",
    "local_offer_public:you_said_we_did":         "200 200 200 200 200 200 200 200 200 200",
    "oruk:meta":                                  "200 200 200 200 200 200 200 200 200 200",
    "oruk:openapi":                               "200 200 200 200 200 200 200 200 200 200",
    "oruk:organization":                          "200 200 200 200 200 200 200 200 200 200",
    "oruk:organizations":                         "200 200 200 200 200 200 200 200 200 200",
    "oruk:service":                               "200 200 200 200 200 200 200 200 200 200",
    "oruk:service_at_location":                   "200 200 200 200 200 200 200 200 200 200",
    "oruk:service_at_locations":                  "200 200 200 200 200 200 200 200 200 200",
    "oruk:services":                              "200 200 200 200 200 200 200 200 200 200",
    "oruk:taxonomies":                            "200 200 200 200 200 200 200 200 200 200",
    "oruk:taxonomy":                              "200 200 200 200 200 200 200 200 200 200",
    "oruk:taxonomy_term":                         "200 200 200 200 200 200 200 200 200 200",
    "oruk:taxonomy_terms":                        "200 200 200 200 200 200 200 200 200 200",
    "plans:amendment_issue":                      "L   409 404 409 403 403 403 403 403 403",
    "plans:amendment_not":                        "L   409 404 409 403 403 403 403 403 403",
    "plans:amendment_propose":                    "L   409 404 409 403 403 403 403 403 403",
    "plans:amendment_representations":            "L   409 404 409 403 403 403 403 403 403",
    "plans:amendment_start":                      "L   200 404 200 403 403 403 403 403 403",
    "plans:consultation_response":                "L   200 404 200 403 403 403 403 403 403",
    "plans:item_add":                             "L   200 404 200 403 403 403 403 403 403",
    "plans:item_edit":                            "L   200 404 200 403 403 403 403 403 403",
    "plans:item_remove":                          "L   200 404 200 403 403 403 403 403 403",
    "plans:plan_bring_into_force":                "L   200 404 200 403 403 403 403 403 403",
    "plans:plan_consult":                         "L   200 404 200 403 403 403 403 403 403",
    "plans:plan_detail":                          "L   200 404 200 403 403 403 403 403 200",
    "plans:plan_issue_draft":                     "L   200 404 200 403 403 403 403 403 403",
    "plans:plan_issue_final":                     "L   409 404 409 403 403 403 403 403 403",
    "plans:plan_list":                            "L   200 200 200 403 403 403 403 403 200",
    "plans:plan_record_representations":          "L   200 404 200 403 403 403 403 403 403",
    "plans:window_served":                        "L   200 404 200 403 403 403 403 403 403",
    "plans:window_nothing_more":                  "L   200 404 200 403 403 403 403 403 403",
    "plans:window_meeting_requested":             "L   200 404 200 403 403 403 403 403 403",
    "plans:window_meeting_held":                  "L   409 404 409 403 403 403 403 403 403",
    "plans:plan_start":                           "L   200 404 200 403 403 403 403 403 403",
    "plans:plan_withdraw":                        "L   200 404 200 403 403 403 403 403 403",
    "plans:section":                              "L   200 404 200 403 403 403 403 403 403",
    "plans:version_compare":                      "L   200 404 200 403 403 403 403 403 200",
    "plans:version_detail":                       "L   200 404 200 403 403 200 404 403 200",
    "plans:version_pdf":                          "L   200 404 200 403 403 200 404 403 200",
    "plans:version_render":                       "L   405 405 405 403 403 403 403 403 403",
    "reviews:advice_add":                         "L   200 404 200 403 403 403 403 403 403",
    "reviews:advice_receive":                     "L   200 404 200 403 403 403 403 403 403",
    "reviews:papers_sent":                        "L   200 404 200 403 403 403 403 403 403",
    "reviews:participant_add":                    "L   200 404 200 403 403 403 403 403 403",
    "reviews:phase_transfers":                    "L   403 403 200 403 403 403 403 403 200",
    "reviews:review_cancel":                      "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_decide":                      "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_prepare_amendments":          "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_detail":                      "L   200 404 200 403 403 403 403 403 200",
    "reviews:review_frequency":                   "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_hold":                        "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_list":                        "L   200 200 200 403 403 403 403 403 200",
    "reviews:review_report":                      "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_schedule":                    "L   200 404 200 403 403 403 403 403 403",
    "reviews:review_start":                       "L   302 404 302 403 403 403 403 403 403",
    "reviews:transfer_name":                      "L   200 404 200 403 403 403 403 403 403",
    "plans:who_does_what":                        "L   200 404 200 403 403 200 404 403 200",
    "plans:placement_records":                    "L   200 404 200 403 403 403 403 403 403",
    "plans:phase_facts":                          "L   200 404 200 403 403 403 403 403 403",
    "privacy":                                    "200 200 200 200 200 200 200 200 200 200",
}
# fmt: on

# URLs that need other objects than ARGUMENTS gives: the state their page needs.
OVERRIDES = {
    "casework:deadline_exception": {"child_id": "child_assessing"},
    "plans:consultation_response": {"consultation_id": "consultation_pending"},
    "plans:item_add": {"plan_id": "plan_drafting"},
    "plans:item_edit": {"plan_id": "plan_drafting"},
    "plans:item_remove": {"plan_id": "plan_drafting"},
    "plans:plan_consult": {"plan_id": "plan_draft_issued"},
    "plans:plan_issue_draft": {"plan_id": "plan_drafting"},
    "plans:plan_issue_final": {"plan_id": "plan_draft_issued"},
    "plans:plan_record_representations": {"plan_id": "plan_draft_issued"},
    "plans:window_served": {"plan_id": "plan_draft_issued"},
    "plans:window_nothing_more": {"plan_id": "plan_draft_issued"},
    "plans:window_meeting_requested": {"plan_id": "plan_draft_issued"},
    "plans:window_meeting_held": {"plan_id": "plan_draft_issued"},
    "plans:plan_withdraw": {"plan_id": "plan_draft_issued"},
    "plans:section": {"plan_id": "plan_drafting"},
}

# URL argument -> the world object (or literal) that fills it; "namespace:arg" wins.
ARGUMENTS = {
    "child_id": "child",
    "deadline_id": "deadline",
    "document_id": "letter",
    "request_id": "request",
    "assessment_id": "assessment",
    "advice_id": "advice",
    "reviews:review_id": "review",
    "reviews:advice_id": "review_advice",
    "reviews:transfer_id": "phase_transfer",
    "plan_id": "plan",
    "number": "final_version.number",
    "consultation_id": "consultation",
    "code": "=b",
    "item_id": "need",
    "token": "token",
    "accounts:token": "=x",
    "service_id": "service",
    "kind": "=place",
    "local_offer:item_id": "location",
    "slug": "=ehc-needs-assessment",
    "organization_id": "organization",
    "comment_id": "comment",
    "response_id": "response",
    "taxonomy_id": "taxonomy",
    "term_id": "taxonomy_term",
    "link_id": "service_at_location",
    "proposal_id": "proposal",
    "disagreement_id": "disagreement",
    "order_id": "tribunal_order",
    "disagreements:step": "=close",
    "dashboards:user_id": "child.caseworker_id",  # reassign the caseworker's cases
    "dashboards:module": "=person",  # a SEN2 module's CSV
}


def url_arguments():
    """(name, argument names) for every named URL pattern, the admin's aside."""

    def visit(patterns, namespace, inherited):
        for pattern in patterns:
            names = inherited + list(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns != "admin":
                    yield from visit(pattern.url_patterns, ns, names)
            elif pattern.name:
                yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), names

    return dict(visit(get_resolver().url_patterns, "", []))


URL_ARGUMENTS = url_arguments()


def parse(entry: str) -> dict[str, str]:
    values = entry.split()
    assert len(values) == len(ROLES), f"{entry!r} needs {len(ROLES)} outcomes ({ROLES})"
    return dict(zip(ROLES, values, strict=True))


def sample(world, reference: str):
    if reference.startswith("="):
        return reference[1:]
    name, _, attribute = reference.partition(".")
    value = world[name]
    if attribute:
        return getattr(value, attribute)
    return value if isinstance(value, str) else value.pk


def path_for(world, name: str, overrides: dict[str, str]) -> str:
    namespace = name.rpartition(":")[0]
    kwargs = {}
    for argument in URL_ARGUMENTS[name]:
        reference = overrides.get(argument) or ARGUMENTS.get(f"{namespace}:{argument}")
        reference = reference or ARGUMENTS.get(argument)
        if not reference:
            pytest.fail(
                f"{name}: no sample for URL argument {argument!r}: add it to ARGUMENTS in "
                "tests/test_access.py (and the object to tests/world.py)",
                pytrace=False,
            )
        kwargs[argument] = sample(world, reference)
    return reverse(name, kwargs=kwargs)


def outcome(response) -> str:
    if response.status_code == 302 and response.url.startswith("/accounts/login/"):
        return "L"
    return str(response.status_code)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from world_fixture_body(django_db_blocker, tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    """A test client per persona, signed in once for the module."""
    made = {"anon": Client()}
    with django_db_blocker.unblock():
        for role, persona in PERSONA.items():
            made[role] = Client()
            made[role].force_login(world.users[persona])
    return made


VIEWS = {name: view for name, _path, view in ALL_URLS}


def test_the_matrix_agrees_with_what_each_view_declares():
    """Deny by default, checked without a request: a persona whose role a view does not
    declare must be expected to get 403 (anonymous: sent to sign in), whatever the table
    says. A view that declares nothing is refused to everyone."""
    wrong = []
    for name, entry in MATRIX.items():
        view = VIEWS.get(name)
        if view is None or is_public(name, view):
            continue
        expected = parse(entry)
        allowed = getattr(view, "allowed_roles", frozenset())
        if expected["anon"] != "L":
            wrong.append(f"{name}: anonymous must be sent to sign in")
        for role, persona in PERSONA.items():
            persona_role = ROLE_OF[persona]
            if persona_role not in allowed and expected[role] != "403":
                wrong.append(f"{name}: {role} ({persona_role}) is not allowed, so 403")
    assert not wrong, "\n".join(wrong)


ROLE_OF = {
    "caseworker": Role.CASEWORKER,
    "other_caseworker": Role.CASEWORKER,
    "manager": Role.MANAGER,
    "advice_giver": Role.ADVICE_GIVER,
    "advice_giver_not_asked": Role.ADVICE_GIVER,
    "family": Role.FAMILY,
    "other_family": Role.FAMILY,
    "editor": Role.EDITOR,
    "admin": Role.ADMIN,
}


def test_every_url_has_an_entry_in_the_access_matrix():
    missing = sorted(set(URL_ARGUMENTS) - set(MATRIX))
    assert not missing, "URL patterns with no entry in tests/test_access.py MATRIX: " + ", ".join(
        missing
    )
    stale = sorted(set(MATRIX) - set(URL_ARGUMENTS))
    assert not stale, "MATRIX entries for URL names that no longer exist: " + ", ".join(stale)


@pytest.mark.parametrize("name", sorted(URL_ARGUMENTS))
def test_access_matrix(clients, db, world, name):
    path = path_for(world, name, OVERRIDES.get(name, {}))
    if name not in MATRIX:
        seen = " ".join(f"{outcome(clients[role].get(path)):<3}" for role in ROLES)
        pytest.fail(
            f"{name} has no entry in tests/test_access.py MATRIX. What each persona gets now "
            f"(check it, then add the line):\n    {chr(34) + name + chr(34) + ':':<46}"
            f'"{seen.rstrip()}",',
            pytrace=False,
        )
    expected = parse(MATRIX[name])
    wrong = []
    for role in ROLES:
        client = clients[role]
        got = outcome(client.get(path))
        if got != expected[role]:
            wrong.append(f"{role}: expected {expected[role]}, got {got}")
        if expected[role] in {"L", "403", "404"}:
            posted = outcome(client.post(path, {}))
            if posted not in REFUSED:
                wrong.append(f"{role}: POST was not refused ({posted})")
    assert not wrong, f"{name} {path}: " + "; ".join(wrong)


REFUSED = {"L", "403", "404", "405"}
