"""The reviews a document uploaded to a case can belong to (advice for a review, a
school's report): casework.notes.attach_points. One query."""

from __future__ import annotations

from collections.abc import Iterator


def steps_of_child(child) -> Iterator[tuple[object, str]]:
    from reviews.models import Review

    for review in Review.objects.filter(child=child).order_by("due_on"):
        yield review, f"Annual review due {review.due_on.day} {review.due_on:%B %Y}"
