"""The SEN2 outcome codes: RequestOutcome and AssessmentOutcome (Y N A W H) and
ReviewOutcome (A C M), as SocialFinanceDigitalLabs/liia-tools
liiatools/spec/sen2/SEN2_schema_2024.xsd (commit 81996262) lists them, read on the
census date."""

import datetime
from types import SimpleNamespace

import pytest

from assessments.models import AssessmentRequest, NeedsAssessment
from sen_portal.dashboards.sen2.records import (
    Census,
    assessment_outcome,
    historical,
    request_outcome,
)
from sen_portal.sen2_codes import AssessmentOutcome, RequestOutcome, ReviewOutcome

d = datetime.date
CENSUS = Census(d(2026, 1, 15))


def _request(status="received", decided_on=None, withdrawn_on=None):
    return SimpleNamespace(
        Status=AssessmentRequest.Status,
        status=status,
        decided_on=decided_on,
        withdrawn_on=withdrawn_on,
    )


def _assessment(status="gathering_advice", decided_on=None, withdrawn_on=None):
    return SimpleNamespace(
        Status=NeedsAssessment.Status,
        status=status,
        decided_on=decided_on,
        withdrawn_on=withdrawn_on,
    )


def _plan(decided_on, transferred_from_la=""):
    return SimpleNamespace(
        assessment=_assessment("decided_to_issue", decided_on),
        transferred_from_la=transferred_from_la,
    )


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (_request("assessing", d(2025, 4, 1)), RequestOutcome.ASSESSING),
        (_request("declined", d(2025, 4, 1)), RequestOutcome.NOT_ASSESSING),
        (_request(), RequestOutcome.AWAITING),
        # Decided after the census date: not yet decided on it.
        (_request("assessing", d(2026, 2, 1)), RequestOutcome.AWAITING),
        (_request("withdrawn", None, d(2025, 6, 1)), RequestOutcome.WITHDRAWN),
        # H: the decision to assess was made before 1 January 2025, the start of the
        # collection period of the 15 January 2026 census ([SF26] requestoutcometype).
        (_request("assessing", d(2024, 2, 1)), RequestOutcome.HISTORICAL),
        (_request("assessing", d(2024, 12, 31)), RequestOutcome.HISTORICAL),
        (_request("assessing", d(2025, 1, 1)), RequestOutcome.ASSESSING),
        # A decision not to assess is never H, however old.
        (_request("declined", d(2024, 2, 1)), RequestOutcome.NOT_ASSESSING),
    ],
)
def test_request_outcome(request_, code):
    assert request_outcome(request_, CENSUS) == code


def test_request_outcome_h_is_read_from_the_decision_date_alone():
    """A plan transferred in from another council makes its assessment H, not its
    request: the request is H only when the decision to assess is before the period."""
    decided_in_period = _request("assessing", d(2025, 2, 1))
    transferred = _plan(d(2025, 6, 1), transferred_from_la="330")
    assert request_outcome(decided_in_period, CENSUS) == RequestOutcome.ASSESSING
    assert assessment_outcome(transferred.assessment, transferred, CENSUS) == "H"
    # For the 21 January 2027 census the period starts on 1 January 2026.
    census_2027 = Census(d(2027, 1, 21))
    assert request_outcome(decided_in_period, census_2027) == RequestOutcome.HISTORICAL
    assert request_outcome(_request("assessing", d(2026, 1, 1)), census_2027) == "Y"


@pytest.mark.parametrize(
    ("assessment", "plan", "code"),
    [
        (_assessment("decided_to_issue", d(2025, 6, 1)), None, AssessmentOutcome.ISSUE),
        (_assessment("decided_not_to_issue", d(2025, 6, 1)), None, AssessmentOutcome.NOT_ISSUE),
        (_assessment(), None, AssessmentOutcome.AWAITING),
        (_assessment("decided_to_issue", d(2026, 1, 16)), None, AssessmentOutcome.AWAITING),
        (_assessment("withdrawn", None, d(2025, 6, 1)), None, AssessmentOutcome.WITHDRAWN),
        # Transferred in from another council: historical.
        (
            _assessment("decided_to_issue", d(2025, 6, 1)),
            _plan(d(2025, 6, 1), transferred_from_la="330"),
            AssessmentOutcome.HISTORICAL,
        ),
    ],
)
def test_assessment_outcome(assessment, plan, code):
    assert assessment_outcome(assessment, plan, CENSUS) == code


def test_historical_is_before_the_collection_period():
    assert historical(_plan(d(2024, 12, 31)), CENSUS)
    assert not historical(_plan(d(2025, 1, 1)), CENSUS)
    assert not historical(None, CENSUS)


def test_the_code_lists_are_the_schemas():
    assert set(RequestOutcome.values) == {"Y", "N", "A", "W", "H"}
    assert set(AssessmentOutcome.values) == {"Y", "N", "A", "W", "H"}
    assert set(ReviewOutcome.values) == {"A", "C", "M"}
