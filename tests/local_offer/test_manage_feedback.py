"""Editors answer comments and publish "you said, we did"."""

import pytest
from django.urls import reverse

from local_offer.models import Comment, CommentResponse, LocalOfferChange
from tests.local_offer.conftest import local_offer_queries
from tests.local_offer.factories import CommentFactory, CommentResponseFactory

pytestmark = pytest.mark.django_db
YOU_SAID = reverse("local_offer_public:you_said_we_did")


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def comment_url(comment, name="manage_comment"):
    return reverse(f"local_offer:{name}", args=[comment.pk])


def response_url(response, name="manage_response"):
    return reverse(f"local_offer:{name}", args=[response.pk])


def test_new_comments_are_listed_first_and_filterable(signed_in):
    CommentFactory(body="A new comment about buses")
    CommentFactory(body="An old published comment", status=Comment.Status.PUBLISHED)
    inbox = signed_in.get(reverse("local_offer:manage_comments"))
    assert "A new comment about buses" in inbox.text
    assert "An old published comment" not in inbox.text
    everything = signed_in.get(reverse("local_offer:manage_comments"), {"status": "all"})
    assert "An old published comment" in everything.text


def test_the_comment_list_uses_the_same_queries_for_2_or_20_comments(signed_in):
    for _ in range(2):
        CommentFactory(response=CommentResponseFactory())
    path = reverse("local_offer:manage_comments")
    # The count, and one page of comments with their responses.
    assert len(local_offer_queries(signed_in, path)) == 2
    for _ in range(18):
        CommentFactory(response=CommentResponseFactory())
    assert len(local_offer_queries(signed_in, path)) == 2


def test_an_editor_sees_the_reply_address_the_public_never_does(signed_in, client):
    comment = CommentFactory(reply_email="parent@example.org")
    page = signed_in.get(comment_url(comment))
    assert "parent@example.org" in page.text


def test_a_comment_the_sender_agreed_to_publish_can_be_published(signed_in, editor):
    comment = CommentFactory(may_publish=True)
    signed_in.post(comment_url(comment, "manage_comment_publish"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    change = LocalOfferChange.objects.get(object_id=comment.pk)
    assert (change.action, change.actor) == ("comment_published", editor)


def test_a_comment_the_sender_did_not_agree_to_publish_cannot_be(signed_in):
    comment = CommentFactory(may_publish=False)
    page = signed_in.get(comment_url(comment))
    assert "Publish the comment" not in page.text
    response = signed_in.post(comment_url(comment, "manage_comment_publish"), follow=True)
    assert "The sender did not agree to publication" in response.text
    comment.refresh_from_db()
    assert comment.status == Comment.Status.RECEIVED


def test_a_comment_can_be_withheld(signed_in):
    comment = CommentFactory(status=Comment.Status.PUBLISHED)
    signed_in.post(comment_url(comment, "manage_comment_withhold"))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.WITHHELD


def test_drafting_a_response_from_a_comment_groups_the_comment_under_it(signed_in):
    comment = CommentFactory(theme="leisure", body="Nothing to do in the holidays.")
    page = signed_in.get(reverse("local_offer:manage_response_create"), {"comment": comment.pk})
    assert "Nothing to do in the holidays." in page.text
    response = signed_in.post(
        reverse("local_offer:manage_response_create") + f"?comment={comment.pk}",
        {"theme": "leisure", "you_said": "Few holiday clubs.", "we_did": "We funded two."},
    )
    answer = CommentResponse.objects.get()
    assert response.url == response_url(answer)
    assert answer.status == CommentResponse.Status.DRAFT
    comment.refresh_from_db()
    assert comment.response == answer


def test_a_response_needs_both_halves(signed_in):
    page = signed_in.post(
        reverse("local_offer:manage_response_create"),
        {"theme": "leisure", "you_said": "", "we_did": ""},
    )
    assert "There is a problem" in page.text
    assert "Enter a summary of what families said" in page.text
    assert "Enter what we did or will do" in page.text
    assert not CommentResponse.objects.exists()


def test_a_comment_is_grouped_under_a_response_from_its_page(signed_in, editor):
    answer = CommentResponseFactory(theme="travel")
    comment = CommentFactory(theme="other")
    signed_in.post(comment_url(comment), {"theme": "travel", "response": str(answer.pk)})
    comment.refresh_from_db()
    assert (comment.theme, comment.response) == ("travel", answer)
    change = LocalOfferChange.objects.get(object_id=comment.pk)
    assert change.fields == ["theme", "response"]


def test_publishing_a_response_puts_it_on_you_said_we_did(signed_in, client):
    answer = CommentResponseFactory(we_did="We added bus times to every entry.")
    CommentFactory(response=answer, body="Please add bus times.", status="published")
    assert "We added bus times" not in client.get(YOU_SAID).text
    signed_in.post(response_url(answer, "manage_response_publish"))
    answer.refresh_from_db()
    assert answer.status == CommentResponse.Status.PUBLISHED
    public = client.get(YOU_SAID).text
    assert "We added bus times to every entry." in public
    assert "Please add bus times." in public
    signed_in.post(response_url(answer, "manage_response_unpublish"))
    assert "We added bus times" not in client.get(YOU_SAID).text


def test_changing_a_response_records_what_changed(signed_in):
    answer = CommentResponseFactory()
    signed_in.post(
        response_url(answer),
        {"theme": answer.theme, "you_said": answer.you_said, "we_did": "Something new."},
    )
    answer.refresh_from_db()
    assert answer.we_did == "Something new."
    assert LocalOfferChange.objects.get(object_id=answer.pk).fields == ["we_did"]
