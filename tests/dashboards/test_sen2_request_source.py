"""SEN2 RequestSource and reassessments (CFA s36(1) against s44(2)-(3)).

Robin's request for assessment, from their parent, was received on Monday 3 March 2025
and the plan issued on Monday 14 July 2025. On Monday 1 September 2025 the council
decided itself that a reassessment was necessary (CFA s44(3)). SEN2's RequestSource has
five codes for who asked for an EHC needs assessment and none for the council itself
(sen2_codes [SYN26]), and needs none: the council's decision is not a request, and no
reassessment is in the Requests module. On census day, Thursday 15 January 2026, the
return has Robin's one request (RequestSource 1, the parent), and nothing for the check to
report.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from assessments.models import AssessmentRequest
from sen_portal import sen2_codes
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope
from tests.dashboards.test_sen2_modules import read_csv

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)


@pytest.fixture
def reassessing(team, make_case, caseworker):
    child = make_case(team, received_on=d(2025, 3, 3), plan_on=d(2025, 7, 14),
                      upn="A123456789012", la_reference="NS-0200")  # fmt: skip
    AssessmentRequest.objects.create(
        child=child, kind=AssessmentRequest.Kind.REASSESSMENT, requester="council",
        received_on=d(2025, 9, 1), reasons="Needs have changed a great deal.",
        recorded_by=caseworker, status=AssessmentRequest.Status.ASSESSING,
        decided_on=d(2025, 9, 1),
    )  # fmt: skip
    return child


def problems() -> dict[str, list[str]]:
    children = sen2.children_with_problems(scope=Scope("All"), census_date=CENSUS)
    return {p.child.la_reference: p.rules + p.queries for p in sen2.problems(children)}


def test_the_councils_own_reassessment_is_not_a_request_and_has_no_source(tmp_path, reassessing):
    call_command("sen2_export", census_date=CENSUS.isoformat(), output=str(tmp_path),
                 format="csv", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    requests = read_csv(tmp_path / "requests.csv")
    assert [(row["ReceivedDate"], row["RequestSource"]) for row in requests] == [
        ("2025-03-03", "1")
    ]
    assert "council" not in sen2_codes.REQUEST_SOURCE_OF_REQUESTER
    assert problems() == {}


def test_a_request_for_assessment_with_no_source_is_reported(reassessing, monkeypatch):
    """Were a requester ever without a SEN2 code, the check says so rather than the
    return carrying an empty or invented RequestSource."""
    unmapped = dict(sen2_codes.REQUEST_SOURCE_OF_REQUESTER)
    del unmapped["parent"]
    monkeypatch.setattr(sen2.validation, "REQUEST_SOURCE_OF_REQUESTER", unmapped)
    assert problems() == {"NS-0200": [sen2.validation.RULES["request_source_missing"]]}


def test_someone_elses_request_for_assessment_is_queried(team, make_case):
    child = make_case(team, received_on=d(2025, 3, 3), upn="A123456789012",
                      la_reference="NS-0201")  # fmt: skip
    AssessmentRequest.objects.filter(child=child).update(requester="other")
    assert problems() == {"NS-0201": [sen2.validation.QUERIES["request_source_other"]]}
