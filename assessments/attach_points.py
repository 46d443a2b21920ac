"""The assessment steps a document uploaded to a case can belong to (casework.notes.
attach_points): the requests, the assessments and each advice request. Three queries."""

from __future__ import annotations

from collections.abc import Iterator


def steps_of_child(child) -> Iterator[tuple[object, str]]:
    from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment

    for request in AssessmentRequest.objects.filter(child=child).order_by("received_on"):
        yield request, str(request)
    for assessment in NeedsAssessment.objects.filter(child=child).order_by("started_on"):
        yield assessment, str(assessment)
    for advice in AdviceRequest.objects.filter(assessment__child=child).order_by(
        "requested_on", "kind"
    ):
        yield advice, f"Advice asked for: {advice}"
