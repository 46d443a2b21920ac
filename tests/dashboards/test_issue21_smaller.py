"""The pipeline's chart and table say the same and its counts open the cases; What needs
action names each deadline's subject (issue #21 item 8)."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from assessments import services
from tests.factories import ChildFactory, UserFactory


def _request(child, caseworker, received):
    return services.request_record(
        child=child,
        requester="parent",
        requester_name="Pat Parent",
        received_on=received,
        reasons="Fictional reasons.",
        consent_to_share=False,
        share_with=[],
        acting_user=caseworker,
    )


def test_the_pipeline_labels_match_and_its_counts_open_the_cases(
    client, manager, caseworker, child, team
):
    _request(child, caseworker, timezone.localdate() - datetime.timedelta(days=3))
    ChildFactory(team=team, first_name="Nora", last_name="Notyet")
    client.force_login(manager)
    response = client.get(reverse("dashboards:pipeline"))
    html = response.content.decode()
    chart_labels = [row.label for row in response.context["chart"].rows]
    table_labels = [stage.label for stage in response.context["stages"]]
    assert chart_labels == table_labels
    assert "Review: due" in chart_labels  # not "Plan: due"
    link = reverse("casework:child_list") + "?in_state=assessments_assessmentrequest%3Areceived"
    assert f'href="{link}"' in html
    listed = client.get(link).content.decode()
    assert "Example, Sam" in listed and "Notyet, Nora" not in listed
    assert "Showing only cases at “Request for assessment: received”" in listed


def test_what_needs_action_names_whose_advice_is_due(client, manager, caseworker, child):
    from assessments.models import AdviceRequest

    received = timezone.localdate() - datetime.timedelta(days=60)
    request = _request(child, caseworker, received)
    assessment = services.request_decide_to_assess(
        assessment_request=request, on=received + datetime.timedelta(days=7), acting_user=caseworker
    )
    for name in ("Dr Ada Adviser", "Dr Bea Second"):
        services.advice_request_create(
            assessment=assessment,
            kind=AdviceRequest.Kind.EDUCATIONAL_PSYCHOLOGY,
            advice_giver=UserFactory(role="advice_giver", full_name=name),
            questions="What are the child's needs?",
            requested_on=received + datetime.timedelta(days=8),
            acting_user=caseworker,
        )
    client.force_login(manager)
    # The advisers' late advice is theirs to chase (Reg 8(1)), not the council's overdue.
    html = client.get(reverse("dashboards:action"), {"list": "chase"}).content.decode()
    assert "Psychological advice from Dr Ada Adviser" in html
    assert "Psychological advice from Dr Bea Second" in html
