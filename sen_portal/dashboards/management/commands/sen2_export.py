"""python manage.py sen2_export --census-date YYYY-MM-DD --output FILE
python manage.py sen2_export --census-date YYYY-MM-DD --format csv --output DIR

Checks the return first and lists every case that would be rejected (with the path of
its case page), then streams the person-level XML to FILE, or a CSV file per module
(person.csv, requests.csv, assessments.csv, named_plans.csv, placements.csv) into DIR.
Memory stays flat: children are read in chunks (sen2.CHUNK) and written as they come."""

from __future__ import annotations

import datetime
import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sen_portal.casework.services import data_export_record
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope


def _census_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--census-date must be YYYY-MM-DD, not {value!r}") from error


class Command(BaseCommand):
    help = "Validate and write the SEN2 person-level return as XML, or as a CSV per module."

    def add_arguments(self, parser):
        parser.add_argument("--census-date", required=True, type=str)
        parser.add_argument(
            "--output", required=True, type=str, help="A file for XML, a directory for CSV"
        )
        parser.add_argument("--format", choices=["xml", "csv"], default="xml")
        parser.add_argument(
            "--serial-no", type=int, default=1, help="The file's SerialNo: 1, then 2, ..."
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Write the XML although cases would be rejected (the file is named as a draft)",
        )

    def handle(self, *args, census_date: str, output: str, **options):
        census = _census_date(census_date)
        path = Path(output)
        if options["format"] == "csv" and path.exists() and not path.is_dir():
            raise CommandError(f"--output must be a directory for CSV files: {output} is a file")
        if options["format"] == "xml" and path.is_dir():
            raise CommandError(f"--output must be a file for XML: {output} is a directory")
        found = self.report_problems(census)
        if options["format"] == "xml" and found and not options["draft"]:
            # Not mistaken for ready: an XML with errors is only written on request.
            raise CommandError(
                f"{found} {'case' if found == 1 else 'cases'} would be rejected by COLLECT "
                "(listed above): fix them, or add --draft to write a draft anyway"
            )
        # Every child's name, date of birth, postcode and UPN: who took it is logged.
        data_export_record(
            by=f"{getpass.getuser()} (manage.py sen2_export)",
            what=f"SEN2 {options['format']} for {census.isoformat()}: {output}",
            scope="All teams",
        )
        if options["format"] == "csv":
            written, paths = sen2.write_csv_files(path, census_date=census)
            where = ", ".join(p.name for p in paths) + f" in {output}"
        else:
            with path.open("w", encoding="utf-8") as out:
                written = sen2.write_return(out, census_date=census, serial_no=options["serial_no"])
            where = output
        self.stdout.write(
            f"Wrote {written} {'person' if written == 1 else 'people'} to {where}; "
            f"{found} would be rejected until fixed"
            + (" (a DRAFT, not ready for COLLECT)." if found else ".")
        )

    def report_problems(self, census: datetime.date) -> int:
        children = sen2.children_with_problems(scope=Scope(label="All teams"), census_date=census)
        found = 0
        for problem in sen2.problems(children.iterator(chunk_size=sen2.CHUNK)):
            found += bool(problem.rules)
            for finding in problem.findings:
                kind = "error" if finding.error else "query"
                self.stderr.write(
                    f"{problem.child.la_reference} {finding.url}: {kind}: {finding.label}"
                )
        return found
