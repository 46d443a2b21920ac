"""Decision letters: when the council says no (not to assess, Reg 5; not to issue a
plan, Reg 10), the family is told why, and of their rights to mediation and to appeal to
the First-tier Tribunal with the dates that apply. The letter is a tagged PDF kept with
the case; it is made once per decision, after the decision commits (a Celery task).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from assessments.models import AssessmentRequest, NeedsAssessment
from sen_portal.casework.documents import delete_files_on_error, document_store
from sen_portal.casework.models import Document
from sen_portal.casework.pdf import render_pdf

LETTERS = {
    # kind: (model, the state a letter is for, title, what was decided)
    "request": (
        AssessmentRequest,
        AssessmentRequest.Status.DECLINED,
        "Decision not to carry out an EHC needs assessment",
        "not to carry out an education, health and care (EHC) needs assessment",
    ),
    "assessment": (
        NeedsAssessment,
        NeedsAssessment.Status.DECIDED_NOT_TO_ISSUE,
        "Decision not to issue an EHC plan",
        "not to issue an education, health and care (EHC) plan",
    ),
}


@transaction.atomic
def decision_letter_make(*, kind: str, pk) -> Document | None:
    """Render and keep the letter for this decision; idempotent (a retried task, or the
    task run twice, leaves one letter)."""
    model, state, title, decided = LETTERS[kind]
    decision = (
        model.objects.select_for_update(of=("self",))
        .select_related("child__team", "decided_by")
        .get(pk=pk)
    )
    if decision.decision_letter_id is not None or decision.status != state:
        return decision.decision_letter
    child = decision.child
    pdf = render_pdf(
        "assessments/letters/decision.html",
        {
            "title": title,
            "decided": decided,
            "decision": decision,
            "child": child,
            "recipients": [m for m in child.family_members.all() if m.parental_responsibility],
            "team": child.team,
            "council_name": settings.COUNCIL_NAME,
        },
    )
    upload = SimpleUploadedFile(f"{kind}-decision.pdf", pdf, content_type="application/pdf")
    with delete_files_on_error():
        letter = document_store(
            child=child,
            upload=upload,
            title=title,
            acting_user=decision.decided_by,
            shared_with_family=True,  # the letter is the family's: their portal lists it
        )
    decision.decision_letter = letter
    decision.save(update_fields=["decision_letter", "updated_at"])
    return letter
