"""Load postcode coordinates from an ONS Postcode Directory style CSV (columns pcds, lat, long).

    python manage.py import_postcodes ONSPD.csv

Upserts by postcode, in batches, so a full directory (2.7 million rows) loads in one pass
and running it twice changes nothing. Rows without coordinates (the ONSPD gives terminated
or non-geographic postcodes 99.999999, 0.000000) and malformed rows are counted and
skipped. Then the locations saved without coordinates are given their postcode's.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from local_offer.services.geography import (
    POSTCODE_BATCH,
    locations_fill_coordinates,
    postcode_row,
    postcodes_upsert,
)


class Command(BaseCommand):
    help = "Load postcode coordinates from an ONS Postcode Directory CSV (pcds, lat, long)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        loaded = skipped = 0
        batch = []
        with file.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"pcds", "lat", "long"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(
                    "The file needs the columns pcds, lat and long; it has no "
                    + ", ".join(sorted(missing))
                )
            for record in reader:
                row = postcode_row(record["pcds"], record["lat"], record["long"])
                if row is None:
                    skipped += 1
                    continue
                batch.append(row)
                if len(batch) >= POSTCODE_BATCH:
                    loaded += postcodes_upsert(batch)
                    batch = []
        if batch:
            loaded += postcodes_upsert(batch)
        filled = locations_fill_coordinates()
        self.stdout.write(
            self.style.SUCCESS(
                f"{loaded} postcodes loaded, {skipped} skipped (no coordinates or malformed); "
                f"{filled} location{'' if filled == 1 else 's'} given coordinates."
            )
        )
