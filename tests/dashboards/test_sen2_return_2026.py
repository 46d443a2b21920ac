"""The 2026 return as COLLECT reads it: the Source header, every module with its nested
elements (one <Requests> per request; placement detail and SEN need under the active
plan), the census rule (nothing dated after the reference date), and the CSV files
matching the XML item for item."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.test import override_settings

from plans.models import Need, PlacementRecord, Plan
from sen_portal.dashboards import sen2

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)


def export_xml(tmp_path) -> ET.Element:
    path = tmp_path / "sen2.xml"
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(path),
                 stderr=io.StringIO(), stdout=io.StringIO(), serial_no=7)  # fmt: skip
    return ET.parse(path).getroot()  # noqa: S314 - our own output, written just above


@override_settings(SEN2_LA_CODE="873", SEN2_SOFTWARE_CODE="TESTSW", SEN2_RELEASE="1.2")
def test_the_header_carries_the_source_block(tmp_path, team, make_case):
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789012")
    source = export_xml(tmp_path).find("Header/Source")
    assert [item.tag for item in source] == [
        "SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime", "DMO", "DCO",
        "DSCO",
    ]  # fmt: skip
    assert source.findtext("LEA") == "873" and source.findtext("SoftwareCode") == "TESTSW"
    assert source.findtext("Release") == "1.2" and source.findtext("SerialNo") == "007"
    assert source.findtext("SourceLevel") == "L"
    datetime.datetime.fromisoformat(source.findtext("DateTime"))


def test_an_active_plan_carries_its_placements_and_ranked_needs(tmp_path, team, make_case):
    child = make_case(team, received_on=d(2024, 1, 8), plan_on=d(2024, 5, 20),
                      upn="A123456789012", plan={"residential": "B",
                                                 "transferred_from_la": "873"})  # fmt: skip
    plan = Plan.objects.get(child=child)
    Need.objects.create(plan=plan, area="semh", description="Fictional anxiety",
                        sen_type="SEMH", sen_type_rank=2)  # fmt: skip
    # Left the school in the year; home educated since.
    PlacementRecord.objects.filter(plan=plan).update(leaving_date=d(2025, 9, 30))
    PlacementRecord.objects.create(plan=plan, sen_setting="EHE", entry_date=d(2025, 10, 1))
    request = export_xml(tmp_path).find("Persons/Person/Requests")
    active = request.find("ActivePlans")
    assert active.findtext("TransferLA") == "873"
    placements = active.findall("PlacementDetail")
    assert [p.findtext("URN") for p in placements] == ["100001", None]
    assert placements[0].findtext("LeavingDate") == "2025-09-30"
    assert placements[1].findtext("SENSetting") == "EHE"
    assert placements[1].findtext("EntryDate") == "2025-10-01"
    needs = [(n.findtext("SENtype"), n.findtext("SENtypeRank")) for n in active.findall("SENneed")]
    assert needs == [("ASD", "1"), ("SEMH", "2")]
    assert request.find("Assessment/NamedPlan").findtext("PlanRes") == "B"


def test_nothing_dated_after_the_census_date_is_written(tmp_path, team, make_case):
    """A request received in 2025 was decided, assessed and planned in 2026, after the
    census date: on 15 January 2026 it was a request waiting for a decision."""
    make_case(team, received_on=d(2025, 12, 15), plan_on=d(2026, 5, 4), upn="A123456789012",
              plan={"status": Plan.Status.CEASED, "ceased_on": d(2026, 6, 1),
                    "cease_reason": "9"})  # fmt: skip
    root = export_xml(tmp_path)
    text = ET.tostring(root, encoding="unicode")
    later = [e.tag for e in root.iter() if e.text and e.text[:5] == "2026-"]
    assert later == ["ReferenceDate", "DateTime"]  # the census date, and the file's time
    request = root.find("Persons/Person/Requests")
    assert request.findtext("ReceivedDate") == "2025-12-15"
    assert request.find("RequestOutcomeDate") is None
    assert request.find("Assessment") is None and "NamedPlan" not in text


def test_a_plan_issued_in_the_year_and_ceased_after_the_census_is_active(tmp_path, team,
                                                                          make_case):  # fmt: skip
    make_case(team, received_on=d(2025, 1, 6), plan_on=d(2025, 5, 19), upn="A123456789012",
              plan={"status": Plan.Status.CEASED, "ceased_on": d(2026, 3, 1),
                    "cease_reason": "3"})  # fmt: skip
    plan = export_xml(tmp_path).find("Persons/Person/Requests/Assessment/NamedPlan")
    assert plan.findtext("StartDate") == "2025-05-19"
    assert plan.find("CeaseDate") is None and plan.find("CeaseReason") is None
    assert export_xml(tmp_path).find("Persons/Person/Requests/ActivePlans") is not None


def _xml_rows(root) -> dict[str, list[list[str]]]:
    """Each module's rows read back from the XML, in CSV column order (missing items as
    empty cells), to compare with the CSV files."""
    rows: dict[str, list[list[str]]] = {name: [] for name in sen2.MODULES}

    def add(module, element, *keys):
        values = [element.findtext(item) or "" for item in module.items]
        rows[module.name].append([*keys, *values])

    for person in root.findall("Persons/Person"):
        key = person.findtext("UPN")  # the test's children each have a UPN
        add(sen2.MODULES["person"], person, key)
        for number, request in enumerate(person.findall("Requests"), start=1):
            ids = (key, number)
            add(sen2.MODULES["requests"], request, *ids)
            for assessment in request.findall("Assessment"):
                add(sen2.MODULES["assessments"], assessment, *ids)
                for plan in assessment.findall("NamedPlan"):
                    add(sen2.MODULES["named_plans"], plan, *ids)
                    for detail in plan.findall("PlanDetail"):
                        add(sen2.MODULES["placements"], detail, *ids)
            for active in request.findall("ActivePlans"):
                add(sen2.MODULES["active_plans"], active, *ids)
                for placement in active.findall("PlacementDetail"):
                    add(sen2.MODULES["placement_detail"], placement, *ids)
                for need in active.findall("SENneed"):
                    add(sen2.MODULES["sen_need"], need, *ids)
    return rows


def test_the_csv_files_match_the_xml_item_for_item(tmp_path, team, make_case):
    for n, (received, plan_on) in enumerate(
        [(d(2024, 1, 8), d(2024, 5, 20)), (d(2025, 3, 3), d(2025, 7, 14)), (d(2025, 10, 6), None)]
    ):
        make_case(team, received_on=received, plan_on=plan_on, upn=f"A12345678901{n}",
                  la_reference=f"NS-{n:04d}", plan={"j_requested": True})  # fmt: skip
    root = export_xml(tmp_path)
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(tmp_path / "csv"),
                 format="csv", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    from_xml = _xml_rows(root)
    for name, module in sen2.MODULES.items():
        with open(tmp_path / "csv" / f"{name}.csv", newline="", encoding="utf-8") as file:
            header, *rows = list(csv.reader(file))
        assert header == [*module.keys, *module.items]
        # Item for item, row for row (the key columns are the CSV files' own).
        width = len(module.keys)
        assert [r[width:] for r in rows] == [r[width:] for r in from_xml[name]], name
    assert from_xml["sen_need"] and from_xml["placement_detail"] and from_xml["placements"]
