"""The reviews panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from plans import selectors as plan_selectors
from plans.models import Plan
from reviews.models import Review
from sen_portal import timescales
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.workflow import today
from sen_portal.prepared import CASE_ID, Prepared

PANEL_TEMPLATE = "reviews/_case_panel_body.html"

# The case page's reviews: every review of the child's plans (by the child's id).
CASE_REVIEWS = Prepared(lambda marker: Review.objects.filter(plan__child_id=marker), marker=CASE_ID)


def case_panel(request, child) -> dict:
    """The child's reviews, newest first, and a way to start one early when an issued plan
    has none in progress. The case page's plans (read once for the plans, ceasing and
    reviews panels) and, when there are plans, their reviews (read with the ceasing
    panel's proposals, in one round trip: plans.selectors.case_plan_rows): every review
    is of one of the child's plans."""
    user = getattr(request, "user", None)
    plans = plan_selectors.case_plans(child=child)
    reviews = sorted(
        plan_selectors.case_plan_rows(child=child, name="reviews"),
        key=lambda review: (review.due_on, review.created_at),
        reverse=True,
    )
    may_start, more_often = [], []
    if runs_the_case(child, user):
        live_plans = {r.plan_id for r in reviews if r.is_live}
        issued = [plan for plan in plans if plan.status in Plan.ISSUED]
        may_start = [plan for plan in issued if plan.pk not in live_plans]
        # CoP 9.178: a child under 5 may be reviewed every 3 to 6 months.
        if timescales.add_months(child.date_of_birth, 60) > today():
            more_often = issued
    return {
        "reviews": reviews,
        "may_start": may_start,
        "more_often": more_often,
    }
