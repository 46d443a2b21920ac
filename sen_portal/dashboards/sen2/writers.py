"""Write the return: the XML of the DfE specification, and a CSV file per module. Both
stream: children are read in chunks (selection.CHUNK) and written as they come, so
memory does not grow with the number of children."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

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
from sen_portal.dashboards.sen2.selection import children_for_return


def _records(census_date: datetime.date, scope: Scope | None) -> Iterator[PersonRecord]:
    return person_records(children_for_return(census_date, scope), census_date)


ALWAYS_WRITTEN = frozenset({"Surname", "Forename", "PostCode"})


def _items(out: list[str], values: dict[str, str]) -> None:
    """An item with no value is left out rather than written empty, except the person's
    names and postcode, which SEN2_schema_2024.xsd PersonType always has (as strings that
    may be empty: an empty element, <PostCode/>). Text is escaped as
    xml.sax.saxutils.XMLGenerator escapes it (&, < and >)."""
    for name, value in values.items():
        if value is None or value == "":
            if name in ALWAYS_WRITTEN:
                out.append(f"<{name}/>")
            continue
        out.append(f"<{name}>{escape(str(value))}</{name}>")


def _element(out: list[str], name: str, values: dict[str, str]) -> None:
    """<name> with its items, or <name/> when it has none."""
    at = len(out)
    _items(out, values)
    _wrap(out, name, at)


def _wrap(out: list[str], name: str, at: int) -> None:
    """Wrap what was written since ``at`` in <name>...</name>, or write <name/>."""
    if len(out) == at:
        out.append(f"<{name}/>")
    else:
        out.insert(at, f"<{name}>")
        out.append(f"</{name}>")


def _person_xml(record: PersonRecord) -> str:
    """Person → Requests (one element per request) → Assessment → NamedPlan →
    PlanDetail; Requests → ActivePlans → PlacementDetail, SENneed. The nesting of the
    DfE technical specification, as public readers of COLLECT files read it (a
    <Requests> element per request: MastodonC/witan.sen2's module hierarchy, and a
    public SEN2 XML-to-CSV reader that finds every <Requests> under <Person>).

    Written as strings (an XMLGenerator call per element was a fifth of the export):
    the same bytes, which tests/dashboards/test_sen2_writer.py checks against
    XMLGenerator."""
    out = ["<Person>"]
    _items(out, record.person)
    for row in record.requests:
        at_request = len(out)
        _items(out, row.request)
        if row.assessment is not None:
            at_assessment = len(out)
            _items(out, row.assessment)
            if row.named_plan is not None:
                # StartDate, then PlanDetail, then the rest (NamedPlanType).
                start, *rest = row.named_plan.items()
                at_plan = len(out)
                _items(out, dict([start]))
                if row.placement is not None:
                    _element(out, "PlanDetail", row.placement)
                _items(out, dict(rest))
                _wrap(out, "NamedPlan", at_plan)
            _wrap(out, "Assessment", at_assessment)
        if row.active_plan is not None:
            # TransferLA, PlacementDetail, SENneed, then the rest (ActivePlansType).
            transfer, *rest = row.active_plan.items()
            at_active = len(out)
            _items(out, dict([transfer]))
            for placement in row.placement_details:
                _element(out, "PlacementDetail", placement)
            for need in row.sen_needs:
                _element(out, "SENneed", need)
            _items(out, dict(rest))
            _wrap(out, "ActivePlans", at_active)
        _wrap(out, "Requests", at_request)
    out.append("</Person>")
    return "".join(out)


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
    head = ['<?xml version="1.0" encoding="utf-8"?>\n<Message><Header>']
    _element(
        head,
        "CollectionDetails",
        {
            "Collection": "SEN2",
            "Year": str(census_date.year),
            "ReferenceDate": census_date.isoformat(),
        },
    )
    _element(head, "Source", header_source(serial_no=serial_no, now=now))
    head.append("</Header>")
    yield "".join(head)
    persons = "<Persons>"  # written with the first person: <Persons/> when there is none
    for record in _records(census_date, scope):
        if counter is not None:
            counter[0] += 1
        yield persons + _person_xml(record)
        persons = ""
    yield ("</Persons>" if not persons else "<Persons/>") + "</Message>"


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
