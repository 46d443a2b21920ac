"""Who the portal speaks to, and whether it still offers rights that have run out.

A young person (over compulsory school age) who follows their own case reads "your
case", not their own name in the third person, while their parent still reads the
child's name. An appeal date that has passed is no longer offered as a right."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from sen_portal.accounts.roles import Role
from sen_portal.family.models import YoungPersonAccess
from sen_portal.family.story import when
from tests.factories import ChildFactory, FamilyMemberFactory, UserFactory
from tests.journeys import quick_plan

TODAY = timezone.localdate()


@pytest.fixture
def ren(team, caseworker):
    """A young person of 17 with a final plan issued a month ago."""
    born = TODAY - datetime.timedelta(days=365 * 17 + 10)
    person = ChildFactory(
        team=team, caseworker=caseworker, first_name="Ren", last_name="Older", date_of_birth=born
    )
    quick_plan(person, issued_on=TODAY - datetime.timedelta(days=30), by=caseworker)
    return person


@pytest.fixture
def ren_account(ren):
    user = UserFactory(role=Role.FAMILY, full_name="Ren Older")
    YoungPersonAccess.objects.create(child=ren, user=user)
    return user


def get(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_a_young_person_reads_their_own_case_as_you(client, ren, ren_account):
    client.force_login(ren_account)
    text = get(client, "family:case", ren.pk)
    assert "Where your case stands" in text
    assert "Your final EHC plan was issued on" in text
    assert "We issued your final EHC plan on" in text
    assert "Ren&#x27;s" not in text
    assert "Ren's" not in text


def test_a_young_person_home_page_says_your_case_not_your_childs(client, ren, ren_account):
    client.force_login(ren_account)
    text = get(client, "home")
    assert "Your child" not in text
    assert "Your case" in text
    assert "See where your case stands" in text
    # Not "Family member": the account is the young person's own.
    assert '<span class="govuk-caption-l">Family portal</span>' in text


def test_a_parent_of_a_young_person_still_reads_their_name(client, ren, ren_account, family_user):
    FamilyMemberFactory(child=ren, user=family_user, full_name=family_user.full_name)
    client.force_login(family_user)
    text = get(client, "family:case", ren.pk)
    assert "Where Ren's case stands" in text
    assert "Ren&#x27;s final EHC plan was issued on" in text
    assert "See where Ren's case stands" in get(client, "home")


def test_a_final_plan_past_its_appeal_date_offers_no_appeal(client, family_user, make_plan):
    plan = make_plan(
        born=TODAY - datetime.timedelta(days=365 * 9),
        issued_on=TODAY - datetime.timedelta(days=200),
        first_name="Kit",
    )
    FamilyMemberFactory(child=plan.child, user=family_user)
    client.force_login(family_user)
    text = get(client, "family:case", plan.child.pk)
    assert "Kit&#x27;s final EHC plan was issued on" in text
    assert "If you disagree" not in text
    assert "The tribunal must get your appeal by" not in text


def test_a_decision_not_to_assess_past_its_appeal_date_says_the_date_passed(
    family_client, child, caseworker
):
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=TODAY - datetime.timedelta(days=100),
        reasons="Struggling with reading.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )
    request = assessment_services.request_decline(
        assessment_request=request,
        on=TODAY - datetime.timedelta(days=80),
        reasons="Needs can be met from the school's own resources.",
        acting_user=caseworker,
    )
    assert request.appeal_due_on < TODAY
    text = get(family_client, "family:case", child.pk)
    assert "not to assess Sam&#x27;s needs" in text
    assert "The tribunal must get your appeal by" not in text
    assert "See your rights below" not in text
    assert (
        f"The last day to appeal against this decision was {when(request.appeal_due_on)}." in text
    )
