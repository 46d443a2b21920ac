import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from local_offer.models import Comment
from local_offer.services.feedback import COMMENT_LIMIT
from tests.local_offer.factories import CommentFactory, CommentResponseFactory

pytestmark = pytest.mark.django_db
COMMENT = reverse("local_offer_public:comment")
YOU_SAID = reverse("local_offer_public:you_said_we_did")


def answers(**overrides):
    data = {
        "theme": "travel",
        "body": "Travel training was hard to find.",
        "may_publish": "yes",
        "reply_email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_anyone_can_send_a_comment_without_an_account(client):
    response = client.post(COMMENT, answers())
    assert response.status_code == 302
    assert response.url == reverse("local_offer_public:comment_sent")
    comment = Comment.objects.get()
    assert comment.theme == "travel"
    assert comment.body == "Travel training was hard to find."
    assert comment.may_publish is True
    assert comment.status == Comment.Status.RECEIVED
    assert client.get(response.url).status_code == 200


def test_the_sender_can_refuse_publication_and_leave_an_address_for_a_reply(client):
    client.post(COMMENT, answers(may_publish="no", reply_email="parent@example.org"))
    comment = Comment.objects.get()
    assert comment.may_publish is False
    assert comment.reply_email == "parent@example.org"


def test_the_sender_address_is_not_stored_only_a_keyed_hash_of_it(client):
    client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.10")
    fingerprint = Comment.objects.get().sender_fingerprint
    assert len(fingerprint) == 64
    assert "192.0.2.10" not in fingerprint


def test_missing_answers_are_listed_in_an_error_summary(client):
    response = client.post(COMMENT, answers(theme="", body="", may_publish=""))
    assert response.status_code == 200
    text = response.text
    assert "There is a problem" in text
    assert "Select what your comment is about" in text
    assert "Enter your comment" in text
    assert "Select whether we can publish your comment" in text
    assert 'href="#id_body"' in text
    assert not Comment.objects.exists()


def test_a_comment_over_2000_characters_is_refused(client):
    response = client.post(COMMENT, answers(body="x" * 2001))
    assert "Your comment must be 2,000 characters or fewer" in response.text
    assert not Comment.objects.exists()


def test_a_filled_in_spam_trap_is_thanked_and_ignored(client):
    response = client.post(COMMENT, answers(website="https://spam.example.org"))
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_the_spam_trap_is_hidden_from_people(client):
    response = client.get(COMMENT)
    assert "<div hidden>" in response.text
    assert 'name="website"' in response.text


def test_a_sender_is_limited_to_a_few_comments_an_hour(client):
    for _ in range(COMMENT_LIMIT):
        assert client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.20").status_code == 302
    refused = client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.20")
    assert refused.status_code == 429
    assert "You have sent several comments in the last hour" in refused.text
    assert Comment.objects.count() == COMMENT_LIMIT
    # Someone else is not held back.
    assert client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.21").status_code == 302


def test_the_limit_lifts_after_an_hour(client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(COMMENT_LIMIT):
            client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.30")
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert client.post(COMMENT, answers(), REMOTE_ADDR="192.0.2.30").status_code == 302


def test_a_theme_can_be_chosen_from_a_link(client):
    response = client.get(COMMENT, {"theme": "local_offer"})
    checked = re.findall(
        r'<input type="radio" name="theme" value="(\w+)"[^>]* checked>', response.text
    )
    assert checked == ["local_offer"]


def test_you_said_we_did_lists_published_responses_by_year(client):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)):
        older = CommentResponseFactory(
            published=True, theme="leisure", we_did="We funded holiday clubs."
        )
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        newer = CommentResponseFactory(
            published=True, theme="travel", we_did="We listed travel training."
        )
    CommentResponseFactory(we_did="A draft nobody should see.")
    response = client.get(YOU_SAID)
    text = response.text
    assert "A draft nobody should see." not in text
    assert text.index(">2026<") < text.index(newer.we_did) < text.index(">2025<")
    assert text.index(">2025<") < text.index(older.we_did)


def test_only_published_comments_appear_under_a_response(client, editor):
    response = CommentResponseFactory(published=True)
    CommentFactory(response=response, body="Shown comment", status=Comment.Status.PUBLISHED)
    CommentFactory(response=response, body="New comment")
    CommentFactory(response=response, body="Withheld comment", status=Comment.Status.WITHHELD)
    text = client.get(YOU_SAID).text
    assert "Shown comment" in text
    assert "New comment" not in text
    assert "Withheld comment" not in text
    assert "Read the 1 comment we received" in text


def test_you_said_we_did_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    for _ in range(3):
        response = CommentResponseFactory(published=True)
        CommentFactory(response=response, status=Comment.Status.PUBLISHED)
    # The published responses, their published comments.
    with django_assert_num_queries(2):
        client.get(YOU_SAID)
