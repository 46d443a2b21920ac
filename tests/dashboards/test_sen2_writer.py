"""The XML return is written as strings (sen2.writers), read as rows (sen2.selection):
the same bytes as xml.sax.saxutils.XMLGenerator writes from the same records, on a
return with every module, awkward characters and an empty one; a bounded number of
queries whatever the number of children.

On bench/dashboard.py's 25,000 children (18,375 people in the 15 January 2026 return,
24 MB), the XML and the CSV files were byte-identical to those of the export before
(model instances and prefetches, XMLGenerator), with the same request order."""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import XMLGenerator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import BudgetLine, Need, PlacementRecord, Plan
from reviews.models import PhaseTransfer, Review
from sen_portal.dashboards import sen2
from sen_portal.dashboards.sen2.writers import ALWAYS_WRITTEN, header_source

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)
NOW = datetime.datetime(2026, 1, 20, 9, 30)


def _reference(census_date: datetime.date) -> str:
    """The return as XMLGenerator wrote it before, from the same records."""
    out = io.StringIO()
    xml = XMLGenerator(out, encoding="utf-8", short_empty_elements=True)

    def items(values):
        for name, value in values.items():
            if value in (None, "") and name not in ALWAYS_WRITTEN:
                continue
            xml.startElement(name, {})
            xml.characters(str(value))
            xml.endElement(name)

    def element(name, values):
        xml.startElement(name, {})
        items(values)
        xml.endElement(name)

    xml.startDocument()
    xml.startElement("Message", {})
    xml.startElement("Header", {})
    element("CollectionDetails", {"Collection": "SEN2", "Year": str(census_date.year),
                                  "ReferenceDate": census_date.isoformat()})  # fmt: skip
    element("Source", header_source(serial_no=1, now=NOW))
    xml.endElement("Header")
    xml.startElement("Persons", {})
    for record in sen2.person_records(sen2.children_for_return(census_date), census_date):
        xml.startElement("Person", {})
        items(record.person)
        for row in record.requests:
            xml.startElement("Requests", {})
            items(row.request)
            if row.assessment is not None:
                xml.startElement("Assessment", {})
                items(row.assessment)
                if row.named_plan is not None:
                    start, *rest = row.named_plan.items()
                    xml.startElement("NamedPlan", {})
                    items(dict([start]))
                    if row.placement is not None:
                        element("PlanDetail", row.placement)
                    items(dict(rest))
                    xml.endElement("NamedPlan")
                xml.endElement("Assessment")
            if row.active_plan is not None:
                transfer, *rest = row.active_plan.items()
                xml.startElement("ActivePlans", {})
                items(dict([transfer]))
                for placement in row.placement_details:
                    element("PlacementDetail", placement)
                for need in row.sen_needs:
                    element("SENneed", need)
                items(dict(rest))
                xml.endElement("ActivePlans")
            xml.endElement("Requests")
        xml.endElement("Person")
    xml.endElement("Persons")
    xml.endElement("Message")
    xml.endDocument()
    return out.getvalue()


def _written(census_date: datetime.date = CENSUS) -> str:
    return "".join(sen2.iter_return(census_date=census_date, now=NOW))


@pytest.fixture
def every_module(team, make_case):
    child = make_case(team, received_on=d(2024, 1, 8), plan_on=d(2024, 5, 20),
                      upn="A123456789012", last_name="O'Brien & <Sons>",
                      first_name='"Ann"', postcode="",
                      plan={"residential": "A", "work_based_learning": "S",
                            "transferred_from_la": "873", "j_requested": True,
                            "placement_sen_unit": True})  # fmt: skip
    plan = Plan.objects.get(child=child)
    Need.objects.create(plan=plan, area="semh", description="Fictional anxiety",
                        sen_type="DS", sen_type_rank=2)  # fmt: skip
    PlacementRecord.objects.filter(plan=plan).update(leaving_date=d(2025, 9, 30))
    PlacementRecord.objects.create(plan=plan, sen_setting="NIEO", entry_date=d(2025, 10, 1),
                                   sen_setting_other="Excluded & waiting <for> a place",
                                   residential="B", work_based_learning="T")  # fmt: skip
    BudgetLine.objects.create(plan=plan, section="F", description="Fictional",
                              annual_amount=100, arrangement="direct_payment")  # fmt: skip
    Review.objects.create(plan=plan, child=child, due_on=d(2025, 5, 20), status="decided",
                          meeting_on=d(2025, 5, 6), held_on=d(2025, 5, 6), decision="amend",
                          decision_reasons="Fictional", decided_on=d(2025, 5, 27))  # fmt: skip
    PhaseTransfer.objects.create(child=child, plan=plan, transfer_year=2025, phase="secondary",
                                 due_on=d(2025, 2, 15), named_on=d(2025, 2, 10),
                                 next_institution=plan.placement)  # fmt: skip
    ceased = make_case(team, received_on=d(2025, 1, 6), plan_on=d(2025, 5, 19),
                       plan={"ceased_on": d(2025, 11, 3), "cease_reason": "9",
                             "status": Plan.Status.CEASED})  # fmt: skip
    moved = make_case(team, received_on=d(2025, 3, 3), uln="1234567890", last_name="Moved")
    moved.assessment_requests.update(
        status="withdrawn", decided_on=None, withdrawn_on=d(2025, 3, 20), exported_to_la="330"
    )
    make_case(team, received_on=d(2025, 10, 6), last_name="Young", upn_unknown_reason="UN10",
              date_of_birth=d(2021, 4, 2))  # fmt: skip
    return child, ceased


def test_the_strings_are_the_bytes_xmlgenerator_wrote(every_module):
    written = _written()
    for module in ("Person", "Requests", "Assessment", "NamedPlan", "PlanDetail",
                   "ActivePlans", "PlacementDetail", "SENneed"):  # fmt: skip
        assert f"<{module}>" in written, module
    # Escaped as XMLGenerator escapes text: &, < and >; quotes are left as they are.
    assert "<Surname>O'Brien &amp; &lt;Sons&gt;</Surname>" in written
    assert '<Forename>"Ann"</Forename>' in written
    assert "<PostCode/>" in written  # always written, empty
    assert written.encode() == _reference(CENSUS).encode()


def test_an_empty_return_is_the_same_bytes_too():
    written = _written()
    assert written.endswith("<Persons/></Message>")
    assert written.encode() == _reference(CENSUS).encode()


def test_the_export_reads_a_bounded_number_of_queries(team, make_case, every_module):
    with CaptureQueriesContext(connection) as few:
        _written()
    for n in range(6):
        make_case(team, received_on=d(2025, 2, 3), plan_on=d(2025, 6, 2 + n),
                  last_name=f"More {n}")  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        written = _written()
    assert written.count("<Person>") == 4 + 6
    assert len(more) == len(few)
