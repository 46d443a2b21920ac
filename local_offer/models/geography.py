"""Where postcodes are. There is no call to an outside service: the coordinates come from
an ONS Postcode Directory extract loaded by `manage.py import_postcodes`."""

from django.db import models
from django.db.models import Q


class Postcode(models.Model):
    """The centre of a postcode (ONS Postcode Directory: pcds, lat, long)."""

    # Normalised as Location.postcode is: upper case with one space, "ZZ1 1AA".
    postcode = models.CharField(max_length=8, primary_key=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90)
                & Q(latitude__lte=90)
                & Q(longitude__gte=-180)
                & Q(longitude__lte=180),
                name="postcode_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.postcode
