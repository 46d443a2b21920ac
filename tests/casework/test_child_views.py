import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sen_portal.casework.demo import demo_nhs_number, demo_uln, demo_upn
from sen_portal.casework.models import Child, ChronologyEvent, RecordAccess
from tests.factories import ChildFactory

TODAY = timezone.localdate()


def valid_case(**overrides):
    dob = TODAY - datetime.timedelta(days=365 * 7)
    data = {
        "first_name": "Robin",
        "last_name": "Madeupson",
        "date_of_birth_day": str(dob.day),
        "date_of_birth_month": str(dob.month),
        "date_of_birth_year": str(dob.year),
        "la_reference": "ns-2025-0042",
        "upn": demo_upn(42),
        "uln": "",
        "nhs_number": demo_nhs_number(42),
        "postcode": "zz9 9zz",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_a_caseworker_opens_a_case_and_the_chronology_records_it(signed_in, caseworker):
    response = signed_in.post(reverse("casework:child_create"), valid_case())
    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("casework:child_detail", args=[child.pk])
    assert child.team == caseworker.team  # staff open cases in their own team
    assert child.la_reference == "NS-2025-0042"
    assert child.postcode == "ZZ9 9ZZ"
    event = ChronologyEvent.objects.get(child=child)
    assert event.kind == "case_opened"
    assert event.actor == caseworker


def test_identifiers_are_accepted_with_spaces_and_stored_compact(signed_in):
    nhs = demo_nhs_number(7)
    signed_in.post(
        reverse("casework:child_create"),
        valid_case(nhs_number=f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", uln=demo_uln(7)),
    )
    child = Child.objects.get()
    assert child.nhs_number == nhs
    assert child.uln == demo_uln(7)


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"nhs_number": "9434765918"}, "Enter a real NHS number"),
        ({"upn": "A801200102012"}, "Enter a real unique pupil number (UPN)"),
        ({"uln": "1234567890"}, "Enter a real unique learner number (ULN)"),
        ({"first_name": ""}, "Enter the first name"),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "Enter a real date"),
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "Enter the date of birth",
        ),
    ],
)
def test_bad_input_is_refused_with_an_error_summary_and_nothing_saved(
    signed_in, overrides, message
):
    response = signed_in.post(reverse("casework:child_create"), valid_case(**overrides))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert Child.objects.count() == 0
    assert ChronologyEvent.objects.count() == 0


def test_a_date_of_birth_in_the_future_is_refused(signed_in):
    tomorrow = TODAY + datetime.timedelta(days=1)
    response = signed_in.post(
        reverse("casework:child_create"),
        valid_case(
            date_of_birth_day=str(tomorrow.day),
            date_of_birth_month=str(tomorrow.month),
            date_of_birth_year=str(tomorrow.year),
        ),
    )
    assert "Date of birth must be today or in the past" in response.text
    assert Child.objects.count() == 0


def test_a_new_case_for_someone_aged_25_or_over_is_refused(signed_in):
    response = signed_in.post(
        reverse("casework:child_create"),
        valid_case(date_of_birth_year=str(TODAY.year - 26)),
    )
    assert "The young person must be under 25" in response.text
    assert Child.objects.count() == 0


def test_a_duplicate_la_reference_is_refused(signed_in, child):
    response = signed_in.post(
        reverse("casework:child_create"), valid_case(la_reference=child.la_reference.lower())
    )
    assert "A case with this LA reference already exists" in response.text
    assert Child.objects.count() == 1


def test_the_errors_link_to_the_fields_and_describe_them(signed_in):
    response = signed_in.post(reverse("casework:child_create"), valid_case(first_name=""))
    assert 'href="#id_first_name"' in response.text
    assert 'aria-describedby="id_first_name_error"' in response.text
    assert 'id="id_first_name_error"' in response.text


def test_a_caseworkers_new_case_is_their_own_whatever_is_posted(
    signed_in, caseworker, other_caseworker
):
    signed_in.post(
        reverse("casework:child_create"), valid_case(caseworker=str(other_caseworker.pk))
    )
    assert Child.objects.get().caseworker == caseworker


def test_a_manager_cannot_assign_a_case_to_another_teams_caseworker(
    client, manager, other_caseworker
):
    client.force_login(manager)
    response = client.post(
        reverse("casework:child_create"), valid_case(caseworker=str(other_caseworker.pk))
    )
    assert response.status_code == 200
    assert Child.objects.count() == 0


def test_a_manager_reassigns_a_case_and_the_chronology_says_so(client, manager, child, team):
    from tests.factories import UserFactory

    newcomer = UserFactory(role="caseworker", team=team, full_name="Nia Newcomer")
    client.force_login(manager)
    dob = child.date_of_birth
    client.post(
        reverse("casework:child_edit", args=[child.pk]),
        valid_case(
            first_name=child.first_name,
            last_name=child.last_name,
            la_reference=child.la_reference,
            upn="",
            nhs_number="",
            postcode="",
            date_of_birth_day=str(dob.day),
            date_of_birth_month=str(dob.month),
            date_of_birth_year=str(dob.year),
            caseworker=str(newcomer.pk),
            version_field=child.version,  # the version the form was built from
        ),
    )
    child.refresh_from_db()
    assert child.caseworker == newcomer
    event = ChronologyEvent.objects.get(child=child, kind="case_reassigned")
    assert event.summary == "Case reassigned from Casey Worker to Nia Newcomer"
    assert not ChronologyEvent.objects.filter(child=child, kind="case_details_changed").exists()


def test_caseworkers_do_not_see_the_assignment_field(signed_in, child):
    response = signed_in.get(reverse("casework:child_edit", args=[child.pk]))
    assert 'name="caseworker"' not in response.text


def test_editing_a_case_records_which_details_changed_but_not_their_values(signed_in, child):
    response = signed_in.get(reverse("casework:child_edit", args=[child.pk]))
    assert response.status_code == 200
    data = valid_case(la_reference=child.la_reference, first_name="Samuel", upn="", nhs_number="")
    dob = child.date_of_birth
    data.update(
        date_of_birth_day=str(dob.day),
        date_of_birth_month=str(dob.month),
        date_of_birth_year=str(dob.year),
        last_name=child.last_name,
        postcode="",
        caseworker=str(child.caseworker_id),
        version_field=child.version,
    )
    signed_in.post(reverse("casework:child_edit", args=[child.pk]), data)
    child.refresh_from_db()
    assert child.first_name == "Samuel"
    event = ChronologyEvent.objects.get(child=child, kind="case_details_changed")
    assert "first name" in event.summary
    assert "Samuel" not in event.summary


def test_reading_a_case_is_logged(signed_in, caseworker, child):
    signed_in.get(reverse("casework:child_detail", args=[child.pk]))
    log = RecordAccess.objects.get()
    assert (log.user, log.child) == (caseworker, child)
    assert log.path == reverse("casework:child_detail", args=[child.pk])


def test_another_teams_case_is_not_found_and_nothing_is_logged(client, other_caseworker, child):
    client.force_login(other_caseworker)
    for name in ("casework:child_detail", "casework:child_edit", "casework:family_member_add"):
        assert client.get(reverse(name, args=[child.pk])).status_code == 404
    assert RecordAccess.objects.count() == 0


def test_a_manager_sees_every_case_of_their_team(client, manager, child):
    client.force_login(manager)
    assert client.get(reverse("casework:child_detail", args=[child.pk])).status_code == 200


def test_adding_a_family_member_makes_them_the_only_main_contact(signed_in, child):
    url = reverse("casework:family_member_add", args=[child.pk])
    for name in ("Alex Parentson", "Billie Parentson"):
        signed_in.post(
            url,
            {
                "full_name": name,
                "relationship": "parent",
                "parental_responsibility": "on",
                "is_main_contact": "on",
                "email": "family@example.org",
            },
        )
    members = {m.full_name: m.is_main_contact for m in child.family_members.all()}
    assert members == {"Alex Parentson": False, "Billie Parentson": True}
    assert child.chronology.filter(kind="family_member_added").count() == 2


def test_a_family_member_needs_a_name_and_relationship(signed_in, child):
    response = signed_in.post(reverse("casework:family_member_add", args=[child.pk]), {})
    assert "Enter their full name" in response.text
    assert "Select their relationship to the child" in response.text
    assert 'href="#id_relationship_0"' in response.text  # the first radio exists
    assert 'id="id_relationship_0"' in response.text


def test_the_case_list_shows_only_the_teams_cases_and_searches(signed_in, team, other_team):
    ChildFactory(team=team, first_name="Findable", last_name="Person", la_reference="NS-1")
    ChildFactory(team=team, first_name="Other", last_name="Child", la_reference="NS-2")
    ChildFactory(team=other_team, first_name="Findable", last_name="Elsewhere", la_reference="NS-3")
    everything = signed_in.get(reverse("casework:child_list"))
    assert "Person, Findable" in everything.text and "Child, Other" in everything.text
    assert "Elsewhere" not in everything.text
    found = signed_in.get(reverse("casework:child_list"), {"q": "findable"})
    assert "Person, Findable" in found.text and "Child, Other" not in found.text
    by_reference = signed_in.get(reverse("casework:child_list"), {"q": "ns-2"})
    assert "Child, Other" in by_reference.text
    nothing = signed_in.get(reverse("casework:child_list"), {"q": "zzzz"})
    assert "No cases match" in nothing.text


def test_the_case_list_is_paginated_and_keeps_the_search(signed_in, team):
    ChildFactory.create_batch(30, team=team, last_name="Pagetest")
    first = signed_in.get(reverse("casework:child_list"), {"q": "pagetest"})
    assert "Showing 1 to 25" in first.text
    assert "?q=pagetest&amp;page=2" in first.text
    second = signed_in.get(reverse("casework:child_list"), {"q": "pagetest", "page": 2})
    assert "Showing 26 to 30" in second.text


def test_the_case_list_uses_the_same_number_of_queries_for_5_or_50_cases(
    signed_in, team, caseworker, django_assert_num_queries
):
    def count_for(n):
        ChildFactory.create_batch(n, team=team, caseworker=caseworker)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            signed_in.get(reverse("casework:child_list"))
        return len(ctx)

    assert count_for(5) == count_for(45)


def test_the_case_list_query_budget(signed_in, team, caseworker, django_assert_num_queries):
    ChildFactory.create_batch(10, team=team, caseworker=caseworker)
    # session, user with the header's unread notifications count; count (an index-only
    # count of the team's cases), one page of children with team and caseworker joined
    # (read in index order), the page's stages. No transaction (a read-only page) and no
    # session save (the idle timeout's expiry is pushed back at most once a minute).
    # Production reads the session from Redis (cached_db): 4 there.
    with django_assert_num_queries(5):
        signed_in.get(reverse("casework:child_list"))


def test_the_case_page_query_budget(signed_in, child, django_assert_num_queries):
    # session, user with the header's unread notifications count; child with team and
    # caseworker, the access log's insert with the deadlines (one statement), family,
    # documents, letters, the
    # assessments panel, the plans panel (whose plans the ceasing and reviews panels
    # share: their proposals and reviews are read only for a child with plans), the
    # disagreements and notes panels, chronology with actors. No transaction (a
    # read-only page) and no session save. Issue #22: at most 12 (11 in production,
    # whose session is read from Redis).
    with django_assert_num_queries(12):
        signed_in.get(reverse("casework:child_detail", args=[child.pk]))


def test_a_date_error_links_to_the_day_box(signed_in):
    response = signed_in.post(
        reverse("casework:child_create"),
        valid_case(date_of_birth_day="31", date_of_birth_month="2"),
    )
    assert 'href="#id_date_of_birth_0"' in response.text
    assert 'id="id_date_of_birth_0"' in response.text
    assert "govuk-date-input__input govuk-input--width-2 govuk-input--error" in response.text


def test_the_case_page_uses_the_same_number_of_queries_however_busy_the_case(
    signed_in, child, caseworker
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sen_portal.casework.services import chronology_record, deadlines
    from tests.factories import FamilyMemberFactory

    def count():
        with CaptureQueriesContext(connection) as ctx:
            signed_in.get(reverse("casework:child_detail", args=[child.pk]))
        return len(ctx)

    quiet = count()
    FamilyMemberFactory.create_batch(3, child=child)
    for code in ("decide_whether_to_assess", "final_plan", "decide_not_to_issue"):
        deadlines.deadline_open(child=child, code=code, start=TODAY, acting_user=caseworker)
    for n in range(10):
        chronology_record(child=child, actor=caseworker, kind="note", summary=f"Note {n}")
    assert count() == quiet


def test_the_caseload_puts_the_soonest_statutory_deadline_first_and_filters_by_it(
    signed_in, team, caseworker
):
    from sen_portal.casework.services import deadlines

    def case(name, started_days_ago=None):
        child = ChildFactory(team=team, caseworker=caseworker, last_name=name)
        if started_days_ago is not None:
            deadlines.deadline_open(
                child=child,
                code="decide_whether_to_assess",
                start=TODAY - datetime.timedelta(days=started_days_ago),
                acting_user=caseworker,
            )
        return child

    case("Calm")  # no deadline running
    case("Later", started_days_ago=1)  # due in 41 days
    case("Late", started_days_ago=50)  # 8 days overdue
    case("Soon", started_days_ago=40)  # due in 2 days
    page = signed_in.get(reverse("casework:child_list"))
    order = [c.last_name for c in page.context["page"].object_list]
    assert order == ["Late", "Soon", "Later", "Calm"]
    assert "Decide whether to assess" in page.text
    assert "8 days overdue" in page.text

    overdue = signed_in.get(reverse("casework:child_list"), {"due": "overdue"})
    assert [c.last_name for c in overdue.context["page"].object_list] == ["Late"]
    none = signed_in.get(reverse("casework:child_list"), {"due": "none"})
    assert [c.last_name for c in none.context["page"].object_list] == ["Calm"]
    soon = signed_in.get(reverse("casework:child_list"), {"due": "soon", "q": "soon"})
    assert [c.last_name for c in soon.context["page"].object_list] == ["Soon"]
    assert soon.context["page_query"] == "q=soon&due=soon&"


def test_the_caseload_shows_each_cases_stage_and_filters_by_it(signed_in, team, caseworker):
    from assessments import services as assessment_services

    def case(name):
        return ChildFactory(team=team, caseworker=caseworker, last_name=name)

    case("Nothing")
    received = case("Received")
    assessing = case("Assessing")
    for child in (received, assessing):
        request = assessment_services.request_record(
            child=child,
            requester="parent",
            requester_name="Pat Parent",
            received_on=TODAY - datetime.timedelta(days=10),
            reasons="Reading well below age level.",
            consent_to_share=True,
            share_with=["education"],
            acting_user=caseworker,
        )
    assessment_services.request_decide_to_assess(
        assessment_request=request, on=TODAY, acting_user=caseworker
    )

    page = signed_in.get(reverse("casework:child_list"))
    stages = {c.last_name: c.stage for c in page.context["page"].object_list}
    assert stages == {
        "Nothing": "",
        "Received": "Request for assessment: received",
        "Assessing": "EHC needs assessment: gathering advice",
    }
    by_request = signed_in.get(
        reverse("casework:child_list"), {"stage": "assessments_assessmentrequest:received"}
    )
    assert [c.last_name for c in by_request.context["page"].object_list] == ["Received"]
    # The request that led to an assessment is "assessing", but the case is at the
    # assessment now: a filter on the request's state does not find it.
    superseded = signed_in.get(
        reverse("casework:child_list"), {"stage": "assessments_assessmentrequest:assessing"}
    )
    assert list(superseded.context["page"].object_list) == []
    gathering = signed_in.get(
        reverse("casework:child_list"), {"stage": "assessments_needsassessment:gathering_advice"}
    )
    assert [c.last_name for c in gathering.context["page"].object_list] == ["Assessing"]
    nonsense = signed_in.get(reverse("casework:child_list"), {"stage": "x:y"})
    assert len(nonsense.context["page"].object_list) == 3  # an unknown stage is ignored


def test_the_case_page_lists_the_cases_documents_with_download_links(signed_in, child, caseworker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sen_portal.casework.services import document_store

    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%fictional\n", "application/pdf")
    document = document_store(
        child=child, upload=pdf, title="School SEN support plan", acting_user=caseworker
    )
    page = signed_in.get(reverse("casework:child_detail", args=[child.pk]))
    assert "School SEN support plan" in page.text
    url = reverse("documents:document_download", args=[child.pk, document.pk])
    assert url in page.text
    assert signed_in.get(url).status_code == 200


def test_a_case_without_documents_says_so(signed_in, child):
    page = signed_in.get(reverse("casework:child_detail", args=[child.pk]))
    assert "No documents yet" in page.text
