"""A plan in force shows its next annual review date, not the 20-week final plan date
(issue #21 item 8)."""

from django.urls import reverse

from sen_portal.casework.models import Deadline


def test_a_plan_in_force_shows_its_next_review(client, caseworker, plan_in_force):
    review = Deadline.objects.get(
        child=plan_in_force.child, code="annual_review", status=Deadline.Status.OPEN
    )
    client.force_login(caseworker)
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert "Final plan by" not in listing
    assert f"Annual review by {review.due_on.day} {review.due_on:%b %Y}" in listing
    detail = client.get(reverse("plans:plan_detail", args=[plan_in_force.pk])).content.decode()
    assert 'id="final-deadline"' not in detail
    assert f"Next annual review by {review.due_on.day} {review.due_on:%B %Y}" in detail
