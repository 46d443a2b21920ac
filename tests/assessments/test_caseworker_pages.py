"""The caseworker's pages: forms that explain their errors and save nothing, the case page
panel, the task list and the advice board."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessments.models import AdviceRequest, AssessmentRequest
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.assessments.helpers import TODAY, date_fields, days_ago, send_advice
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def request_form(**extra):
    return {
        "requester": "parent",
        "requester_name": "Pat Parent",
        **date_fields("received_on", days_ago(3)),
        "reasons": "Struggling at school.",
        "consent_to_share": "yes",
        "share_with": ["education"],
        **extra,
    }


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        (date_fields("received_on", TODAY + datetime.timedelta(days=2)), "received_on",
         "The date the request was received must be today or in the past"),
        (date_fields("received_on", datetime.date(2001, 1, 1)), "received_on",
         "must be on or after the date of birth"),
        ({"received_on_day": "31", "received_on_month": "2", "received_on_year": "2025"},
         "received_on", "Enter a real date"),
        ({"requester": ""}, "requester", "Select who asked for the assessment"),
        ({"reasons": ""}, "reasons", "Enter the reasons for the request"),
        ({"requester": "young_person"}, "requester", "Only a young person can ask for themselves"),
        ({"share_with": []}, "share_with", "Select who the family agreed"),
    ],
)  # fmt: skip
def test_request_form_errors_are_listed_in_the_error_summary_and_nothing_is_saved(
    signed_in, child, overrides, field, message
):
    response = signed_in.post(
        reverse("assessments:request_create", args=[child.pk]), request_form(**overrides)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f'href="#id_{field}' in html
    assert message in html.replace("&#x27;", "'")
    assert html.count("<title>Error: ") == 1
    assert not AssessmentRequest.objects.exists()
    assert not Deadline.objects.exists()
    assert not ChronologyEvent.objects.exclude(kind="case_opened").exists()


def test_a_decision_dated_in_the_future_is_shown_as_an_error(signed_in, received_request):
    response = signed_in.post(
        reverse("assessments:request_decline", args=[received_request.pk]),
        {**date_fields("on", TODAY + datetime.timedelta(days=1)), "reasons": "No."},
    )
    assert response.status_code == 200
    assert "The date of the decision must be today or in the past" in response.content.decode()
    received_request.refresh_from_db()
    assert received_request.status == "received"


def test_the_case_page_links_the_request_and_the_assessment(signed_in, child, assessment):
    html = signed_in.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert reverse("assessments:request_detail", args=[assessment.request_id]) in html
    assert reverse("assessments:assessment_detail", args=[assessment.pk]) in html
    # Something is in progress, so no new request is offered.
    assert reverse("assessments:request_create", args=[child.pk]) not in html


def test_recording_a_second_request_sends_the_caseworker_to_the_one_in_progress(
    signed_in, child, assessment
):
    response = signed_in.get(reverse("assessments:request_create", args=[child.pk]))
    assert response.status_code == 302
    assert response.url == reverse("assessments:assessment_detail", args=[assessment.pk])


def test_the_advice_board_shows_what_is_asked_and_what_is_received(
    signed_in, assessment, ask_advice, psychologist, paediatrician
):
    health = ask_advice(assessment, kind="health", giver=paediatrician)
    received = ask_advice(assessment, giver=psychologist)
    send_advice(received, psychologist)
    waiting = ask_advice(assessment, kind="family_views")
    response = signed_in.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    board = response.context["board"]
    assert [a.pk for a in board.received] == [received.pk]
    assert {a.pk for a in board.waiting} == {health.pk, waiting.pk}
    assert board.overdue == []
    assert board.asked == 3 and board.outstanding == 2


def test_advice_past_its_due_date_is_on_the_board_as_overdue(
    signed_in, team, caseworker, make_request, ask_advice, paediatrician, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 1, 6, 12, 0))
    child = ChildFactory(team=team, date_of_birth=datetime.date(2016, 5, 5))
    from assessments import services

    request_obj = make_request(child, received_on=datetime.date(2025, 1, 6))
    assessment = services.request_decide_to_assess(
        assessment_request=request_obj, on=datetime.date(2025, 1, 6), acting_user=caseworker
    )
    advice = ask_advice(
        assessment, kind="health", giver=paediatrician, requested_on=datetime.date(2025, 1, 6)
    )
    time_machine.move_to(datetime.datetime(2025, 2, 18, 12, 0))  # due 17 February
    response = signed_in.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert [a.pk for a in response.context["board"].overdue] == [advice.pk]
    assert "Overdue" in response.content.decode()
    tasks = {task.key: task for task in response.context["tasks"]}
    assert "1 overdue" in tasks["receive"].hint


def test_the_task_list_says_what_to_do_next(signed_in, assessment, ask_advice, psychologist):
    response = signed_in.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    tasks = {task.key: task for task in response.context["tasks"]}
    assert tasks["decide"].status == "completed"
    assert tasks["ask"].status == "to_do"
    assert tasks["ask"].href == reverse("assessments:advice_request_create", args=[assessment.pk])
    assert "Psychological advice" in tasks["ask"].hint
    # Preparing for adulthood is not prompted for an 8-year-old.
    assert "Preparing for adulthood" not in tasks["ask"].hint
    assert tasks["complete"].status == "cannot_start"
    assert tasks["issue"].status == "cannot_start"
    assert "govuk-task-list" in response.content.decode()


def test_preparing_for_adulthood_is_not_offered_before_year_9(signed_in, assessment):
    response = signed_in.get(reverse("assessments:advice_request_create", args=[assessment.pk]))
    html = response.content.decode()
    assert 'value="educational_psychology"' in html
    assert 'value="preparing_for_adulthood"' not in html


def test_asking_for_advice_without_saying_whom_is_an_error(signed_in, assessment):
    response = signed_in.post(
        reverse("assessments:advice_request_create", args=[assessment.pk]),
        {"kind": "education", "questions": "Attainment?", **date_fields("requested_on", TODAY)},
    )
    assert "Enter who is being asked" in response.content.decode()
    assert not AdviceRequest.objects.exists()


def test_the_familys_views_are_not_sent_to_an_advice_giver(signed_in, assessment, psychologist):
    response = signed_in.post(
        reverse("assessments:advice_request_create", args=[assessment.pk]),
        {
            "kind": "family_views",
            "advice_giver": str(psychologist.pk),
            "questions": "Views?",
            **date_fields("requested_on", TODAY),
        },
    )
    assert "recorded by the caseworker" in response.content.decode()
    assert not AdviceRequest.objects.exists()


def test_once_a_plan_is_to_be_issued_a_new_request_is_a_reassessment(
    signed_in, child, assessment, ask_advice, psychologist, caseworker, make_request
):
    """CFA s44(2): a child with a plan may be reassessed; the request is recorded as one
    (tests/plans/test_reassessment.py follows it through)."""
    from assessments import services

    send_advice(ask_advice(assessment, giver=psychologist), psychologist)
    services.assessment_complete_advice(assessment=assessment, on=TODAY, acting_user=caseworker)
    services.assessment_decide_to_issue(assessment=assessment, on=TODAY, acting_user=caseworker)
    html = signed_in.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert reverse("assessments:request_create", args=[child.pk]) in html
    assert "Record a request for a reassessment" in html
    assert make_request(child).kind == "reassessment"


def test_a_new_request_is_offered_after_a_decision_not_to_assess(
    signed_in, child, received_request, caseworker
):
    from assessments import services

    services.request_decline(
        assessment_request=received_request, on=TODAY, reasons="Not now.", acting_user=caseworker
    )
    html = signed_in.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert reverse("assessments:request_create", args=[child.pk]) in html


def test_the_appeal_line_gives_the_last_day_as_the_tribunals_rules_move_it(
    signed_in, team, caseworker, make_request, time_machine
):
    from assessments import services

    time_machine.move_to(datetime.datetime(2025, 11, 3, 12, 0))
    child = ChildFactory(team=team, date_of_birth=datetime.date(2016, 5, 5))
    request_obj = make_request(child, received_on=datetime.date(2025, 10, 20))
    services.request_decline(
        assessment_request=request_obj,
        on=datetime.date(2025, 11, 1),
        reasons="Needs met at SEN support.",
        acting_user=caseworker,
    )
    response = signed_in.get(reverse("assessments:request_detail", args=[request_obj.pk]))
    (appeal,) = [d for d in response.context["deadlines"] if d.deadline.code.startswith("appeal")]
    # Two months from 1 November is New Year's Day; the Tribunal's rules move it to the
    # next working day, and the deadline row itself carries that date.
    assert appeal.deadline.due_on == datetime.date(2026, 1, 2)
    assert "until <strong>2 January 2026</strong>" in response.content.decode()


def test_every_caseworker_page_of_an_assessment_renders(
    signed_in, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, kind="family_views")
    named = ask_advice(assessment, giver=psychologist)
    urls = [
        reverse("assessments:request_detail", args=[assessment.request_id]),
        reverse("assessments:assessment_detail", args=[assessment.pk]),
        reverse("assessments:advice_request_create", args=[assessment.pk]),
        reverse("assessments:assessment_withdraw", args=[assessment.pk]),
        reverse("assessments:advice_staff_detail", args=[advice.pk]),
        reverse("assessments:advice_record", args=[advice.pk]),
        reverse("assessments:advice_cancel", args=[named.pk]),
    ]
    for url in urls:
        assert signed_in.get(url).status_code == 200, url
    # Advice a named advice giver sent by post or email is recorded by the caseworker.
    assert signed_in.get(reverse("assessments:advice_record", args=[named.pk])).status_code == 200


def test_the_request_records_whether_it_was_made_in_youth_custody(signed_in, child):
    """SEN2 item RYA: asked on the request form; unticked means no."""
    url = reverse("assessments:request_create", args=[child.pk])
    signed_in.post(url, request_form(rya="on"))
    assert AssessmentRequest.objects.get(child=child).rya is True
