"""Caseworkers record what decides a phase transfer (Reg 18; reviews/phases.py): the year
group a child is taught in, and whether the school named in section I is all-through or
has its own sixth form. GOV.UK form, validated, written to the chronology."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.models import Plan
from sen_portal.casework.models import ChronologyEvent

pytestmark = pytest.mark.django_db


def test_a_caseworker_sets_the_year_group_and_the_schools_facts(client, plan_in_force, caseworker):
    plan = plan_in_force
    client.force_login(caseworker)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert "Year group and school details for phase transfers" in page
    url = reverse("plans:phase_facts", args=[plan.pk])
    form = client.get(url).content.decode()
    assert "Which year group are they taught in?" in form
    assert "all-through school?" in form and plan.placement.name in form

    missing = client.post(url, {"year_group_offset": "-1"}).content.decode()
    assert "Select yes if the school is all-through" in missing
    assert "govuk-error-summary" in missing
    wrong = client.post(url, {"year_group_offset": "5", "all_through": "no", "sixth_form": "no"})
    assert "govuk-error-summary" in wrong.content.decode()

    response = client.post(
        url, {"year_group_offset": "-1", "all_through": "yes", "sixth_form": "no"}
    )
    assert response.status_code == 302
    plan = Plan.objects.select_related("placement").get(pk=plan.pk)
    assert plan.year_group_offset == -1
    assert plan.placement.all_through and not plan.placement.sixth_form
    event = ChronologyEvent.objects.get(kind="plan_phase_facts")
    assert event.actor == caseworker
    assert "Taught in: their own year group -> one year below their age group" in event.note
    assert "all-through school: no -> yes" in event.note

    # The same again changes nothing and records nothing.
    client.post(url, {"year_group_offset": "-1", "all_through": "yes", "sixth_form": "no"})
    assert ChronologyEvent.objects.filter(kind="plan_phase_facts").count() == 1


def test_the_service_validates(plan_in_force, caseworker):
    with pytest.raises(ValidationError, match="Select the year group"):
        services.plan_set_phase_facts(
            plan=plan_in_force, year_group_offset=3, acting_user=caseworker
        )
