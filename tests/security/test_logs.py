"""Attack round, finding 8: personal data and secrets stay out of logs. Access logs and
the record-access log keep paths without query strings (caseload searches carry
children's names); an invitation's token is exchanged for a session on the first visit,
the visitor lands on a URL without it, and the token in the email (or a log) stops
working."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.test import Client
from django.urls import reverse

from sen_portal.casework.models import RecordAccess
from sen_portal.family import services as family_services
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_record_access_log_keeps_no_query_string(client, caseworker, child):
    client.force_login(caseworker)
    url = reverse("casework:child_detail", args=[child.pk])
    assert client.get(url, {"q": child.last_name}).status_code == 200
    paths = list(RecordAccess.objects.filter(child=child).values_list("path", flat=True))
    assert paths == [url]


def test_gunicorn_logs_paths_without_query_strings_or_referrers():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = compose["services"]["web"]["command"]
    if "--access-logfile" not in command:
        return  # no access log, nothing to leak
    assert "--access-logformat" in command, "the default format logs the query string"
    log_format = command[command.index("--access-logformat") + 1]
    # %(r)s is the request line and %(q)s the query; %(f)s the referrer (a full URL).
    assert not re.search(r"%\((r|q|f|\{[^}]*\}[ie])\)s", log_format), log_format
    assert "%(U)s" in log_format


def test_an_invitation_link_is_exchanged_for_a_session_and_a_clean_url(
    client, caseworker, child, family_member
):
    from tests.factories import FamilyMemberFactory

    parent = FamilyMemberFactory(child=child, user=None, parental_responsibility=True)
    _invitation, token = family_services.invitation_create(
        child=child, family_member=parent, email="jo@example.org", acting_user=caseworker
    )
    link = reverse("family:invitation_accept", args=[token])
    response = client.get(link)
    assert response.status_code == 302
    assert token not in response.url
    page = client.get(response.url)
    assert "Set your password" in page.content.decode()
    assert token not in page.content.decode()

    # Whoever finds the link later (in a log) gets nowhere.
    someone_else = Client()
    assert someone_else.get(link).status_code == 404
    assert (
        someone_else.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 404
    )

    # The invitee, in their session, finishes.
    done = client.post(response.url, {"password1": PASSWORD + "x9", "password2": PASSWORD + "x9"})
    assert done.status_code == 302
    parent.refresh_from_db()
    assert parent.user is not None
