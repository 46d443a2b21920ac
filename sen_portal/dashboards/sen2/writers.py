"""Write the return: the XML of the DfE specification, and a CSV file per module. Both
stream: children are read in chunks (selection.CHUNK) and written as they come, so
memory does not grow with the number of children."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.sax.saxutils import XMLGenerator

from sen_portal import csv_safe
from sen_portal.dashboards.selectors import Scope
from sen_portal.dashboards.sen2.records import (
    ACTIVE_PLANS,
    ASSESSMENTS,
    MODULES,
    NAMED_PLANS,
    PERSON,
    PLACEMENTS,
    REQUESTS,
    Module,
    PersonRecord,
    person_records,
)
from sen_portal.dashboards.sen2.selection import CHUNK, children_for_return


def _records(census_date: datetime.date, scope: Scope | None) -> Iterator[PersonRecord]:
    children = children_for_return(census_date, scope).iterator(chunk_size=CHUNK)
    return person_records(children, census_date)


class _Xml:
    def __init__(self, out: IO[str]) -> None:
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def open(self, name: str) -> None:
        self.xml.startElement(name, {})

    def close(self, name: str) -> None:
        self.xml.endElement(name)

    def items(self, values: dict[str, str]) -> None:
        """An item with no value is left out rather than written empty."""
        for name, value in values.items():
            if value in (None, ""):
                continue
            self.xml.startElement(name, {})
            self.xml.characters(str(value))
            self.xml.endElement(name)


def _write_person(w: _Xml, record: PersonRecord) -> None:
    w.open("Person")
    w.items(record.person)
    w.open("Requests")
    for row in record.requests:
        w.open("Request")
        w.items(row.request)
        if row.assessment is not None:
            w.open("Assessment")
            w.items(row.assessment)
            if row.named_plan is not None:
                w.open("NamedPlan")
                w.items(row.named_plan)
                if row.placement is not None:
                    w.open("PlanDetail")
                    w.items(row.placement)
                    w.close("PlanDetail")
                w.close("NamedPlan")
            w.close("Assessment")
        if row.active_plan is not None:
            w.open("ActivePlans")
            w.items(row.active_plan)
            w.close("ActivePlans")
        w.close("Request")
    w.close("Requests")
    w.close("Person")


def write_return(out: IO[str], *, census_date: datetime.date, scope: Scope | None = None) -> int:
    """Stream the XML return to ``out``; returns the number of people written."""
    w = _Xml(out)
    w.xml.startDocument()
    w.open("Message")
    w.open("Header")
    w.open("CollectionDetails")
    w.items(
        {
            "Collection": "SEN2",
            "Year": str(census_date.year),
            "ReferenceDate": census_date.isoformat(),
        }
    )
    w.close("CollectionDetails")
    w.close("Header")
    w.open("Persons")
    count = 0
    for record in _records(census_date, scope):
        _write_person(w, record)
        count += 1
    w.close("Persons")
    w.close("Message")
    w.xml.endDocument()
    return count


# --- CSV ---------------------------------------------------------------------------------


def header(module: Module) -> list[str]:
    return [*module.keys, *module.items]


def _rows_of(module: Module, record: PersonRecord) -> Iterator[list[str]]:
    if module is PERSON:
        yield [record.key, *record.person.values()]
        return
    part = {
        REQUESTS: "request",
        ASSESSMENTS: "assessment",
        NAMED_PLANS: "named_plan",
        PLACEMENTS: "placement",
        ACTIVE_PLANS: "active_plan",
    }[module]
    for row in record.requests:
        values = getattr(row, part)
        if values is not None:
            yield [record.key, row.key, *values.values()]


def module_rows(
    name: str, *, census_date: datetime.date, scope: Scope | None = None
) -> Iterator[list[str]]:
    """The header, then one row per person (person module) or per request, assessment,
    named plan or placement (the others), keyed by the LA reference and a request
    number so the files join up."""
    module = MODULES[name]
    yield header(module)
    for record in _records(census_date, scope):
        yield from _rows_of(module, record)


def write_csv_files(
    directory: Path, *, census_date: datetime.date, scope: Scope | None = None
) -> tuple[int, list[Path]]:
    """Write <module>.csv for every module into ``directory`` in one pass over the
    children; returns the number of people and the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"{name}.csv" for name in MODULES]
    files = [path.open("w", encoding="utf-8", newline="") for path in paths]
    try:
        writers = {
            module: csv_safe.writer(file)
            for module, file in zip(MODULES.values(), files, strict=True)
        }
        for module, writer in writers.items():
            writer.writerow(header(module))
        count = 0
        for record in _records(census_date, scope):
            for module, writer in writers.items():
                writer.writerows(_rows_of(module, record))
            count += 1
    finally:
        for file in files:
            file.close()
    return count, paths
