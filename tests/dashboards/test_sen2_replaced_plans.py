"""SEN2 and a plan replaced after a reassessment (SEND Regulations 2014 reg 27(1)).

Riley's request for assessment was received on Monday 3 March 2025 and the final plan
issued on Monday 14 July 2025. The council decided itself on Monday 1 September 2025 to
reassess (CFA s44(3)) and replaced the plan: the replacement's final plan was issued on
Monday 17 November 2025, and the first plan was replaced that day.

On census day, Thursday 15 January 2026, the child has one EHC plan maintained: the
replacement. The return reports it once, under the request for assessment that led to
the first plan (the reassessment is not a request, CFA s36(1) against s44(2)-(3)): one
NamedPlan starting on 14 July 2025 with no end date (the EHC plan was maintained
throughout; it did not cease), one ActivePlans with the replacement's placement and
needs. Had the census been on Monday 10 November 2025, the first plan would be the one
reported.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from assessments.models import AssessmentRequest, NeedsAssessment
from plans.models import Need, PlacementRecord, Plan
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope
from tests.dashboards.test_sen2_modules import MODULE_FILES, read_csv

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)
FIRST_ISSUED = d(2025, 7, 14)
DECIDED_TO_REASSESS = d(2025, 9, 1)
REPLACED = d(2025, 11, 17)


def export(tmp_path, census: datetime.date) -> dict[str, list[dict[str, str]]]:
    out = tmp_path / census.isoformat()
    call_command("sen2_export", census_date=census.isoformat(), output=str(out),
                 format="csv", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    return {name: read_csv(out / f"{name}.csv") for name in MODULE_FILES}


@pytest.fixture
def replaced(team, make_case, caseworker, school):
    child = make_case(team, received_on=d(2025, 3, 3), plan_on=FIRST_ISSUED, upn="A123456789012",
                      last_name="Replaced", la_reference="NS-0100",
                      plan={"status": Plan.Status.REPLACED, "replaced_on": REPLACED})  # fmt: skip
    first = Plan.objects.get(child=child)
    # The first plan's needs as they stood: had it still been counted as maintained on
    # census day, the check would ask for its primary need.
    first.needs.update(sen_type="MLD")
    reassessment = AssessmentRequest.objects.create(
        child=child, kind=AssessmentRequest.Kind.REASSESSMENT, requester="council",
        received_on=DECIDED_TO_REASSESS, reasons="Needs have changed a great deal.",
        recorded_by=caseworker, status=AssessmentRequest.Status.ASSESSING,
        decided_on=DECIDED_TO_REASSESS,
    )  # fmt: skip
    assessment = NeedsAssessment.objects.create(
        request=reassessment, child=child, started_on=DECIDED_TO_REASSESS,
        status=NeedsAssessment.Status.DECIDED_TO_ISSUE, advice_completed_on=d(2025, 10, 6),
        decided_on=d(2025, 10, 6),
    )  # fmt: skip
    new = Plan.objects.create(
        child=child, assessment=assessment, started_by=caseworker, replaces=first,
        status=Plan.Status.FINAL_ISSUED, draft_issued_on=d(2025, 10, 20),
        representations_due_on=d(2025, 11, 3), final_issued_on=REPLACED, placement=school,
    )  # fmt: skip
    Need.objects.create(plan=new, area="communication_interaction", description="Fictional",
                        sen_type="SLCN", sen_type_rank=1)  # fmt: skip
    PlacementRecord.objects.create(plan=new, institution=school, entry_date=REPLACED)
    return first, new


def test_the_replacement_is_reported_once_under_the_first_request(tmp_path, replaced):
    modules = export(tmp_path, CENSUS)
    mine = {
        name: [row for row in rows if "NS-0100" in " ".join(row.values())]
        for name, rows in modules.items()
    }
    assert len(mine["requests"]) == 1  # the reassessment is not a request
    assert mine["requests"][0]["RequestSource"] == "1"
    assert len(mine["named_plans"]) == 1
    named = mine["named_plans"][0]
    assert named["StartDate"] == "2025-07-14"
    assert named["CeaseDate"] == "" and named["CeaseReason"] == ""
    assert len(mine["active_plans"]) == 1
    assert [row["SENtype"] for row in mine["sen_need"]] == ["SLCN"]
    assert [row["EntryDate"] for row in mine["placement_detail"]] == ["2025-11-17"]


def test_before_the_replacement_the_first_plan_is_reported(tmp_path, replaced):
    modules = export(tmp_path, d(2025, 11, 10))
    mine = {
        name: [row for row in rows if "NS-0100" in " ".join(row.values())]
        for name, rows in modules.items()
    }
    assert len(mine["named_plans"]) == len(mine["active_plans"]) == 1
    assert [row["SENtype"] for row in mine["sen_need"]] == ["MLD"]


def test_the_check_does_not_count_the_replaced_plan_as_maintained(replaced):
    first, _new = replaced
    first.needs.all().delete()  # the replaced plan has no primary need: not asked for
    children = sen2.children_with_problems(scope=Scope("All"), census_date=CENSUS)
    assert {p.child.la_reference: p.rules for p in sen2.problems(children)} == {}
    assert sen2.counts(scope=Scope("All"), census_date=CENSUS).errors == 0
