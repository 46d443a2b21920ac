"""Staff pages for letters: the letters to post today, one combined PDF to print, and
recording the posting date (from which each letter's service date follows)."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from pypdf import PdfWriter

from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.letters import selectors, services


@allow(*CASE_ROLES, Role.ADMIN)
@require_GET
def to_post(request):
    letters = list(selectors.letters_to_post(user=request.user)[: selectors.TO_POST_LIMIT])
    return render(
        request,
        "casework/letters_to_post.html",
        {"letters": letters, "today": timezone.localdate(), "limit": selectors.TO_POST_LIMIT},
    )


@allow(*CASE_ROLES, Role.ADMIN)
@require_GET
def to_post_pdf(request):
    """Every letter on the page, in the page's order, as one PDF to print."""
    letters = list(selectors.letters_to_post(user=request.user)[: selectors.TO_POST_LIMIT])
    writer = PdfWriter()
    for letter in letters:
        with letter.document.file.open("rb") as pdf:
            writer.append(io.BytesIO(pdf.read()))
    output = io.BytesIO()
    writer.write(output)
    response = HttpResponse(output.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="letters-to-post-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


@allow(*CASE_ROLES, Role.ADMIN)
@require_POST
def mark_posted(request):
    """Record today's posting of the letters that were on the page (their ids come back
    in the form, so a letter rendered since the page loaded is not marked unseen)."""
    visible = selectors.letters_to_post(user=request.user)
    ids = list(
        visible.filter(pk__in=_uuids(request.POST.getlist("letter"))).values_list("pk", flat=True)
    )
    posted = services.letters_mark_posted(
        letter_ids=ids, on=timezone.localdate(), acting_user=request.user
    )
    if posted:
        messages.success(
            request, f"{len(posted)} letter{'s'[: len(posted) != 1]} recorded as posted today"
        )
    else:
        messages.info(request, "No letters were recorded as posted")
    return redirect("casework:letters_to_post")


def _uuids(values: list[str]) -> list[str]:
    import uuid

    ids = []
    for value in values[: selectors.TO_POST_LIMIT]:
        try:
            ids.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return ids
