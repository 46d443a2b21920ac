"""The decision notice when the council decides to cease a plan (Reg 31): the reasons,
the family's rights to mediation and to appeal, and the appeal deadline. A tagged PDF
kept with the case and shared with the family; made once, after the decision commits.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from ceasing.models import CeasingProposal
from sen_portal.casework.documents import delete_files_on_error, document_store
from sen_portal.casework.models import Document
from sen_portal.casework.pdf import render_pdf

TITLE = "Decision to cease the EHC plan"


@transaction.atomic
def decision_letter_make(*, proposal_id) -> Document | None:
    """Render and keep the letter; idempotent (a retried or doubled task leaves one)."""
    proposal = (
        CeasingProposal.objects.select_for_update(of=("self",))
        .select_related("child__team", "plan", "decided_by")
        .get(pk=proposal_id)
    )
    if proposal.decision_letter_id is not None or proposal.decided_on is None:
        return proposal.decision_letter
    if proposal.ceased_immediately:
        return None
    child = proposal.child
    pdf = render_pdf(
        "ceasing/letters/decision.html",
        {
            "title": TITLE,
            "proposal": proposal,
            "child": child,
            # The plan ends the day after the last day for appealing.
            "ends_on": proposal.appeal_due_on + datetime.timedelta(days=1),
            "recipients": [m for m in child.family_members.all() if m.parental_responsibility],
            "team": child.team,
            "council_name": settings.COUNCIL_NAME,
        },
    )
    upload = SimpleUploadedFile("cease-decision.pdf", pdf, content_type="application/pdf")
    with delete_files_on_error():
        letter = document_store(
            child=child,
            upload=upload,
            title=TITLE,
            acting_user=proposal.decided_by,
            shared_with_family=True,  # the notice is the family's: their portal lists it
        )
    proposal.decision_letter = letter
    proposal.save(update_fields=["decision_letter", "updated_at"])
    return letter
