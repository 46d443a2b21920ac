"""Distances for "services near a postcode", computed by the database.

The great-circle (haversine) distance is an SQL expression, so a page filters and sorts by
distance in one query. A bounding box on the indexed coordinates narrows the rows first;
the haversine then keeps those really within range (the box's corners are further away).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.db.models import F, FloatField, Func, Q, Value
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt

from local_offer.models import Postcode
from local_offer.models.directory import UK_POSTCODE, normalise_postcode

# Mean radius of the Earth (IUGG), in metres.
EARTH_RADIUS_M = 6_371_008.8
METRES_PER_MILE = 1609.344
# One degree of latitude, in metres (near enough everywhere for a bounding box).
METRES_PER_DEGREE = 111_195.0
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


class UnknownPostcode(ValueError):
    pass


def valid_postcode(value: str) -> str | None:
    """The postcode normalised ("zz11aa" is "ZZ1 1AA"), or None if it cannot be one."""
    postcode = normalise_postcode(value)
    return postcode if UK_POSTCODE.regex.match(postcode) else None


def postcode_point(value: str) -> Point:
    """Where a postcode is. Raises UnknownPostcode if it is malformed or not in the table."""
    postcode = valid_postcode(value)
    row = (
        Postcode.objects.filter(pk=postcode).values_list("latitude", "longitude").first()
        if postcode
        else None
    )
    if row is None:
        raise UnknownPostcode(postcode or value)
    return Point(float(row[0]), float(row[1]))


def coordinates_for(postcode: str) -> tuple[Decimal, Decimal] | None:
    """The coordinates to give a location saved without them, from its postcode."""
    return (
        Postcode.objects.filter(pk=normalise_postcode(postcode))
        .values_list("latitude", "longitude")
        .first()
    )


def within_box(origin: Point, metres: float, prefix: str = "") -> Q:
    """Rows whose coordinates are in the square around `origin` that holds the circle."""
    delta_latitude = metres / METRES_PER_DEGREE
    cos_latitude = max(math.cos(math.radians(origin.latitude)), 0.01)
    delta_longitude = min(metres / (METRES_PER_DEGREE * cos_latitude), 180.0)

    def bound(value: float, rounding) -> Decimal:
        return Decimal(repr(value)).quantize(SIX_PLACES, rounding=rounding)

    return Q(
        **{
            f"{prefix}latitude__gte": bound(origin.latitude - delta_latitude, ROUND_FLOOR),
            f"{prefix}latitude__lte": bound(origin.latitude + delta_latitude, ROUND_CEILING),
            f"{prefix}longitude__gte": bound(origin.longitude - delta_longitude, ROUND_FLOOR),
            f"{prefix}longitude__lte": bound(origin.longitude + delta_longitude, ROUND_CEILING),
        }
    )


def distance_metres(origin: Point, prefix: str = "") -> Func:
    """Haversine distance in metres from `origin` to the row's latitude and longitude."""
    latitude = Radians(Cast(F(f"{prefix}latitude"), FloatField()))
    longitude = Radians(Cast(F(f"{prefix}longitude"), FloatField()))
    origin_latitude = math.radians(origin.latitude)
    origin_longitude = math.radians(origin.longitude)
    half_chord = Power(Sin((latitude - Value(origin_latitude)) / Value(2.0)), 2) + Value(
        math.cos(origin_latitude)
    ) * Cos(latitude) * Power(Sin((longitude - Value(origin_longitude)) / Value(2.0)), 2)
    # Rounding can push the sum a hair above 1 for antipodes; asin would then fail.
    return Value(2 * EARTH_RADIUS_M) * ASin(
        Sqrt(Least(half_chord, Value(1.0), output_field=FloatField()))
    )
