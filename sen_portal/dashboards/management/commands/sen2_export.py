"""python manage.py sen2_export --census-date YYYY-MM-DD --output FILE

Checks the return first and lists every case that would be rejected (with the path of
its case page), then streams the person-level XML to FILE. Memory stays flat: children
are read in chunks (sen2.CHUNK) and written as they come."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope


def _census_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--census-date must be YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Validate and write the SEN2 person-level return as XML."

    def add_arguments(self, parser):
        parser.add_argument("--census-date", required=True, type=str)
        parser.add_argument("--output", required=True, type=str)

    def handle(self, *args, census_date: str, output: str, **options):
        census = _census_date(census_date)
        found = self.report_problems(census)
        with open(output, "w", encoding="utf-8") as out:
            written = sen2.write_return(out, census_date=census)
        self.stdout.write(
            f"Wrote {written} {'person' if written == 1 else 'people'} to {output}; "
            f"{found} would be rejected until fixed."
        )

    def report_problems(self, census: datetime.date) -> int:
        children = sen2.children_with_problems(scope=Scope(label="All teams"), census_date=census)
        found = 0
        for problem in sen2.problems(children.iterator(chunk_size=sen2.CHUNK)):
            found += 1
            path = reverse("casework:child_detail", args=[problem.child.pk])
            self.stderr.write(f"{problem.child.la_reference} {path}: {'; '.join(problem.rules)}")
        return found
