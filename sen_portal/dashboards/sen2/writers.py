"""Write the return: the XML of the DfE specification, and a CSV file per module. Both
stream: children are read in chunks (selection.CHUNK) and written as they come, so
memory does not grow with the number of children."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.sax.saxutils import XMLGenerator

from django.conf import settings
from django.utils import timezone

from sen_portal import csv_safe
from sen_portal.dashboards.selectors import Scope
from sen_portal.dashboards.sen2.records import (
    ACTIVE_PLANS,
    ASSESSMENTS,
    MODULES,
    NAMED_PLANS,
    PERSON,
    PLACEMENT_DETAIL,
    PLACEMENTS,
    REQUESTS,
    SEN_NEED,
    Module,
    PersonRecord,
    person_records,
)
from sen_portal.dashboards.sen2.selection import CHUNK, children_for_return


def _records(census_date: datetime.date, scope: Scope | None) -> Iterator[PersonRecord]:
    children = children_for_return(census_date, scope).iterator(chunk_size=CHUNK)
    return person_records(children, census_date)


ALWAYS_WRITTEN = frozenset({"Surname", "Forename", "PostCode"})


class _Xml:
    def __init__(self, out: IO[str]) -> None:
        self.xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def open(self, name: str) -> None:
        self.xml.startElement(name, {})

    def close(self, name: str) -> None:
        self.xml.endElement(name)

    def items(self, values: dict[str, str]) -> None:
        """An item with no value is left out rather than written empty, except the
        person's names and postcode, which SEN2_schema_2024.xsd PersonType always has
        (as strings that may be empty)."""
        for name, value in values.items():
            if value in (None, "") and name not in ALWAYS_WRITTEN:
                continue
            self.xml.startElement(name, {})
            self.xml.characters(str(value))
            self.xml.endElement(name)

    def element(self, name: str, values: dict[str, str]) -> None:
        self.open(name)
        self.items(values)
        self.close(name)


def _write_person(w: _Xml, record: PersonRecord) -> None:
    """Person → Requests (one element per request) → Assessment → NamedPlan →
    PlanDetail; Requests → ActivePlans → PlacementDetail, SENneed. The nesting of the
    DfE technical specification, as public readers of COLLECT files read it (a
    <Requests> element per request: MastodonC/witan.sen2's module hierarchy, and a
    public SEN2 XML-to-CSV reader that finds every <Requests> under <Person>)."""
    w.open("Person")
    w.items(record.person)
    for row in record.requests:
        w.open("Requests")
        w.items(row.request)
        if row.assessment is not None:
            w.open("Assessment")
            w.items(row.assessment)
            if row.named_plan is not None:
                # StartDate, then PlanDetail, then the rest (NamedPlanType).
                start, *rest = row.named_plan.items()
                w.open("NamedPlan")
                w.items(dict([start]))
                if row.placement is not None:
                    w.element("PlanDetail", row.placement)
                w.items(dict(rest))
                w.close("NamedPlan")
            w.close("Assessment")
        if row.active_plan is not None:
            # TransferLA, PlacementDetail, SENneed, then the rest (ActivePlansType).
            transfer, *rest = row.active_plan.items()
            w.open("ActivePlans")
            w.items(dict([transfer]))
            for placement in row.placement_details:
                w.element("PlacementDetail", placement)
            for need in row.sen_needs:
                w.element("SENneed", need)
            w.items(dict(rest))
            w.close("ActivePlans")
        w.close("Requests")
    w.close("Person")


def header_source(*, serial_no: int, now: datetime.datetime | None = None) -> dict[str, str]:
    """The Header's Source block (SEN2_schema_2024.xsd SourceType, liia-tools 81996262):
    SourceLevel L (a local authority's return), the council's LA code and this
    software's identity (settings.SEN2_*), the file's serial number (at least 3 digits),
    when it was made, and whether the area has a designated medical, clinical and social
    care officer (DMO, DCO, DSCO: settings.SEN2_DMO, _DCO, _DSCO; sen2_codes.
    DesignatedOfficer). DSCO is not in the 2024 xsd: voluntary in 2025 and compulsory
    in 2026 (liia-tools-pipeline sen2_schema_2025/2026.xsd), written after DCO."""
    now = now or timezone.localtime()
    return {
        "SourceLevel": "L",
        "LEA": settings.SEN2_LA_CODE,
        "SoftwareCode": settings.SEN2_SOFTWARE_CODE,
        "Release": settings.SEN2_RELEASE,
        "SerialNo": f"{serial_no:03d}",
        "DateTime": now.replace(microsecond=0, tzinfo=None).isoformat(),
        "DMO": settings.SEN2_DMO,
        "DCO": settings.SEN2_DCO,
        "DSCO": settings.SEN2_DSCO,
    }


class _Buffer(io.StringIO):
    """A text file for XMLGenerator whose text is taken away after each person."""

    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate(0)
        return text


def iter_return(
    *,
    census_date: datetime.date,
    scope: Scope | None = None,
    serial_no: int = 1,
    now: datetime.datetime | None = None,
    counter: list[int] | None = None,
) -> Iterator[str]:
    """The XML return as text, a person at a time (for a streamed download). Counts the
    people written into ``counter[0]`` if given."""
    buffer = _Buffer()
    w = _Xml(buffer)
    w.xml.startDocument()
    w.open("Message")
    w.open("Header")
    w.element(
        "CollectionDetails",
        {
            "Collection": "SEN2",
            "Year": str(census_date.year),
            "ReferenceDate": census_date.isoformat(),
        },
    )
    w.element("Source", header_source(serial_no=serial_no, now=now))
    w.close("Header")
    w.open("Persons")
    yield buffer.take()
    for record in _records(census_date, scope):
        _write_person(w, record)
        if counter is not None:
            counter[0] += 1
        yield buffer.take()
    w.close("Persons")
    w.close("Message")
    w.xml.endDocument()
    yield buffer.take()


def write_return(
    out: IO[str],
    *,
    census_date: datetime.date,
    scope: Scope | None = None,
    serial_no: int = 1,
    now: datetime.datetime | None = None,
) -> int:
    """Stream the XML return to ``out``; returns the number of people written."""
    counter = [0]
    for text in iter_return(
        census_date=census_date, scope=scope, serial_no=serial_no, now=now, counter=counter
    ):
        out.write(text)
    return counter[0]


# --- CSV ---------------------------------------------------------------------------------


def header(module: Module) -> list[str]:
    return [*module.keys, *module.items]


def _rows_of(module: Module, record: PersonRecord) -> Iterator[list[str]]:
    if module is PERSON:
        yield [record.key, *(record.person[item] for item in module.items)]
        return
    part = {
        REQUESTS: "request",
        ASSESSMENTS: "assessment",
        NAMED_PLANS: "named_plan",
        PLACEMENTS: "placement",
        ACTIVE_PLANS: "active_plan",
        PLACEMENT_DETAIL: "placement_details",
        SEN_NEED: "sen_needs",
    }[module]
    for row in record.requests:
        values = getattr(row, part)
        for one in values if isinstance(values, list) else [values]:
            if one is not None:
                yield [record.key, row.key, *(one[item] for item in module.items)]


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
