"""SEN2 Requests item Exported captured on the withdrawal forms: the 3-digit LA code of
the council a case went to (SEN2_schema_2024.xsd, liia-tools 81996262:
RequestsType/Exported), never this council's own code."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from assessments import services
from assessments.forms import WithdrawForm
from assessments.models import AssessmentRequest
from tests.assessments.helpers import TODAY

pytestmark = pytest.mark.django_db

d = datetime.date


def _form(code):
    return WithdrawForm(
        {
            "on_day": "1",
            "on_month": "6",
            "on_year": "2025",
            "reason": "Moved",
            "exported_to_la": code,
        },
        not_before=d(2025, 1, 1),
        before_what="the day it was received",
    )


@override_settings(SEN2_LA_CODE="999")
def test_the_withdrawal_form_refuses_this_councils_own_code():
    form = _form("999")
    form.is_valid()
    assert "exported_to_la" in form.errors
    assert "not this council's own" in form.errors["exported_to_la"][0]
    form = _form("87")
    form.is_valid()
    assert "exported_to_la" in form.errors
    form = _form("873")
    form.is_valid()
    assert "exported_to_la" not in form.errors


@override_settings(SEN2_LA_CODE="999")
def test_withdrawing_a_request_records_where_they_moved(received_request, caseworker):
    with pytest.raises(ValidationError):
        services.request_withdraw(
            assessment_request=received_request,
            on=TODAY,
            reason="Moved away.",
            exported_to_la="999",
            acting_user=caseworker,
        )
    services.request_withdraw(
        assessment_request=received_request,
        on=TODAY,
        reason="Moved to another county.",
        exported_to_la="873",
        acting_user=caseworker,
    )
    received_request.refresh_from_db()
    assert received_request.exported_to_la == "873"
    assert received_request.status == AssessmentRequest.Status.WITHDRAWN


def test_withdrawing_an_assessment_records_it_on_the_request(assessment, caseworker):
    services.assessment_withdraw(
        assessment=assessment,
        on=TODAY,
        reason="The family moved.",
        exported_to_la="330",
        acting_user=caseworker,
    )
    assert AssessmentRequest.objects.get(pk=assessment.request_id).exported_to_la == "330"


def test_the_withdrawal_page_captures_the_code(client, received_request, caseworker):
    client.force_login(caseworker)
    url = reverse("assessments:request_withdraw", args=[received_request.pk])
    assert 'name="exported_to_la"' in client.get(url).content.decode()
    client.post(
        url,
        {
            "on_day": str(TODAY.day),
            "on_month": str(TODAY.month),
            "on_year": str(TODAY.year),
            "reason": "Moved to another county.",
            "exported_to_la": "873",
        },
    )
    received_request.refresh_from_db()
    assert received_request.exported_to_la == "873"
