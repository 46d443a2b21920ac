"""The XML return against SEN2_schema_2024.xsd (liia-tools 81996262), element by element:
always with tests/sen2_schema.py's statement of it, and with the xsd itself when lxml and
the file are at hand (SEN2_XSD=/path/to/SEN2_schema_2024.xsd)."""

from __future__ import annotations

import datetime
import os
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from plans.models import BudgetLine, Need, PlacementRecord, Plan
from sen_portal.dashboards import sen2
from tests import sen2_schema

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)


@pytest.fixture
def xml_return(team, make_case, caseworker):
    from reviews.models import Review

    child = make_case(team, received_on=d(2024, 1, 8), plan_on=d(2024, 5, 20),
                      upn="A123456789012", last_name="Active", postcode="ZZ9 1ZZ",
                      plan={"residential": "A", "work_based_learning": "S",
                            "transferred_from_la": "873", "j_requested": True})  # fmt: skip
    plan = Plan.objects.get(child=child)
    Need.objects.create(plan=plan, area="semh", description="Fictional anxiety",
                        sen_type="DS", sen_type_rank=2)  # fmt: skip
    PlacementRecord.objects.filter(plan=plan).update(leaving_date=d(2025, 9, 30))
    PlacementRecord.objects.create(plan=plan, sen_setting="EHE", entry_date=d(2025, 10, 1),
                                   residential="B", work_based_learning="T")  # fmt: skip
    for section in ("F", "G"):
        BudgetLine.objects.create(plan=plan, section=section, description="Fictional",
                                  annual_amount=100, arrangement="direct_payment")  # fmt: skip
    Review.objects.create(plan=plan, child=child, due_on=d(2025, 5, 20), status="decided",
                          meeting_on=d(2025, 5, 6), held_on=d(2025, 5, 6), decision="amend",
                          decision_reasons="Fictional", decided_on=d(2025, 5, 27))  # fmt: skip
    moved = make_case(team, received_on=d(2025, 3, 3), uln="1234567890", last_name="Moved")
    moved.assessment_requests.update(
        status="withdrawn", decided_on=None, withdrawn_on=d(2025, 3, 20), exported_to_la="330"
    )
    make_case(team, received_on=d(2025, 10, 6), last_name="Young", upn_unknown_reason="UN10",
              date_of_birth=d(2021, 4, 2))  # fmt: skip
    return "".join(sen2.iter_return(census_date=CENSUS, serial_no=12))


def test_the_return_follows_the_schema_element_by_element(xml_return):
    root = ET.fromstring(xml_return)  # noqa: S314 - our own output
    assert sen2_schema.check(root) == []
    request = root.find("Persons/Person/Requests")
    assert request.findtext("RequestOutcome") == "H"  # decided to assess in 2024
    plan = request.find("Assessment/NamedPlan")
    assert (plan.findtext("PlanRes"), plan.findtext("PlanWBP"), plan.findtext("DP")) == (
        "A",
        "S",
        "I",
    )
    active = request.find("ActivePlans")
    assert [e.tag for e in active][:1] == ["TransferLA"]
    assert active.findtext("ReviewOutcome") == "A"
    assert active.findall("PlacementDetail")[1].findtext("Res") == "B"
    assert root.findtext("Header/Source/SerialNo") == "012"


def test_the_checker_finds_what_the_schema_refuses():
    bad = ET.fromstring(  # noqa: S314 - a literal
        "<Message><Header><CollectionDetails/><Source><LEA>99</LEA></Source></Header>"
        "<Persons><Person><Forename>A</Forename><Surname>B</Surname></Person></Persons>"
        "</Message>"
    )
    problems = sen2_schema.check(bad)
    assert any("'99' does not match" in p for p in problems)
    assert any("<Surname> out of order" in p for p in problems)
    assert any("0 <DMO>" in p for p in problems)
    assert any("0 <Requests>" in p for p in problems)


@pytest.mark.skipif(not os.environ.get("SEN2_XSD"), reason="SEN2_XSD names no xsd file")
@override_settings(SEN2_LA_CODE="873")
def test_the_return_validates_against_the_xsd_itself(xml_return):
    pytest.importorskip("lxml.etree")
    assert sen2_schema.xsd_errors(xml_return, os.environ["SEN2_XSD"]) == []


def test_at_most_a_primary_and_one_secondary_need_and_two_placements():
    from types import SimpleNamespace as N

    from sen_portal.dashboards.sen2.records import Census, reported_needs, reported_placements

    needs = [N(sen_type="ASD", sen_type_rank=1), N(sen_type="SEMH", sen_type_rank=2),
             N(sen_type="SLCN", sen_type_rank=2)]  # fmt: skip
    assert [n.sen_type for n in reported_needs(needs)] == ["ASD", "SEMH"]
    census = Census(CENSUS)
    old = N(rank=1, entry_date=d(2023, 9, 1), leaving_date=d(2024, 7, 20))
    left = N(rank=1, entry_date=d(2024, 9, 1), leaving_date=d(2025, 9, 30))
    now = N(rank=1, entry_date=d(2025, 10, 1), leaving_date=None)
    extra = N(rank=2, entry_date=d(2025, 11, 1), leaving_date=None)
    assert reported_placements([old, left, now], census) == [left, now]
    assert reported_placements([old, left, now, extra], census) == [now, extra]


def test_the_checker_wants_exactly_one_of_urn_ukprn_and_setting():
    def plan_detail(inner: str) -> list[str]:
        element = ET.fromstring(f"<PlanDetail>{inner}<PlacementRank>1</PlacementRank>"  # noqa: S314
                                "<SENunitIndicator>0</SENunitIndicator>"
                                "<ResourcedProvisionIndicator>0</ResourcedProvisionIndicator>"
                                "</PlanDetail>")  # fmt: skip
        return sen2_schema.check(element)

    assert plan_detail("<URN>100000</URN>") == []
    assert plan_detail("<SENSetting>EHE</SENSetting>") == []
    urn = "<URN>100000</URN>"
    assert any("0 of URN" in p for p in plan_detail(""))
    assert any("2 of URN" in p for p in plan_detail(f"{urn}<SENSetting>OTH</SENSetting>"))
    other = plan_detail(f"{urn}<SENSettingOther>x</SENSettingOther>")
    assert any("without a SENSetting" in p for p in other)
    neet = plan_detail("<SENSetting>NEET</SENSetting>")
    assert any("placement detail setting only" in p for p in neet)


def test_a_setting_is_written_instead_of_a_urn_and_a_school_without_one(xml_return):
    root = ET.fromstring(xml_return)  # noqa: S314 - our own output
    school, home = root.find("Persons/Person/Requests/ActivePlans").findall("PlacementDetail")
    assert school.find("URN") is not None and school.find("SENSetting") is None
    assert home.findtext("SENSetting") == "EHE"
    assert home.find("URN") is None and home.find("UKPRN") is None
    detail = root.find("Persons/Person/Requests/Assessment/NamedPlan/PlanDetail")
    assert detail.find("URN") is not None and detail.find("SENSetting") is None


def test_the_2025_and_2026_items_sit_where_the_2026_schema_puts_them(xml_return):
    """sen2_schema_2026.xsd (liia-tools-pipeline 4441bf96): RequestSource (2.2) between
    ReceivedDate and RYA; ReviewDraft, PhaseTransferDueDate, PhaseTransferFinalDate after
    ReviewOutcome; LastReview last."""
    request = ET.fromstring(xml_return).find("Persons/Person/Requests")  # noqa: S314
    assert [e.tag for e in request][:3] == ["ReceivedDate", "RequestSource", "RYA"]
    assert [e.tag for e in request.find("ActivePlans")][-3:] == [
        "ReviewMeeting",
        "ReviewOutcome",
        "LastReview",
    ]
    order = [n for n, _, _ in sen2_schema.STRUCTURE["ActivePlans"]]
    assert order[-5:] == ["ReviewOutcome", "ReviewDraft", "PhaseTransferDueDate",
                          "PhaseTransferFinalDate", "LastReview"]  # fmt: skip
