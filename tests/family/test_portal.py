"""What a family reads: where the case stands in plain English, the history shared with
them (never staff notes), the statutory dates, their rights, their plans, who does what."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from sen_portal.casework.services import chronology_record
from sen_portal.family.story import when

TODAY = timezone.localdate()


def record_request(child, caseworker, *, days_ago=10):
    return assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=TODAY - datetime.timedelta(days=days_ago),
        reasons="Struggling with reading and friendships at school.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )


def page(client, name, child) -> str:
    response = client.get(reverse(name, args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_case_says_there_is_no_request(family_client, child):
    text = page(family_client, "family:case", child)
    assert (
        "There is no request for an education, health and care (EHC) needs assessment for Sam"
        in text
    )
    assert "There are no dates set by law on this case at the moment." in text


def test_a_received_request_says_when_we_will_decide(family_client, child, caseworker):
    request = record_request(child, caseworker)
    decide_by = child.deadlines.get(code="decide_whether_to_assess").due_on
    text = page(family_client, "family:case", child)
    received = when(request.received_on)
    assert f"We received the request for an EHC needs assessment for Sam on {received}." in text
    assert f"We will tell you whether we will assess Sam&#x27;s needs by {when(decide_by)}." in text
    # Weekday, day, month, year: "Monday 17 February 2025".
    assert when(datetime.date(2025, 2, 17)) == "Monday 17 February 2025"
    assert "We tell you whether we will carry out an assessment" in text
    assert "Still to come" in text


def test_while_gathering_advice_it_says_so_and_gives_the_16_week_date(
    family_client, child, caseworker
):
    request = record_request(child, caseworker, days_ago=20)
    assessment_services.request_decide_to_assess(
        assessment_request=request, on=TODAY - datetime.timedelta(days=5), acting_user=caseworker
    )
    due = child.deadlines.get(code="decide_not_to_issue").due_on
    text = page(family_client, "family:case", child)
    assert "We are gathering advice about Sam" in text
    assert f"We will tell you whether we will issue an EHC plan by {when(due)}." in text
    assert "Done on time" in text  # the 6-week decision was made in time


def test_a_decision_not_to_assess_explains_mediation_and_appeal_with_the_date(
    family_client, child, caseworker
):
    request = record_request(child, caseworker)
    request = assessment_services.request_decline(
        assessment_request=request,
        on=TODAY,
        reasons="Needs can be met from the school's own resources.",
        acting_user=caseworker,
    )
    text = page(family_client, "family:case", child)
    assert f"We decided on {when(TODAY)} not to assess Sam&#x27;s needs." in text
    assert "ask for mediation" in text
    assert "appeal to the SEND Tribunal" in text
    assert f"The tribunal must get your appeal by {when(request.appeal_due_on)}." in text


def test_staff_notes_are_never_shown(family_client, child, caseworker):
    chronology_record(
        child=child, actor=caseworker, kind="note", summary="Staff only: called the school"
    )
    chronology_record(
        child=child,
        actor=caseworker,
        kind="letter",
        summary="We wrote to you about the meeting",
        note="Private note about the family's circumstances",
        visible_to_family=True,
    )
    text = page(family_client, "family:case", child)
    assert "We wrote to you about the meeting" in text
    assert "Staff only: called the school" not in text
    assert "Private note" not in text


def test_the_caseworker_and_team_contact_are_shown(family_client, child):
    text = page(family_client, "family:case", child)
    assert child.caseworker.full_name in text
    assert child.team.email in text


def test_the_home_page_links_to_each_childs_portal_page(family_client, child):
    response = family_client.get(reverse("home"))
    assert reverse("family:case", args=[child.pk]) in response.content.decode()


def test_documents_list_the_plans_sent_and_download_as_pdf(family_client, child, draft_version):
    text = page(family_client, "family:documents", child)
    assert f"Draft EHC plan, sent {draft_version.issued_on.day}" in text
    response = family_client.get(
        reverse("family:plan_pdf", args=[child.pk, draft_version.plan_id, draft_version.number])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"


def test_a_plan_and_letter_still_being_made_are_listed_as_being_prepared(
    family_client, child, draft_issued
):
    # The worker makes the PDFs after the step commits (no on-commit callbacks run here):
    # until then the case page already says the draft was sent, so the documents page
    # must not say "We have not sent you a draft" or "We have not written to you yet".
    text = page(family_client, "family:documents", child)
    assert "We have not sent you a draft or final EHC plan yet" not in text
    assert "We have not written to you yet" not in text
    version = draft_issued.versions.get()
    assert f"Draft EHC plan, sent {version.issued_on.day}" in text
    assert "We are preparing it" in text
    assert "Your draft EHC plan" in text  # the letter, with what it means
    assert reverse("family:plan_pdf", args=[child.pk, version.plan_id, 1]) not in text


def test_documents_before_any_plan_say_so(family_client, child):
    assert "We have not sent you a draft or final EHC plan yet" in page(
        family_client, "family:documents", child
    )


def test_who_does_what_groups_the_sent_plans_support_by_agency(family_client, child, draft_issued):
    text = page(family_client, "family:who_does_what", child)
    version = draft_issued.versions.get()
    item = version.snapshot["sections"]["F"]["items"][0]
    assert item["agency_label"] in text
    assert item["what"].split("\n")[0] in text
    assert f"From the draft plan we sent you on {version.issued_on.day}" in text


def test_who_does_what_before_a_plan_is_sent(family_client, child, plan):
    # A plan being written is not shown to the family.
    assert "When we send you a draft or final EHC plan" in page(
        family_client, "family:who_does_what", child
    )


# --- Query budgets ----------------------------------------------------------------------


def add_history(child, caseworker, n):
    for i in range(n):
        chronology_record(
            child=child,
            actor=caseworker,
            kind="letter",
            summary=f"Letter {i}",
            visible_to_family=True,
        )


@pytest.mark.parametrize(
    "name,queries",
    [
        # Every request: session and user (2; the session is not saved: its expiry is
        # pushed back at most once a minute; no request transaction). Then the child
        # (access) and: request, assessment, plan, events, deadlines, notes shared with
        # the family (and their attachments, when there are some).
        ("family:case", 2 + 7),
        # The child, the versions with their PDFs, the letters sent to the family, the
        # other documents shared with them, the advice reports sent with the draft.
        ("family:documents", 2 + 5),
        # The child, the latest version sent.
        ("family:who_does_what", 2 + 2),
    ],
)
def test_every_portal_page_uses_a_constant_number_of_queries(
    family_client, child, caseworker, draft_version, django_assert_num_queries, name, queries
):
    url = reverse(name, args=[child.pk])
    with django_assert_num_queries(queries):
        family_client.get(url)
    # The plan's journey already wrote events and deadlines; many more change nothing.
    add_history(child, caseworker, 10)
    with django_assert_num_queries(queries):
        family_client.get(url)


def test_the_pdf_download_uses_a_constant_number_of_queries(
    family_client, child, draft_version, django_assert_num_queries
):
    url = reverse("family:plan_pdf", args=[child.pk, draft_version.plan_id, draft_version.number])
    # Every request's 2 (see above), the child, the version with its PDF.
    with django_assert_num_queries(2 + 2):
        family_client.get(url)
