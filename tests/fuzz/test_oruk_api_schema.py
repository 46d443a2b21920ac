"""schemathesis against the ORUK OpenAPI document the API itself serves (the URL that
/api/oruk/ advertises), through Django's WSGI application: no live server, no internet.
Every operation: no 500s, and every response matches its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from local_offer.constants import CATEGORY_TERM_IDS
from tests.local_offer.factories import (
    ContactFactory,
    OrganizationFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
)


@pytest.fixture
def directory(db):
    """A few published services, so list and detail operations have something to show."""
    from local_offer.services.taxonomies import taxonomies_ensure

    taxonomies_ensure()
    organization = OrganizationFactory(name="Example Family Hub")
    codes = list(CATEGORY_TERM_IDS)
    for n, categories in enumerate((codes[:1], codes[1:3], [])):
        service = ServiceFactory(
            organization=organization,
            name=f"Example fuzz service {n}",
            published=True,
            categories=categories or None,
        )
        ServiceAtLocationFactory(service=service)
        ContactFactory(service=service)
        ScheduleFactory(service=service)
    return organization


def test_the_oruk_api_never_fails_and_matches_its_schema(directory):
    advertised = Client().get("/api/oruk/").json()["openapi_url"]
    path = "/" + advertised.split("://", 1)[-1].split("/", 1)[1]
    # As Django's test client does: keep the test's database connection (and so its
    # transaction) open across the WSGI requests, which would otherwise close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(path, get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 10, [op.label for op in operations]
        for operation in operations:
            check_operation(operation)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# No server errors; every status, content type, header and body as documented. (Not
# "positive data acceptance": the document cannot express that proximity needs a postcode,
# so the API's 400 for one without the other is right.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def check_operation(operation):
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call()
        assert response.status_code < 500, f"{case.as_curl_command()} -> {response.status_code}"
        case.validate_response(response, checks=CHECKS)

    run()
