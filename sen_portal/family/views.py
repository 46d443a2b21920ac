"""The family portal (read-only pages for Role.FAMILY), accepting an invitation (public),
and the caseworker's pages that invite a family and record a young person's decision.

Every portal view gets its child through access.get_child_for_family, so a family
account reaches only the children it may follow (404 otherwise): access.py holds the one
rule, including the young person's say over their parents' access."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from plans.services.documents import read_verified
from plans.snapshot import provision_by_agency
from sen_portal.access import allow
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework.access import get_child_for_user
from sen_portal.casework.letters.selectors import family_letters
from sen_portal.casework.notes.selectors import case_notes_shared_with_family
from sen_portal.casework.views import document_response
from sen_portal.family import selectors, services
from sen_portal.family.access import get_child_for_family, parents_may_follow
from sen_portal.family.forms import (
    EmailPreferenceForm,
    ExistingAccountForm,
    InvitationForm,
    NewAccountForm,
    ParentsAccessForm,
)
from sen_portal.family.models import Invitation, YoungPersonAccess
from sen_portal.family.story import case_story, date_rows

# --- The portal: GET only ------------------------------------------------------------


@allow(Role.FAMILY)
@require_GET
def case(request, child_id):
    """Where the case stands, what happened, the statutory dates, their rights, and who
    to contact."""
    child = get_child_for_family(request, child_id)
    overview = selectors.case_overview(child=child)
    dates = date_rows(overview.deadlines, today=timezone.localdate())
    return render(
        request,
        "family/case.html",
        {
            "child": child,
            "story": case_story(child=child, overview=overview, own=child.own_case),
            "events": overview.events,
            # Only notes staff marked to share: never a staff note.
            "shared_notes": case_notes_shared_with_family(child=child),
            "upcoming_dates": [row for row in dates if row.is_open],
            "past_dates": [row for row in dates if not row.is_open],
            "section": "case",
        },
    )


@allow(Role.FAMILY)
@require_GET
def documents(request, child_id):
    child = get_child_for_family(request, child_id)
    return render(
        request,
        "family/documents.html",
        {
            "child": child,
            "versions": selectors.issued_plan_versions(child=child),
            "letters": family_letters(child=child),
            # Anything else shared with the family on purpose (not a letter).
            "shared": list(child.documents.filter(shared_with_family=True, letter__isnull=True)),
            "advice_reports": selectors.advice_reports_sent_with_draft(child=child),
            "section": "documents",
        },
    )


@allow(Role.FAMILY)
@require_http_methods(["GET", "POST"])
def email_settings(request):
    """The one setting a family changes: whether to be emailed about updates."""
    current = services.email_updates_wanted(user=request.user)
    form = EmailPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"email_updates": "yes" if current else "no"},
    )
    if request.method == "POST" and form.is_valid():
        services.email_preference_set(
            user=request.user, email_updates=form.cleaned_data["email_updates"]
        )
        messages.success(request, "Your email setting is saved")
        return redirect("family:email_settings")
    return render(request, "family/email_settings.html", {"form": form})


@allow(Role.FAMILY)
@require_GET
def letter(request, child_id, document_id):
    """A letter or document sent to the family, or an advice report sent with the draft
    plan; never a document kept for staff only."""
    child = get_child_for_family(request, child_id)
    document = selectors.family_document(child=child, document_id=document_id)
    if document is None:
        raise Http404("Not found")
    return document_response(document)


@allow(Role.FAMILY)
@require_GET
def plan_pdf(request, child_id, plan_id, number):
    child = get_child_for_family(request, child_id)
    version = selectors.issued_plan_version(child=child, plan_id=plan_id, number=number)
    if version is None:
        raise Http404("Not found")
    try:
        data = read_verified(version.pdf)
    except FileNotFoundError:
        raise Http404("Not found") from None
    response = HttpResponse(data, content_type="application/pdf")
    name = f"EHC-plan-{version.get_kind_display().lower()}-{version.issued_on:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@allow(Role.FAMILY)
@require_GET
def who_does_what(request, child_id):
    """The support in the latest plan sent to the family, by the organisation responsible."""
    child = get_child_for_family(request, child_id)
    version = selectors.latest_issued_version(child=child)
    return render(
        request,
        "family/who_does_what.html",
        {
            "child": child,
            "version": version,
            "groups": provision_by_agency(version.snapshot) if version else [],
            "section": "who",
        },
    )


# --- Accepting an invitation (public) --------------------------------------------------


# The invitation a visitor opened: its (replaced) token lives only in their session.
SESSION_TOKEN = "family_invitation_token"  # noqa: S105 (a session key, not a secret)
SESSION_OPENED = "family_invitation_opened"


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The emailed link. Its token is exchanged for one held in the session on the first
    visit, and the visitor is sent to a URL without it, so the token in the email (and in
    any log of this path) stops working."""
    opened = request.session.get(SESSION_OPENED) == services.hash_token(token)
    if not (opened and request.session.get(SESSION_TOKEN)):
        fresh = services.invitation_open(token=token)
        if fresh is None:
            return render(request, "family/invitation_invalid.html", status=404)
        request.session[SESSION_TOKEN] = fresh
        request.session[SESSION_OPENED] = services.hash_token(token)
    if request.method == "GET":
        return redirect("family:invitation_continue")
    return _invitation_page(request)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_continue(request):
    return _invitation_page(request)


def _invitation_page(request):
    token = request.session.get(SESSION_TOKEN) or ""
    invitation = services.invitation_for_token(token) if token else None
    account = services.existing_account(invitation) if invitation else None
    if invitation is None or (account is not None and account.role != Role.FAMILY):
        # Unknown, used, expired, or an email that belongs to staff: one page for all.
        return render(request, "family/invitation_invalid.html", status=404)
    form_class = ExistingAccountForm if account else NewAccountForm
    member = invitation.family_member
    kwargs = {
        "email": invitation.email,
        "full_name": member.full_name if member else invitation.child.full_name,
    }
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("password") or form.cleaned_data.get("password1")
        user = services.invitation_accept(token=token, password=password)
        if user is not None:
            login(request, user, backend="sen_portal.accounts.backends.UserBackend")
            for key in (SESSION_TOKEN, SESSION_OPENED):
                request.session.pop(key, None)
            return redirect("family:case", child_id=invitation.child_id)
        if account is None:
            return render(request, "family/invitation_invalid.html", status=404)
        form.add_error("password", "The password is not right")
    return render(
        request,
        "family/invitation_accept.html",
        {"form": form, "existing": account is not None, "email": invitation.email},
    )


# --- Staff: inviting a family, a young person's decision ----------------------------------


@allow(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def invite(request, child_id):
    child = get_child_for_user(request, child_id, write=True)
    members = list(child.family_members.filter(parental_responsibility=True))
    young_person = services.is_young_person(child)
    form = InvitationForm(
        request.POST or None,
        members=members,
        young_person=young_person,
        member_id=request.GET.get("member", ""),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                child=child,
                family_member=form.family_member(),
                email=form.cleaned_data["email"],
                acting_user=request.user,
            )
        except services.InvitationRefused as refusal:
            form.add_error("invitee", str(refusal))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}")
            return redirect("casework:child_detail", child_id=child.pk)
    invitations = Invitation.objects.filter(child=child).select_related("family_member")
    return render(
        request,
        "family/invite.html",
        {
            "child": child,
            "form": form,
            "invitations": invitations,
            "now": timezone.now(),
            "has_choices": bool(form.fields["invitee"].choices),
            "parents_refused": not parents_may_follow(child),
        },
    )


@allow(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def parents_access(request, child_id):
    child = get_child_for_user(request, child_id, write=True)
    if not services.is_young_person(child):
        raise Http404("Only for a young person (over compulsory school age and under 25)")
    current = YoungPersonAccess.objects.filter(child=child).first()
    initial = {}
    if current is not None and current.parents_keep_access is not None:
        initial["parents_keep_access"] = "yes" if current.parents_keep_access else "no"
    form = ParentsAccessForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.young_person_record_decision(
            child=child,
            parents_keep_access=form.cleaned_data["parents_keep_access"],
            acting_user=request.user,
        )
        messages.success(request, "The young person's decision is recorded")
        return redirect("casework:child_detail", child_id=child.pk)
    return render(
        request, "family/parents_access.html", {"child": child, "form": form, "current": current}
    )
