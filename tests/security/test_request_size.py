"""Attack round, finding 7: a body over the limit is refused (413, a GOV.UK page) from
its Content-Length, before anything reads or spools it, signed in or not."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TWO_HUNDRED_MB = 200 * 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything starts reading it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def oversized_post(client, url):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(TWO_HUNDRED_MB),
        **{"wsgi.input": UnreadableBody()},
    )


def test_an_oversized_body_is_refused_before_sign_in(client):
    response = oversized_post(client, reverse("accounts:login"))
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is too big" in page
    assert "govuk-heading-l" in page


def test_an_oversized_upload_is_refused_for_a_signed_in_caseworker(client, caseworker, child):
    client.force_login(caseworker)
    response = oversized_post(client, reverse("assessments:request_create", args=[child.pk]))
    assert response.status_code == 413
    assert child.documents.count() == 0


def test_a_body_at_the_limit_is_let_through(client, settings):
    body = b"username=a%40example.org&password=x"
    settings.REQUEST_BODY_MAX_BYTES = len(body)
    response = client.post(
        reverse("accounts:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200  # the sign-in form answered (wrong password)
    settings.REQUEST_BODY_MAX_BYTES = len(body) - 1
    response = client.post(
        reverse("accounts:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
