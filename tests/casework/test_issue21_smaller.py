"""Smaller things a caseworker trips on (issue #21 item 8), through the pages."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from sen_portal.casework.models import Notification
from sen_portal.casework.services import deadlines


def test_the_relationship_radios_start_with_none_chosen(client, caseworker, child):
    client.force_login(caseworker)
    page = client.get(reverse("casework:family_member_add", args=[child.pk])).content.decode()
    assert "---------" not in page
    radios = [line for line in page.splitlines() if 'name="relationship"' in line]
    assert radios and not any("checked" in line for line in radios)
    assert 'id="id_relationship_0"' in page


def test_signed_in_notifications_name_the_child_and_emails_never_do(client, caseworker, child):
    deadline = deadlines.deadline_open(
        child=child,
        code="decide_whether_to_assess",
        start=timezone.localdate() - datetime.timedelta(days=40),
        acting_user=caseworker,
    )
    # As the deadline sweep writes a reminder: tied to its deadline row.
    notification = Notification.objects.create(
        recipient=caseworker,
        kind=Notification.Kind.REMINDER,
        dedupe_key="test:reminder",
        subject="A statutory deadline is due soon",
        body="Sign in to see which case.",
        link_path=reverse("casework:child_detail", args=[child.pk]),
        deadline=deadline,
        next_attempt_at=timezone.now(),
    )
    client.force_login(caseworker)
    page = client.get(reverse("casework:notification_list")).content.decode()
    assert f"Sam Example, case {child.la_reference}" in page
    assert "Sam" not in notification.subject + notification.body


def test_the_case_list_opens_the_cases_with_no_caseworker(client, manager, child, team):
    from tests.factories import ChildFactory

    ChildFactory(team=team, caseworker=None, first_name="Una", last_name="Assigned")
    client.force_login(manager)
    caseloads = client.get(reverse("dashboards:caseloads")).content.decode()
    link = reverse("casework:child_list") + "?unassigned=1"
    assert f'href="{link}"' in caseloads
    listed = client.get(link).content.decode()
    assert "Assigned, Una" in listed and "Example, Sam" not in listed
