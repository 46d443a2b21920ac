"""Postcode coordinates: loading them, and giving locations saved without coordinates
their postcode's (so that they can be found by distance)."""

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import OuterRef, Subquery

from local_offer.geography import coordinates_for, valid_postcode
from local_offer.models import Location, Postcode

POSTCODE_BATCH = 5_000
# The ONS Postcode Directory gives postcodes without a grid reference these coordinates.
ONSPD_NO_COORDINATES = (Decimal("99.999999"), Decimal("0.000000"))
SIX_PLACES = Decimal("0.000001")


def postcode_row(postcode: str, latitude: str, longitude: str) -> Postcode | None:
    """A Postcode from one CSV row, or None if the row is malformed or has no coordinates."""
    postcode = valid_postcode(postcode or "")
    try:
        point = (
            Decimal(latitude.strip()).quantize(SIX_PLACES),
            Decimal(longitude.strip()).quantize(SIX_PLACES),
        )
    except (InvalidOperation, AttributeError):
        return None
    if postcode is None or point == ONSPD_NO_COORDINATES:
        return None
    if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return None
    return Postcode(postcode=postcode, latitude=point[0], longitude=point[1])


@transaction.atomic
def postcodes_upsert(rows: Iterable[Postcode]) -> int:
    """Insert or update postcodes by postcode (the last row of a duplicate wins)."""
    unique = {row.postcode: row for row in rows}
    Postcode.objects.bulk_create(
        unique.values(),
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["latitude", "longitude"],
    )
    return len(unique)


@transaction.atomic
def locations_fill_coordinates() -> int:
    """Give every location without coordinates its postcode's, where the table knows it."""
    known = Postcode.objects.filter(pk=OuterRef("postcode"))
    return (
        Location.objects.filter(latitude__isnull=True, longitude__isnull=True)
        .filter(postcode__in=Postcode.objects.values("pk"))
        .update(
            latitude=Subquery(known.values("latitude")[:1]),
            longitude=Subquery(known.values("longitude")[:1]),
        )
    )


def location_coordinates_default(location: Location) -> None:
    """Before saving a location without coordinates: take its postcode's, when known."""
    if location.latitude is None and location.longitude is None and location.postcode:
        found = coordinates_for(location.postcode)
        if found is not None:
            location.latitude, location.longitude = found
