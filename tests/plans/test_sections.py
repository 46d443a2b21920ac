"""Writing the sections: what each needs before it can be marked completed, provision that
must be specific and quantified with the right responsible agency, links that stay within
the plan, and no changes once the final plan is issued."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.models import ProvisionItem
from tests.factories import ChildFactory
from tests.plans.conftest import TODAY, fill_draft_sections

pytestmark = pytest.mark.django_db

PROVISION = {
    "what": "Speech and language therapy",
    "delivered_by": "NHS speech and language therapist",
    "how_often": "Fortnightly",
    "how_long": "45 minutes, for two terms",
    "contact_name": "Children's therapies",
}


def test_section_k_lists_the_advice_received_in_the_assessment(plan):
    entries = sorted(plan.advice_entries.values_list("title", "given_by"))
    assert [title for title, _ in entries] == [
        "Psychological advice",
        "Views of the parent or young person",
    ]
    assert entries[0][1].startswith("Dr Ezra Psychologist")
    assert entries[1][1] == "Pat Parent"
    assert plan.advice_entries.filter(dated=TODAY).count() == 2


def test_a_section_is_not_started_then_in_progress_then_completed(client, caseworker, plan):
    client.force_login(caseworker)
    detail = reverse("plans:plan_detail", args=[plan.pk])

    def status_of_a():
        page = client.get(detail).content.decode()
        return page.split('id="section-a-status"')[1].split("</div>")[0]

    def version():  # the version the section's form was built from (no lost updates)
        plan.refresh_from_db()
        return plan.version

    assert "Not yet started" in status_of_a()
    client.post(
        reverse("plans:section", args=[plan.pk, "a"]),
        {
            "a_views": "Likes lego.",
            "a_interests": "",
            "a_aspirations": "",
            "completed": "no",
            "version_field": version(),
        },
    )
    assert "In progress" in status_of_a()
    client.post(
        reverse("plans:section", args=[plan.pk, "a"]),
        {
            "a_views": "Likes lego.",
            "a_interests": "Building.",
            "a_aspirations": "To be an engineer.",
            "completed": "yes",
            "version_field": version(),
        },
    )
    assert "Completed" in status_of_a()


def test_a_section_cannot_be_marked_completed_until_it_meets_its_rules(client, caseworker, plan):
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:section", args=[plan.pk, "b"]),
        {"completed": "yes", "version_field": plan.version},
    )
    assert response.status_code == 200
    assert "Add at least one special educational need" in response.content.decode()
    plan.refresh_from_db()
    assert "B" not in plan.completed_sections
    # Nothing half-saved either: a text section with an error keeps its old text.
    response = client.post(
        reverse("plans:section", args=[plan.pk, "a"]),
        {
            "a_views": "Only views.",
            "a_interests": "",
            "a_aspirations": "",
            "completed": "yes",
            "version_field": plan.version,
        },
    )
    assert "Enter their views, their interests and their aspirations" in response.content.decode()
    plan.refresh_from_db()
    assert plan.a_views == ""


def test_removing_the_last_need_takes_the_completed_mark_off_b_and_e(
    client, caseworker, ready_plan
):
    client.force_login(caseworker)
    pages = [
        client.post(
            reverse("plans:item_remove", args=[ready_plan.pk, "b", need.pk]), follow=True
        ).content.decode()
        for need in ready_plan.needs.order_by("id")
    ]
    # The first need was the one outcome E1 meets; the second was the last need.
    assert "Section E is no longer marked as completed: Link outcome E1" in pages[0]
    assert "Section B is no longer marked as completed" in pages[1]
    ready_plan.refresh_from_db()
    assert "B" not in ready_plan.completed_sections
    assert "E" not in ready_plan.completed_sections


def test_an_outcome_must_say_which_needs_it_meets(client, caseworker, ready_plan):
    client.force_login(caseworker)
    response = client.post(
        reverse("plans:item_add", args=[ready_plan.pk, "e"]),
        {"description": "Makes a friend.", "achieve_by": "July"},
    )
    assert "Select the needs this outcome meets" in response.content.decode()
    assert ready_plan.outcomes.count() == 1


def test_from_year_9_the_outcomes_must_include_preparing_for_adulthood(
    team, caseworker, decide_to_issue
):
    teenager = ChildFactory(
        team=team, date_of_birth=TODAY - datetime.timedelta(days=365 * 14 + 100)
    )
    plan = services.plan_start(assessment=decide_to_issue(teenager), acting_user=caseworker)
    with pytest.raises(ValidationError, match="preparing for adulthood"):
        fill_draft_sections(plan, caseworker)
    outcome = plan.outcomes.get()
    services.plan_item_save(
        plan=plan,
        code="E",
        item=outcome,
        data={"preparing_for_adulthood": "independent_living"},
        acting_user=caseworker,
    )
    services.plan_section_mark(plan=plan, code="E", completed=True, acting_user=caseworker)
    plan.refresh_from_db()
    assert "E" in plan.completed_sections


@pytest.mark.parametrize(
    "code,agency,allowed",
    [
        ("F", "la_education", True),
        ("F", "school", True),
        ("F", "health", False),
        ("G", "health", True),
        ("G", "la_education", False),
        ("H1", "social_care", True),
        ("H2", "school", False),
    ],
)
def test_provision_is_the_responsibility_of_an_agency_its_section_allows(
    caseworker, plan, code, agency, allowed
):
    data = {**PROVISION, "responsible_agency": agency}
    if allowed:
        services.plan_item_save(plan=plan, code=code, data=data, acting_user=caseworker)
        assert ProvisionItem.objects.get(plan=plan).responsible_agency == agency
    else:
        with pytest.raises(ValidationError, match="responsibility of"):
            services.plan_item_save(plan=plan, code=code, data=data, acting_user=caseworker)
        assert not ProvisionItem.objects.filter(plan=plan).exists()


def test_the_provision_form_offers_only_the_agencies_its_section_allows(client, caseworker, plan):
    client.force_login(caseworker)
    page = client.get(reverse("plans:item_add", args=[plan.pk, "g"])).content.decode()
    assert 'value="health"' in page
    assert 'value="la_education"' not in page
    response = client.post(
        reverse("plans:item_add", args=[plan.pk, "g"]),
        {**PROVISION, "responsible_agency": "la_education"},
    )
    assert response.status_code == 200
    assert not ProvisionItem.objects.filter(plan=plan).exists()


def test_provision_cannot_link_to_another_plans_outcomes(
    caseworker, ready_plan, other_team, decide_to_issue
):
    other_child = ChildFactory(team=caseworker.team)
    other_plan = services.plan_start(
        assessment=decide_to_issue(other_child), acting_user=caseworker
    )
    foreign = ready_plan.outcomes.get()
    with pytest.raises(ValidationError, match="this plan's own entries"):
        services.plan_item_save(
            plan=other_plan,
            code="F",
            data={**PROVISION, "responsible_agency": "school", "outcomes": [foreign]},
            acting_user=caseworker,
        )


def test_a_row_of_another_plan_or_section_is_not_found(client, caseworker, ready_plan):
    client.force_login(caseworker)
    g_item = ready_plan.provision.get(section="G")
    assert (
        client.get(reverse("plans:item_edit", args=[ready_plan.pk, "f", g_item.pk])).status_code
        == 404
    )
    assert client.get(reverse("plans:section", args=[ready_plan.pk, "z"])).status_code == 404


def test_the_draft_names_no_school_even_when_section_i_has_one(
    caseworker, ready_plan, institutions
):
    services.plan_section_update(
        plan=ready_plan,
        code="I",
        data={"placement": institutions["special"]},
        acting_user=caseworker,
    )
    version = services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    assert version.snapshot["sections"]["I"]["institution"] is None
    assert "Brookside" not in str(version.snapshot)


def test_nothing_can_be_changed_once_the_final_plan_is_issued(caseworker, final_ready):
    services.plan_issue_final(plan=final_ready, on=TODAY, acting_user=caseworker)
    with pytest.raises(services.ActionRefused, match="amendments"):
        services.plan_section_update(
            plan=final_ready, code="C", data={"c_health_needs": "Changed"}, acting_user=caseworker
        )
    with pytest.raises(services.ActionRefused):
        services.plan_item_remove(
            plan=final_ready,
            code="B",
            item=final_ready.needs.first(),
            acting_user=caseworker,
        )
    assert final_ready.needs.count() == 2


def test_every_change_is_in_the_case_history_without_its_text(caseworker, plan):
    services.plan_section_update(
        plan=plan,
        code="D",
        data={"d_social_care_needs": "Private detail about home life."},
        acting_user=caseworker,
    )
    event = plan.child.chronology.filter(kind="plan_section_changed").get()
    assert event.summary == (
        "EHC plan Section D: Social care needs related to special educational needs or "
        "disability: changed"
    )
    assert "Private detail" not in event.summary + event.note
    assert not event.visible_to_family
