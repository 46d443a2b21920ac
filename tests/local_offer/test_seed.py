import pytest
from django.core.management import CommandError, call_command

from local_offer.models import (
    Comment,
    CommentResponse,
    LocalOfferChange,
    Location,
    Postcode,
    Service,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    return {
        "entries": Service.objects.count(),
        "published": Service.objects.published().count(),
        "stale": Service.objects.stale().count(),
        "comments": Comment.objects.count(),
        "responses": CommentResponse.objects.filter(status="published").count(),
        "changes": LocalOfferChange.objects.count(),
    }


def test_the_seed_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_local_offer")
    assert not Service.objects.exists()


def test_the_seed_loads_published_drafts_and_stale_entries_once(settings, client):
    settings.DEBUG = False
    call_command("seed_local_offer", force=True)
    first = snapshot()
    assert first["entries"] > first["published"] > 0  # some entries are drafts
    assert first["stale"] > 0  # some are past their review-by date
    assert first["comments"] > 0 and first["responses"] > 0
    call_command("seed_local_offer", force=True)
    assert snapshot() == first
    # The demo directory is searchable and "you said, we did" has content.
    assert "Independent travel training" in client.get("/local-offer/?q=travel").text
    assert "We funded Riverside" in client.get("/local-offer/you-said-we-did/").text


def test_the_seed_places_its_postcodes_so_families_can_search_by_distance(settings, client):
    settings.DEBUG = False
    call_command("seed_local_offer", force=True)
    # The college's campus was entered without coordinates: it has its postcode's.
    assert Location.objects.filter(latitude__isnull=True).count() == 0
    response = client.get("/local-offer/", {"postcode": "ZZ1 1AA", "distance": 1})
    names = [service.name for service in response.context["page"].object_list]
    assert names[0] == "SEND information, advice and support"  # at ZZ1 1AA itself
    assert "Saturday Club short breaks" not in names  # Eastbridge is 4 miles away
    assert Postcode.objects.count() == 7
