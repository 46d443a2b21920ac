"""Who may do what with a plan. Caseworkers and managers of the child's team run it; a
system administrator reads it but decides nothing; other teams cannot tell it exists;
advice givers and editors never reach it; a family member reads only what was issued to
them. Buttons appear only for legal, permitted steps, and a hand-made POST for any other
step changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import services
from plans.models import Plan
from sen_portal.casework.models import RecordAccess
from sen_portal.family.models import YoungPersonAccess
from tests.plans.conftest import TODAY, date_fields

pytestmark = pytest.mark.django_db


def test_reading_a_plan_is_logged(client, caseworker, plan):
    client.force_login(caseworker)
    client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert RecordAccess.objects.filter(user=caseworker, child=plan.child).exists()


def test_the_plans_list_shows_only_the_teams_plans(client, caseworker, other_caseworker, plan):
    client.force_login(other_caseworker)
    assert plan.child.full_name not in client.get(reverse("plans:plan_list")).content.decode()
    client.force_login(caseworker)
    assert plan.child.full_name in client.get(reverse("plans:plan_list")).content.decode()


def test_issue_buttons_appear_only_when_the_step_is_legal(client, caseworker, plan):
    client.force_login(caseworker)
    issue_draft = reverse("plans:plan_issue_draft", args=[plan.pk])
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert issue_draft not in page
    assert "Mark every section except I as completed" in page
    from tests.plans.conftest import fill_draft_sections

    fill_draft_sections(plan, caseworker)
    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert issue_draft in page
    assert reverse("plans:plan_issue_final", args=[plan.pk]) not in page


def test_a_system_administrator_sees_no_buttons_and_cannot_post_a_step(
    client, admin_user, ready_plan
):
    client.force_login(admin_user)
    page = client.get(reverse("plans:plan_detail", args=[ready_plan.pk])).content.decode()
    assert reverse("plans:plan_issue_draft", args=[ready_plan.pk]) not in page
    response = client.post(
        reverse("plans:plan_issue_draft", args=[ready_plan.pk]), date_fields("on", TODAY)
    )
    assert response.status_code == 403
    ready_plan.refresh_from_db()
    assert ready_plan.status == "drafting"


def test_a_hand_made_post_for_an_illegal_step_changes_nothing(client, caseworker, ready_plan):
    client.force_login(caseworker)
    # The final plan before any draft: refused, with the reason.
    response = client.post(
        reverse("plans:plan_issue_final", args=[ready_plan.pk]), date_fields("on", TODAY)
    )
    assert response.status_code == 409
    assert "the plan is drafting" in response.content.decode()
    ready_plan.refresh_from_db()
    assert ready_plan.status == "drafting"
    assert not ready_plan.versions.exists()


def test_issuing_the_draft_twice_is_refused_the_second_time(client, caseworker, ready_plan):
    client.force_login(caseworker)
    url = reverse("plans:plan_issue_draft", args=[ready_plan.pk])
    assert client.post(url, date_fields("on", TODAY)).status_code == 302
    assert client.post(url, date_fields("on", TODAY)).status_code == 409
    assert ready_plan.versions.count() == 1


def test_another_teams_caseworker_cannot_change_the_plan_by_post(
    client, other_caseworker, ready_plan
):
    client.force_login(other_caseworker)
    assert (
        client.post(
            reverse("plans:plan_issue_draft", args=[ready_plan.pk]), date_fields("on", TODAY)
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("plans:item_add", args=[ready_plan.pk, "b"]),
            {"area": "semh", "description": "Added by someone else"},
        ).status_code
        == 404
    )
    assert not ready_plan.needs.filter(description="Added by someone else").exists()
    ready_plan.refresh_from_db()
    assert ready_plan.status == "drafting"


def test_starting_a_plan_twice_leads_to_the_one_already_started(
    client, caseworker, child, assessment
):
    client.force_login(caseworker)
    assert client.post(reverse("plans:plan_start", args=[assessment.pk])).status_code == 302
    plan = Plan.objects.get(assessment=assessment)
    response = client.post(reverse("plans:plan_start", args=[assessment.pk]))
    assert response.url == reverse("plans:plan_detail", args=[plan.pk])
    assert Plan.objects.filter(child=child).count() == 1
    with pytest.raises(services.ActionRefused, match="already been started"):
        services.plan_start(assessment=assessment, acting_user=caseworker)


def test_a_plan_cannot_start_before_the_decision_to_issue(client, caseworker, team):
    from assessments import services as assessment_services
    from tests.factories import ChildFactory
    from tests.plans.conftest import days_ago

    child = ChildFactory(team=team, caseworker=caseworker)
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=days_ago(20),
        reasons="Struggling to read.",
        consent_to_share=False,
        acting_user=caseworker,
    )
    assessment = assessment_services.request_decide_to_assess(
        assessment_request=request, on=days_ago(5), acting_user=caseworker
    )
    client.force_login(caseworker)
    response = client.post(reverse("plans:plan_start", args=[assessment.pk]))
    assert response.status_code == 409
    assert not Plan.objects.filter(child=child).exists()


# --- Families: what was issued to them, nothing else --------------------------------------


def test_a_family_member_reads_who_does_what_once_a_version_is_issued(
    client, family_member, family_user, ready_plan, caseworker
):
    client.force_login(family_user)
    url = reverse("plans:who_does_what", args=[ready_plan.pk])
    assert client.get(url).status_code == 404  # nothing issued yet
    services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    # A change after the draft is not shown to the family until it is issued.
    services.plan_item_save(
        plan=ready_plan,
        code="H2",
        data={
            "what": "Unissued short breaks",
            "delivered_by": "Short breaks service",
            "how_often": "Weekly",
            "how_long": "A year",
            "responsible_agency": "social_care",
            "contact_name": "Short breaks team",
        },
        acting_user=caseworker,
    )
    page = client.get(url).content.decode()
    assert "Structured phonics programme, part 1" in page
    assert "Health commissioner (ICB)" in page
    assert "Unissued short breaks" not in page
    version = reverse("plans:version_detail", args=[ready_plan.pk, 1])
    assert client.get(version).status_code == 200
    # Never the plan being drafted.
    assert client.get(reverse("plans:plan_detail", args=[ready_plan.pk])).status_code == 403


def test_a_family_member_of_another_child_finds_nothing(
    client, family_user, ready_plan, caseworker
):
    # family_user is not linked to this child (no family_member fixture).
    services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    client.force_login(family_user)
    assert client.get(reverse("plans:who_does_what", args=[ready_plan.pk])).status_code == 404
    assert client.get(reverse("plans:version_pdf", args=[ready_plan.pk, 1])).status_code == 404
    assert client.get(reverse("plans:version_detail", args=[ready_plan.pk, 1])).status_code == 404


def test_a_parent_whose_access_the_young_person_withdrew_finds_nothing(
    client, family_member, family_user, ready_plan, caseworker
):
    services.plan_issue_draft(plan=ready_plan, on=TODAY, acting_user=caseworker)
    client.force_login(family_user)
    url = reverse("plans:who_does_what", args=[ready_plan.pk])
    assert client.get(url).status_code == 200
    # The young person's decision, which every family read asks.
    YoungPersonAccess.objects.create(child=ready_plan.child, parents_keep_access=False)
    assert client.get(url).status_code == 404
    assert client.get(reverse("plans:version_pdf", args=[ready_plan.pk, 1])).status_code == 404
