"""The plan versions a document uploaded to a case can belong to (the family's comments
on a draft, a school's reply to the consultation on it): casework.notes.attach_points.
One query."""

from __future__ import annotations

from collections.abc import Iterator


def steps_of_child(child) -> Iterator[tuple[object, str]]:
    from plans.models import PlanVersion

    versions = PlanVersion.objects.filter(plan__child=child).defer("snapshot")
    for version in versions.order_by("issued_on", "number"):
        yield (
            version,
            f"{version.family_title} (version {version.number}), issued "
            + (f"{version.issued_on.day} {version.issued_on:%B %Y}"),
        )
