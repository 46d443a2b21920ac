"""Load services from an Open Referral UK 3.0 / HSDS 3.0 feed.

    python manage.py import_oruk services.json [--dry-run]
    python manage.py import_oruk https://directory.example.org/api/oruk [--dry-run]

A file may hold a page envelope, an array of services, a single service, an organisation
with its services, or a service at a location; or organisations, taxonomies (with their
terms) or taxonomy terms on their own (a feed of /organizations, /taxonomies or
/taxonomy_terms), which are created or updated by id. A file is read as a stream. A URL
is an ORUK API's base: the command pages through its /services, fully nested. Items are
upserted by id in batches of 500
(one transaction and about 30 queries a batch; a batch the database refuses is retried
service by service); running the command twice changes nothing. It lists what it created,
updated, left unchanged and could not import (with the reason), and the warnings that
keep a service as a draft for an editor; it exits with status 1 (CommandError) when an
item could not be imported, or the feed holds nothing it can import. --dry-run does all
of it in one transaction that it rolls back: it reports what the import would do, and
writes nothing.
"""

from itertools import chain
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from local_offer.services.oruk_feeds import api_pages, read_file
from local_offer.services.oruk_import import ImportProblem, ImportReport, import_services


class Command(BaseCommand):
    help = "Import services from an Open Referral UK feed (file or API URL), upserting by id."

    def add_arguments(self, parser):
        parser.add_argument("source", help="A JSON file, or the base URL of an ORUK API")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing"
        )

    def handle(self, *args, source: str, dry_run: bool, **options):
        report = ImportReport()
        try:
            if source.startswith(("http://", "https://")):
                # One stream of services across the pages: batches (and a dry run's
                # transaction) span them.
                services = chain.from_iterable(api_pages(source))
                import_services(services, dry_run=dry_run, report=report)
            else:
                path = Path(source)
                if not path.is_file():
                    raise CommandError(f"No such file: {path}")
                import_services(read_file(path), dry_run=dry_run, report=report)
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        for label, reason in report.failures:
            self.stderr.write(f"Not imported: {label}: {reason}")
        for label, warning in report.warnings:
            self.stderr.write(f"Warning: {label}: {warning}")
        style = self.style.ERROR if report.failures else self.style.SUCCESS
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(style(prefix + report.summary()))
        if report.failures:
            # Exit status 1, so that a scheduled import that lost services is noticed.
            kinds = "services" if report.services_failed_only else "items"
            raise CommandError(f"{len(report.failures)} {kinds} could not be imported")
