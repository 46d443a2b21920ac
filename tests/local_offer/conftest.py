import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from local_offer.services.taxonomies import taxonomies_ensure


@pytest.fixture(autouse=True)
def _standard_taxonomies(request):
    """Transactional tests (browser tests, here and elsewhere) empty every table when they
    end, the categories that migration 0003 created included; put them back."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    taxonomies_ensure()


def local_offer_queries(client, path: str) -> list[str]:
    """The SQL a page sends to the local offer's tables (not sessions, users or layout)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries if "local_offer_" in query["sql"]]
