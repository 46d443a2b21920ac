"""Pages that belong to no single app: the home page and the footer pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from sen_portal.access import allow, any_signed_in_role
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import selectors as casework_selectors
from sen_portal.casework.todays_work import todays_work_for


@allow(*any_signed_in_role())
def home(request):
    """Tells each role where to go; a caseworker's is today's work."""
    user = request.user
    context = {}
    if user.role in CASE_ROLES or user.role == Role.ADMIN:
        context["case_counts"] = casework_selectors.case_counts_for_user(user=user)
    if user.role in CASE_ROLES:
        work = todays_work_for(user=user)
        context["work"] = work
        context["work_groups"] = [
            ("Overdue", work.overdue, "overdue"),
            ("Due today", work.today, "due-today"),
            ("Due in the next 7 days", work.this_week, "due-this-week"),
        ]
    return render(request, "home.html", context)


@login_not_required
def accessibility(request):
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy(request):
    return render(request, "pages/privacy.html")
