"""Case notes and uploads: the panel on the case page, every note ("show all"), and the
forms to record a note and upload a document. Only staff who run the case (the
caseworkers and managers of the child's team: casework.run_case) see or write notes;
anyone else gets the same 404 as for a case they may not see."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.notes import selectors, services
from sen_portal.casework.notes.forms import CaseDocumentForm, CaseNoteForm
from sen_portal.casework.rules import runs_the_case

NOTES_PAGE_SIZE = 20


def case_panel(request, child) -> dict:
    """The notes panel's context: nothing for staff who do not run the case (a system
    administrator reads the case but not its notes)."""
    if not runs_the_case(child, request.user):
        return {"notes_hidden": True}
    notes, total = selectors.case_notes_panel(child=child)
    return {"notes": notes, "notes_total": total, "notes_hidden": False}


def _child_for_notes(request, child_id):
    child = get_child_for_user(request, child_id)
    if not runs_the_case(child, request.user):
        raise Http404("No such case")
    return child


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@allow(*CASE_ROLES)
def note_list(request, child_id):
    child = _child_for_notes(request, child_id)
    page = Paginator(selectors.case_notes_for_staff(child=child), NOTES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "casework/notes/note_list.html", {"child": child, "page": page})


@allow(*CASE_ROLES)
def note_create(request, child_id):
    child = _child_for_notes(request, child_id)
    posted = request.method == "POST"
    form = CaseNoteForm(
        request.POST if posted else None, request.FILES if posted else None, child=child
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            note = services.case_note_record(
                child=child,
                kind=data["kind"],
                happened_on=data["happened_on"],
                with_whom=data["with_whom"],
                subject=data["subject"],
                body=data["body"],
                shared_with_family=data["shared_with_family"],
                uploads=data["attachments"],
                step_key=data["step"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            shared = "shared with the family" if note.shared_with_family else "staff only"
            messages.success(request, f"{note.get_kind_display()} recorded ({shared})")
            return redirect("casework:child_detail", child_id=child.pk)
    return render(request, "casework/notes/note_form.html", {"child": child, "form": form})


@allow(*CASE_ROLES)
def document_upload(request, child_id):
    child = _child_for_notes(request, child_id)
    posted = request.method == "POST"
    form = CaseDocumentForm(
        request.POST if posted else None, request.FILES if posted else None, child=child
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.case_document_upload(
                child=child,
                upload=data["document"],
                title=data["title"],
                step_key=data["step"],
                shared_with_family=data["shared_with_family"],
                acting_user=request.user,
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, f"Document uploaded: {document.title}")
            return redirect("casework:child_detail", child_id=child.pk)
    return render(request, "casework/notes/document_form.html", {"child": child, "form": form})
