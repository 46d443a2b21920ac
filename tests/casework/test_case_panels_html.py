"""The case page's panels written in Python (each app's ``case_panel_html``) are byte for
byte what their templates write (issue #22): each panel's own template (``CasePanel.template``,
which the page no longer renders once the panel has ``html``) is rendered beside the new
code over rows of every shape."""

import datetime
import itertools
import uuid

import pytest
from django.template import Context
from django.template.loader import get_template

from assessments.models import AssessmentRequest, NeedsAssessment
from assessments.models.assessment import AssessmentStatus
from assessments.models.request import RequestKind, RequestStatus
from assessments.panels import PANEL_TEMPLATE as ASSESSMENTS_TEMPLATE
from assessments.panels import case_panel_html as assessments_html
from tests.factories import ChildFactory


def _old(name: str, **context) -> str:
    return get_template(name).template.render(Context(context))


def _assessment_requests(child):
    day = datetime.date(2026, 3, 2)
    rows = []
    shapes = itertools.product(
        RequestKind.values, RequestStatus.values, [None, *AssessmentStatus.values]
    )
    for n, (kind, status, assessment_status) in enumerate(shapes):
        req = AssessmentRequest(
            pk=uuid.uuid4(),
            child=child,
            kind=kind,
            status=status,
            received_on=day - datetime.timedelta(days=n),
        )
        if assessment_status:
            req.assessment = NeedsAssessment(
                pk=uuid.uuid4(),
                request=req,
                status=assessment_status,
                started_on=day + datetime.timedelta(days=2 * n),
            )
        rows.append(req)
    return rows


@pytest.mark.django_db
@pytest.mark.parametrize("many", [False, True])
@pytest.mark.parametrize("can_record", [False, True])
@pytest.mark.parametrize("reassess", [False, True])
def test_the_assessments_panel_is_its_old_template_byte_for_byte(many, can_record, reassess):
    child = ChildFactory()
    requests = _assessment_requests(child) if many else []
    context = {"requests": requests, "can_record": can_record, "next_is_reassessment": reassess}
    old = _old(ASSESSMENTS_TEMPLATE, child=child, **context)
    assert assessments_html(child, context) == old
