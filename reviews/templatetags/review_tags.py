"""The reviews panel on the child's case page (casework's template includes
"reviews/_case_panel.html", which loads this: casework itself knows no workflow)."""

from __future__ import annotations

from django import template

from reviews import selectors
from sen_portal import timescales
from sen_portal.accounts.roles import CASE_ROLES
from sen_portal.casework.workflow import today

register = template.Library()


@register.inclusion_tag("reviews/_case_panel_body.html", takes_context=True)
def review_case_panel(context, child):
    """The child's reviews, newest first, and a way to start one early when an issued plan
    has none in progress. Two queries: the reviews, and the issued plans."""
    request = context.get("request")
    user = getattr(request, "user", None)
    reviews = selectors.reviews_for_child(child=child)
    may_start, more_often = [], []
    if (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.change_child", child)
    ):
        from plans.models import Plan

        live_plans = {r.plan_id for r in reviews if r.is_live}
        issued = list(Plan.objects.filter(child=child, status__in=Plan.ISSUED).only("id"))
        may_start = [plan for plan in issued if plan.pk not in live_plans]
        # CoP 9.178: a child under 5 may be reviewed every 3 to 6 months.
        if timescales.add_months(child.date_of_birth, 60) > today():
            more_often = issued
    return {
        "child": child,
        "reviews": reviews,
        "may_start": may_start,
        "more_often": more_often,
    }
