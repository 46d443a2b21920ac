"""Load services from an Open Referral UK 3.0 JSON export.

    python manage.py import_oruk services.json

The file holds an array of fully nested services, or a page envelope whose `contents` are
fully nested services. Each service is upserted by id in its own transaction; running the
command twice changes nothing. Services it cannot import are listed with the reason.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from local_offer.services.oruk_import import ImportProblem, oruk_import


class Command(BaseCommand):
    help = "Import services from an Open Referral UK JSON export, upserting by id."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            document = json.loads(file.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not JSON: {error}") from None
        try:
            report = oruk_import(document)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        for service_id, reason in report.failures:
            self.stderr.write(f"Not imported: service {service_id}: {reason}")
        style = self.style.WARNING if report.failures else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
