"""Template helpers for plan pages: reading a snapshot's sections by code, and the plans
panel on the child's case page (casework's template includes "plans/_case_panel.html",
which loads this: casework itself knows no workflow)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from plans import selectors
from sen_portal import timescales
from sen_portal.accounts.roles import CASE_ROLES
from sen_portal.casework.deadlines import long_date
from sen_portal.casework.models import Deadline

register = template.Library()


@register.filter
def item(mapping, key):
    """``s|item:section.code``: a dictionary entry by a key held in a variable."""
    try:
        return mapping[key]
    except (KeyError, TypeError, IndexError):
        return None


@register.inclusion_tag("plans/_case_panel_body.html", takes_context=True)
def plan_case_panel(context, child):
    """The child's plans and, where an assessment decided to issue a plan that has not
    been started, the way to start it. One query: every plan comes from an assessment
    that decided to issue one, so the decided assessments with their plans are both."""
    request = context.get("request")
    user = getattr(request, "user", None)
    decided = selectors.decided_assessments_with_plans(child=child)
    plans = [a.plan for a in decided if _plan_of(a) is not None]
    waiting = [a for a in decided if _plan_of(a) is None]
    may_start = (
        user is not None
        and user.is_authenticated
        and user.role in CASE_ROLES
        and user.has_perm("casework.change_child", child)
    )
    return {"child": child, "plans": plans, "waiting": waiting if may_start else []}


def _plan_of(assessment):
    try:
        return assessment.plan
    except ObjectDoesNotExist:
        return None


STATUS_COLOURS = {
    "drafting": "blue",
    "draft_issued": "light-blue",
    "consulting": "purple",
    "final_issued": "green",
    "in_force": "green",
    "withdrawn": "grey",
    "ceased": "grey",
    "amending": "yellow",
    "amendment_proposed": "orange",
}


@register.filter
def status_colour(plan) -> str:
    return STATUS_COLOURS.get(plan.status, "grey")


@register.filter
def iso_date(value: str) -> str:
    """A snapshot's ISO date as GOV.UK writes dates: 3 March 2025."""
    try:
        return long_date(datetime.date.fromisoformat(value))
    except (TypeError, ValueError):
        return value


@register.filter
def money(value) -> str:
    """A snapshot's amount ("1200.00") as 1,200.00."""
    try:
        return f"{Decimal(value):,.2f}"
    except (TypeError, ValueError, ArithmeticError):
        return value


@register.simple_tag
def deadline_tag(deadline, today=None):
    """(label, colour, words) for a deadline's GOV.UK tag."""
    today = today or timezone.localdate()
    status = Deadline.Status
    if deadline.status == status.MET:
        if deadline.met_late:
            days = deadline.days_late
            words = (
                f"Met on {long_date(deadline.met_on)}, {days} day{'s' if days != 1 else ''} late"
            )
            return ("Met late", "orange", words)
        return ("Met", "green", f"Met on {long_date(deadline.met_on)}")
    if deadline.status == status.CANCELLED:
        return ("No longer applies", "grey", "Cancelled")
    words = timescales.days_left_in_words(today, deadline.due_on).capitalize()
    if deadline.status == status.EXCEPTED:
        return ("Exception recorded", "purple", words)
    if deadline.status == status.BREACHED or deadline.due_on < today:
        return ("Overdue", "red", words)
    return ("Open", "blue", words)
