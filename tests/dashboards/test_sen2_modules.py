"""The SEN2 return's new items and its CSV files: the person items (sex, ethnicity,
UPNunknown), the named plan's personal budget and ceasing, a CSV file per module
written by the command and downloaded by managers (streamed), and the validation
rules for the new items."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)
MODULE_FILES = [
    "person",
    "requests",
    "assessments",
    "named_plans",
    "placements",
    "active_plans",
    "placement_detail",
    "sen_need",
]


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def export_csv(tmp_path) -> dict[str, list[dict[str, str]]]:
    out = io.StringIO()
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(tmp_path / "csv"),
                 format="csv", stdout=out, stderr=io.StringIO())  # fmt: skip
    assert "Wrote" in out.getvalue()
    return {name: read_csv(tmp_path / "csv" / f"{name}.csv") for name in MODULE_FILES}


@pytest.fixture
def planned(team, make_case):
    """One child with a plan issued in 2025 that ceased in December (moved to another
    LA), a personal budget asked for and arranged; one child with no UPN and no plan."""
    make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14), upn="A123456789012",
              last_name="Planned", la_reference="NS-0001", sex="M", ethnicity="BAFR",
              plan={"status": Plan.Status.CEASED, "ceased_on": d(2025, 12, 19),
                    "cease_reason": Plan.CeaseReason.TRANSFERRED_LA, "j_requested": True,
                    "j_arrangements": "Direct payment for a fictional tutor"})  # fmt: skip
    make_case(team, received_on=d(2025, 10, 6), last_name="Younger", la_reference="NS-0002",
              date_of_birth=d(2021, 4, 2), upn_unknown_reason="UN1")  # fmt: skip
    from plans.models import BudgetLine

    BudgetLine.objects.create(plan=Plan.objects.get(child__la_reference="NS-0001"), section="F",
                              description="Fictional tutoring", annual_amount=1200,
                              arrangement="direct_payment")  # fmt: skip


def test_the_command_writes_a_csv_per_module_that_join_up(tmp_path, planned):
    files = export_csv(tmp_path)
    assert [p["PersonID"] for p in files["person"]] == ["NS-0001", "NS-0002"]
    planned_person, younger = files["person"]
    assert planned_person["Sex"] == "M" and planned_person["Ethnicity"] == "BAFR"
    assert planned_person["UPN"] == "A123456789012" and planned_person["UPNunknown"] == ""
    assert younger["UPN"] == "" and younger["UPNunknown"] == "UN1"
    assert files["requests"] == [
        {"PersonID": "NS-0001", "RequestID": "NS-0001/1", "ReceivedDate": "2025-03-03",
         "RequestSource": "1", "RYA": "0", "RequestOutcomeDate": "2025-04-07",
         "RequestOutcome": "Y", "RequestMediation": "0", "RequestTribunal": "0", "Exported": ""},
        {"PersonID": "NS-0002", "RequestID": "NS-0002/1", "ReceivedDate": "2025-10-06",
         "RequestSource": "1", "RYA": "0", "RequestOutcomeDate": "2025-11-10",
         "RequestOutcome": "Y", "RequestMediation": "0", "RequestTribunal": "0", "Exported": ""},
    ]  # fmt: skip
    assert files["assessments"] == [
        {"PersonID": "NS-0001", "RequestID": "NS-0001/1", "AssessmentOutcome": "Y",
         "AssessmentOutcomeDate": "2025-05-26", "AssessmentMediation": "0",
         "AssessmentTribunal": "0", "OtherMediation": "0", "OtherTribunal": "0", "Week20": "0"}
    ]  # fmt: skip
    assert files["named_plans"] == [
        {"PersonID": "NS-0001", "RequestID": "NS-0001/1", "StartDate": "2025-07-14",
         "PlanRes": "", "PlanWBP": "", "PB": "1", "OA": "0", "DP": "E",
         "CeaseDate": "2025-12-19", "CeaseReason": "5"}
    ]  # fmt: skip
    assert files["placements"] == [
        {"PersonID": "NS-0001", "RequestID": "NS-0001/1", "URN": "100001", "UKPRN": "",
         "SENSetting": "", "SENSettingOther": "", "PlacementRank": "1",
         "SENunitIndicator": "0", "ResourcedProvisionIndicator": "0"}
    ]  # fmt: skip
    # The plan ceased before the census date: no active plan, placements or needs.
    assert files["active_plans"] == files["placement_detail"] == files["sen_need"] == []


def test_mediation_and_appeals_are_flagged_on_the_decision_they_are_about(
    tmp_path, planned, caseworker
):
    from disagreements.models import Disagreement

    plan = Plan.objects.get(child__la_reference="NS-0001")
    request = plan.assessment.request
    # Mediation and an appeal about the decision to assess (linked to the request), and
    # an appeal about the plan's contents (recorded without a link).
    Disagreement.objects.create(
        child=plan.child, kind="not_to_assess", decision_on=request.decided_on,
        decision_type=ContentType.objects.get_for_model(request), decision_id=str(request.pk),
        recorded_by=caseworker, status="appeal_lodged", mediation_held_on=d(2025, 5, 1),
        appeal_lodged_on=d(2025, 5, 20), appeal_due_on=d(2025, 6, 9),
    )  # fmt: skip
    Disagreement.objects.create(
        child=plan.child, kind="plan_contents", decision_on=d(2025, 7, 14), recorded_by=caseworker,
        status="appeal_lodged", appeal_lodged_on=d(2025, 8, 1), appeal_due_on=d(2025, 9, 15),
    )  # fmt: skip
    # After the census date: not in this return.
    Disagreement.objects.create(
        child=plan.child, kind="not_to_issue", decision_on=d(2026, 2, 1), recorded_by=caseworker,
        status="recorded", appeal_due_on=d(2026, 4, 1),
    )  # fmt: skip

    files = export_csv(tmp_path)

    first = files["requests"][0]
    assert (first["RequestMediation"], first["RequestTribunal"]) == ("1", "1")
    assessment = files["assessments"][0]
    flags = ("AssessmentMediation", "AssessmentTribunal", "OtherMediation", "OtherTribunal")
    assert [assessment[k] for k in flags] == ["0", "0", "0", "1"]
    assert files["requests"][1]["RequestTribunal"] == "0"  # another child's request


def test_the_xml_carries_the_same_new_items(tmp_path, planned):
    path = tmp_path / "sen2.xml"
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(path),
                 stderr=io.StringIO(), draft=True)  # fmt: skip
    root = ET.parse(path).getroot()  # noqa: S314 - our own output, written just above
    first, second = root.findall("Persons/Person")
    assert first.findtext("Sex") == "M" and first.findtext("Ethnicity") == "BAFR"
    assert first.find("UPNunknown") is None
    assert second.findtext("UPNunknown") == "UN1"
    plan = first.find("Requests/Assessment/NamedPlan")
    assert [item.tag for item in plan] == ["StartDate", "PlanDetail", "PB", "OA", "DP",
                                           "CeaseDate", "CeaseReason"]  # fmt: skip
    assert plan.findtext("CeaseDate") == "2025-12-19" and plan.findtext("CeaseReason") == "5"


def test_person_items_come_in_the_order_of_the_specification(tmp_path, planned):
    path = tmp_path / "sen2.xml"
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(path),
                 stderr=io.StringIO(), draft=True)  # fmt: skip
    person = ET.parse(path).getroot().find("Persons/Person")  # noqa: S314
    assert [item.tag for item in person] == [
        "Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity", "PostCode", "UPN",
        "Requests",
    ]  # fmt: skip


def test_a_plan_that_ceased_in_the_year_is_in_the_return_and_one_ceased_before_is_not(
    tmp_path, team, make_case
):
    ceased = {"status": Plan.Status.CEASED, "cease_reason": Plan.CeaseReason.HIGHER_EDUCATION}
    make_case(team, received_on=d(2022, 3, 7), plan_on=d(2022, 7, 18), upn="A123456789012",
              last_name="Recently", plan={**ceased, "ceased_on": d(2025, 2, 28)})  # fmt: skip
    make_case(team, received_on=d(2022, 3, 7), plan_on=d(2022, 7, 18), upn="A123456789013",
              last_name="LongAgo", plan={**ceased, "ceased_on": d(2024, 8, 30)})  # fmt: skip
    assert [p["Surname"] for p in export_csv(tmp_path)["person"]] == ["Recently"]


@pytest.mark.parametrize(
    ("requested", "lines", "expected"),
    [
        (True, ["direct_payment"], ("1", "0", "E")),
        (True, ["notional", "third_party"], ("1", "1", "")),
        (True, ["notional", "direct_payment"], ("1", "1", "E")),
        (True, [], ("0", "", "")),
        (False, [], ("0", "", "")),
        (None, [], ("", "", "")),
    ],
)
def test_personal_budget_follows_section_j(tmp_path, team, make_case, requested, lines,
                                           expected):  # fmt: skip
    """PB: taken up (asked for, with section J lines); OA: some of it held as organised
    arrangements (notional or third party); DP: what its direct payments pay for (E, the
    education provision of section F)."""
    from plans.models import BudgetLine

    child = make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14),
                      upn="A123456789012", plan={"j_requested": requested})  # fmt: skip
    for arrangement in lines:
        BudgetLine.objects.create(plan=Plan.objects.get(child=child), section="F",
                                  description="Fictional tutoring", annual_amount=1200,
                                  arrangement=arrangement)  # fmt: skip
    (plan,) = export_csv(tmp_path)["named_plans"]
    assert (plan["PB"], plan["OA"], plan["DP"]) == expected
    assert plan["CeaseDate"] == plan["CeaseReason"] == ""


def test_csv_output_must_be_a_directory(tmp_path):
    file = tmp_path / "a-file"
    file.write_text("")
    with pytest.raises(CommandError, match="must be a directory"):
        call_command("sen2_export", census_date="2026-01-15", output=str(file), format="csv")


def test_the_csv_files_read_a_flat_number_of_queries(tmp_path, team, make_case):
    def queries(cases: int) -> int:
        for n in range(cases):
            make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14),
                      upn=f"A{n:012d}")  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            sen2.write_csv_files(tmp_path / "csv", census_date=CENSUS)
        return len(captured)

    # One pass for all five files: the children, their requests (assessment, plan and
    # placement joined), their excepted 20-week deadlines, their disagreements, and the
    # plans' reviews, amendments and phase transfers.
    # The 7 before, and the plans' needs, placements and budget lines (SEN2 modules 5b,
    # 5c and PB/OA/DP): one query each per chunk of children. And the plans that replaced
    # them after a reassessment (Reg 27(1)): one more; their own reviews, needs and so on
    # only for a chunk that has one.
    assert queries(3) == queries(27) == 11


# --- The validation report's new rules ---------------------------------------------------


def found(census=CENSUS) -> dict[str, list[str]]:
    children = sen2.children_with_problems(scope=Scope("All"), census_date=census)
    return {p.child.last_name: p.rules for p in sen2.problems(children)}


def test_missing_sex_and_ethnicity_are_reported(team, make_case):
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789012", sex="", last_name="NoSex")
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789013", ethnicity="",
              last_name="NoEthnicity")  # fmt: skip
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789014", ethnicity="NOBT",
              last_name="NotAsked")  # fmt: skip
    assert found() == {
        "NoSex": [sen2.RULES["no_sex"]],
        "NoEthnicity": [sen2.RULES["no_ethnicity"]],
    }


def test_a_reason_for_no_upn_satisfies_the_identifier_rule(team, make_case):
    make_case(team, received_on=d(2025, 3, 3), upn_unknown_reason="UN2", last_name="Reason")
    make_case(team, received_on=d(2025, 3, 3), uln="", last_name="Nothing")
    assert found() == {"Nothing": [sen2.RULES["no_identifier"]]}


def test_a_plan_ending_before_it_was_issued_is_reported(team, make_case):
    make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14), upn="A123456789012",
              last_name="Backwards", plan={"status": Plan.Status.CEASED,
              "ceased_on": d(2025, 7, 1), "cease_reason": Plan.CeaseReason.OTHER})  # fmt: skip
    assert found() == {"Backwards": [sen2.RULES["plan_ceased_before_issued"]]}


def test_not_in_education_other_without_a_reason_is_an_error(team, make_case):
    from plans.models import PlacementRecord

    make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14), upn="A123456789012",
              last_name="Unplaced")  # fmt: skip
    placement = PlacementRecord.objects.get(plan__child__last_name="Unplaced")
    placement.institution, placement.sen_setting = None, "NIEO"
    placement.save()
    assert sen2.RULES["setting_not_described"] in found()["Unplaced"]
    placement.sen_setting_other = "Permanently excluded, awaiting a place"
    placement.save()
    assert found()["Unplaced"] == []  # still a query: COLLECT asks about NIEO


def test_every_problem_of_a_child_is_listed(team, make_case):
    make_case(team, received_on=d(2025, 3, 3), sex="", ethnicity="", last_name="Several",
              date_of_birth=d(2025, 6, 1))  # fmt: skip
    assert found() == {
        "Several": [
            sen2.RULES["no_identifier"],
            sen2.RULES["no_sex"],
            sen2.RULES["no_ethnicity"],
            sen2.RULES["born_after_request"],
        ]
    }


# --- The manager's page: downloads ---------------------------------------------------------


def download(client, module: str, **params) -> list[dict[str, str]]:
    response = client.get(reverse("dashboards:sen2_module_csv", args=[module]),
                          {"census_date": "2026-01-15", **params})  # fmt: skip
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="sen2-2026-01-15-{module}.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_a_manager_downloads_each_module_for_their_team(
    client, team, other_team, manager, planned, make_case
):
    make_case(other_team, received_on=d(2025, 3, 3), last_name="Elsewhere",
              la_reference="NS-0099")  # fmt: skip
    client.force_login(manager)
    page = client.get(reverse("dashboards:sen2_check"), {"census_date": "2026-01-15"})
    for module in MODULE_FILES:
        assert reverse("dashboards:sen2_module_csv", args=[module]) in page.content.decode()
    assert [p["PersonID"] for p in download(client, "person")] == ["NS-0001", "NS-0002"]
    assert [p["CeaseReason"] for p in download(client, "named_plans")] == ["5"]
    assert len(download(client, "placements")) == 1


def test_an_administrator_downloads_every_team_or_the_team_chosen(
    client, team, other_team, admin_user, planned, make_case
):
    make_case(other_team, received_on=d(2025, 3, 3), la_reference="NS-0099")
    client.force_login(admin_user)
    assert len(download(client, "person")) == 3
    assert [p["PersonID"] for p in download(client, "person", team=other_team.pk)] == ["NS-0099"]


def test_downloads_are_refused_to_caseworkers_and_unknown_modules(client, caseworker, manager):
    client.force_login(caseworker)
    url = reverse("dashboards:sen2_module_csv", args=["person"])
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("dashboards:sen2_module_csv", args=["secrets"])).status_code == 404
    assert client.get(url, {"census_date": "15/01/2026"}).status_code == 404


def test_a_census_date_that_is_not_a_date_gets_a_govuk_error(client, manager):
    client.force_login(manager)
    response = client.get(reverse("dashboards:sen2_check"), {"census_date": "31/02/2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#census_date"' in page
    assert "Enter the census date as a real date" in page


def test_active_plans_carry_the_latest_review_and_the_phase_transfer(
    tmp_path, team, make_case, caseworker
):
    from reviews.models import PhaseTransfer, Review

    child = make_case(team, received_on=d(2024, 1, 8), plan_on=d(2024, 5, 20),
                      upn="A123456789012", la_reference="NS-0003")  # fmt: skip
    plan = Plan.objects.get(child=child)
    Review.objects.create(plan=plan, child=child, due_on=d(2025, 5, 20), status="decided",
                          meeting_on=d(2025, 5, 6), held_on=d(2025, 5, 6), decision="maintain",
                          decision_reasons="No change", decided_on=d(2025, 5, 27))  # fmt: skip
    # A review held after the census date is not in this return.
    Review.objects.create(plan=plan, child=child, due_on=d(2026, 5, 6), status="held",
                          meeting_on=d(2026, 2, 2), held_on=d(2026, 2, 2))  # fmt: skip
    PhaseTransfer.objects.create(child=child, plan=plan, transfer_year=2025,
                                 phase="secondary", due_on=d(2025, 2, 15),
                                 named_on=d(2025, 2, 10), named_by=caseworker,
                                 next_institution=plan.placement)  # fmt: skip
    # The next transfer's Reg 18 date is after the census date: not in this return.
    PhaseTransfer.objects.create(child=child, plan=plan, transfer_year=2026,
                                 phase="post16", due_on=d(2026, 3, 31))  # fmt: skip

    files = export_csv(tmp_path)

    assert files["active_plans"] == [
        {"PersonID": "NS-0003", "RequestID": "NS-0003/1", "TransferLA": "",
         "ReviewMeeting": "2025-05-06", "ReviewOutcome": "M", "LastReview": "2025-05-27",
         "ReviewDraft": "", "PhaseTransferDueDate": "2025-02-15",
         "PhaseTransferFinalDate": "2025-02-10"}
    ]  # fmt: skip
    # Decided to assess and issued in 2024, before the collection period (2025): H
    # (SEN2_schema_2024.xsd requestoutcometype and assessmentoutcometype).
    assert files["requests"][0]["RequestOutcome"] == "H"
    assert files["assessments"][0]["AssessmentOutcome"] == "H"
