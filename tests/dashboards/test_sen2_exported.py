"""SEN2 Requests item Exported in the return: the 3-digit LA code of the council a case
went to (SEN2_schema_2024.xsd, liia-tools 81996262: RequestsType/Exported), and the
validation rule that refuses this council's own code."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.test import override_settings

from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope

pytestmark = pytest.mark.django_db

d = datetime.date
CENSUS = d(2026, 1, 15)


@override_settings(SEN2_LA_CODE="999")
def test_exported_is_written_and_the_own_code_is_an_error(team, make_case):
    moved = make_case(team, received_on=d(2025, 3, 3), upn="A123456789012", last_name="Moved")
    moved.assessment_requests.update(exported_to_la="873")
    wrong = make_case(team, received_on=d(2025, 3, 3), upn="A123456789013", last_name="Wrong")
    wrong.assessment_requests.update(exported_to_la="999")
    root = ET.fromstring("".join(sen2.iter_return(census_date=CENSUS)))  # noqa: S314 - ours
    by_name = {p.findtext("Surname"): p for p in root.iter("Person")}
    assert by_name["Moved"].find("Requests").findtext("Exported") == "873"
    children = sen2.children_with_problems(scope=Scope("All"), census_date=CENSUS)
    found = {p.child.last_name: p.rules for p in sen2.problems(children)}
    assert found == {"Wrong": [sen2.RULES["exported_to_own_la"]]}
