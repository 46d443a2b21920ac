"""`manage.py create_reviews`: what the daily job does, on demand (and for a given day)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reviews.services import phase_transfers_identify, reviews_create_due


class Command(BaseCommand):
    help = (
        "Start the annual reviews falling due within the next term, and record the phase "
        "transfers of the coming September with their Reg 18 deadlines. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Run as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--transfer-year", type=int, help="Phase transfers in September of this year"
        )

    def handle(self, *args, **options):
        on = None
        if options["on"]:
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError("--on must be a date, for example 2026-09-01") from None
        transfers = phase_transfers_identify(transfer_year=options["transfer_year"], on=on)
        result = reviews_create_due(on=on)
        self.stdout.write(
            f"Reviews started: {result.created}; cancelled: {result.cancelled}; "
            f"phase transfers recorded: {transfers}"
        )
