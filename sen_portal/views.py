"""Pages that belong to no single app: the home page and the footer pages."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from sen_portal.access import allow, any_signed_in_role
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.casework import selectors as casework_selectors


@allow(*any_signed_in_role())
def home(request):
    """Tells each role where to go."""
    user = request.user
    context = {}
    if user.role in CASE_ROLES or user.role == Role.ADMIN:
        context["case_counts"] = casework_selectors.case_counts_for_user(user=user)
    return render(request, "home.html", context)


@login_not_required
def accessibility(request):
    return render(request, "pages/accessibility.html")


@login_not_required
def privacy(request):
    return render(request, "pages/privacy.html")
