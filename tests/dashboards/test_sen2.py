"""The SEN2 return: which children are in it, the XML structure, the validation report
and its page, and a flat number of queries however many children there are."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sen_portal.dashboards import sen2

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)


def export(tmp_path) -> ET.Element:
    path = tmp_path / "sen2.xml"
    call_command(
        "sen2_export",
        census_date=CENSUS.isoformat(),
        output=str(path),
        stderr=io.StringIO(),
        draft=True,
    )
    return ET.parse(path).getroot()  # noqa: S314 - our own output, written just above


def test_the_return_nests_person_request_assessment_plan_and_placement(tmp_path, team, make_case):
    make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14), exception=True,
              upn="A123456789012", last_name="Planned")  # fmt: skip
    root = export(tmp_path)
    assert root.findtext("Header/CollectionDetails/Collection") == "SEN2"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-01-15"
    (person,) = root.findall("Persons/Person")
    assert person.findtext("Surname") == "Planned"
    assert person.findtext("UPN") == "A123456789012"
    request = person.find("Requests")
    assert request.findtext("ReceivedDate") == "2025-03-03"
    assert request.findtext("RequestOutcomeDate") == "2025-04-07"
    assert request.findtext("Assessment/Week20") == "1"
    assert request.findtext("Assessment/NamedPlan/StartDate") == "2025-07-14"
    assert request.findtext("Assessment/NamedPlan/PlanDetail/URN") == "100001"


def test_week20_is_0_without_an_exception(tmp_path, team, make_case):
    make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14))
    assert export(tmp_path).findtext("Persons/Person/Requests/Assessment/Week20") == "0"


def test_old_finished_work_is_left_out_and_later_requests_too(
    tmp_path, team, make_case, caseworker
):
    make_case(team, received_on=d(2023, 1, 9), last_name="Old")  # decided in 2023
    make_case(team, received_on=d(2026, 2, 2), last_name="Later")  # after the census
    make_case(team, received_on=d(2025, 10, 6), last_name="Recent")
    names = [p.findtext("Surname") for p in export(tmp_path).findall("Persons/Person")]
    assert names == ["Recent"]


def test_the_validation_report_names_each_problem(team, make_case):
    make_case(team, received_on=d(2025, 3, 3), last_name="Nameless")  # no UPN or ULN
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789012",
              date_of_birth=d(2025, 6, 1), last_name="Unborn")  # fmt: skip
    make_case(team, received_on=d(2025, 3, 3), upn="A123456789013", last_name="Fine")
    from sen_portal.dashboards.selectors import Scope

    found = {
        p.child.last_name: p.rules
        for p in sen2.problems(sen2.children_with_problems(scope=Scope("All"), census_date=CENSUS))
    }
    assert found == {
        "Nameless": [sen2.RULES["no_identifier"]],
        "Unborn": [sen2.RULES["born_after_request"]],
    }


def test_the_command_lists_what_would_be_rejected_with_links(tmp_path, team, make_case):
    child = make_case(team, received_on=d(2025, 3, 3))
    errors = io.StringIO()
    out = io.StringIO()
    # Not mistaken for ready: with errors, the XML is refused unless asked for as a draft.
    with pytest.raises(CommandError, match="1 case would be rejected"):
        call_command("sen2_export", census_date="2026-01-15", output=str(tmp_path / "x.xml"),
                     stdout=out, stderr=errors)  # fmt: skip
    assert not (tmp_path / "x.xml").exists()
    call_command("sen2_export", census_date="2026-01-15", output=str(tmp_path / "x.xml"),
                 stdout=out, stderr=errors, draft=True)  # fmt: skip
    assert f"/cases/{child.pk}/" in errors.getvalue()
    assert "No UPN or ULN" in errors.getvalue()
    assert "Wrote 1 person" in out.getvalue() and "1 would be rejected" in out.getvalue()
    assert "DRAFT" in out.getvalue()


def test_a_bad_census_date_is_refused(tmp_path):

    with pytest.raises(CommandError):
        call_command("sen2_export", census_date="15/01/2026", output=str(tmp_path / "x.xml"))


def test_the_export_reads_a_flat_number_of_queries(tmp_path, team, make_case, caseworker):
    from disagreements.models import Disagreement
    from plans.models import Plan
    from reviews.models import Review

    def queries(cases: int) -> int:
        for n in range(cases):
            child = make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14),
                              upn=f"A{n:012d}")  # fmt: skip
            # A review and a disagreement each: models with a django-fsm state field,
            # which must not be read one query at a time.
            plan = Plan.objects.get(child=child)
            Review.objects.create(
                plan=plan, child=child, due_on=d(2026, 7, 13), status="decided",
                meeting_on=d(2025, 12, 1), held_on=d(2025, 12, 1), decision="maintain",
                decision_reasons="Fictional", decided_on=d(2025, 12, 20),
            )  # fmt: skip
            Disagreement.objects.create(
                child=child, kind="plan_contents", decision_on=d(2025, 7, 14),
                recorded_by=caseworker, status="appeal_lodged", appeal_lodged_on=d(2025, 8, 1),
                appeal_due_on=d(2025, 9, 15),
            )  # fmt: skip
        with CaptureQueriesContext(connection) as captured, open(tmp_path / "out.xml", "w") as out:
            sen2.write_return(out, census_date=CENSUS)
        return len(captured)

    # The children, then their requests (with assessment, plan and placement joined) and
    # their excepted 20-week deadlines, their disagreements, and the plans' reviews,
    # amendments and phase transfers: one query each per chunk.
    # The 7 before, and the plans' needs, placements and budget lines (SEN2 modules 5b,
    # 5c and PB/OA/DP): one query each per chunk of children. And the plans that replaced
    # them after a reassessment (Reg 27(1)): one more; their own reviews, needs and so on
    # only for a chunk that has one.
    assert queries(3) == queries(27) == 11


def test_the_check_page_links_to_each_case_for_its_team_only(
    client, team, other_team, manager, make_case
):
    mine = make_case(team, received_on=d(2025, 3, 3))
    make_case(other_team, received_on=d(2025, 3, 3), last_name="Elsewhere")
    client.force_login(manager)
    response = client.get(reverse("dashboards:sen2_check"), {"census_date": "2026-01-15"})
    page = response.content.decode()
    assert reverse("casework:child_detail", args=[mine.pk]) in page
    assert "Elsewhere" not in page
    assert response.context["page"].paginator.count == 1


def test_caseworkers_cannot_open_the_check_page(client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse("dashboards:sen2_check")).status_code == 403


@override_settings(SEN2_LA_CODE="873", SEN2_DMO="R", SEN2_DCO="Y", SEN2_DSCO="N")
def test_the_page_shows_the_header_answers_with_their_meanings(client, manager):
    client.force_login(manager)
    page = client.get(reverse("dashboards:sen2_check")).content.decode()
    assert "Designated medical officer (DMO)" in page
    assert "Recruitment in progress (DMO R; setting SEN2_DMO)" in page
    assert "Designated social care officer (DSCO)" in page and "No (DSCO N" in page
