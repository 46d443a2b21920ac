"""The one way views get a plan or a version.

Staff: 404 unless they may see the child's case (casework's rules), and the read is
logged, as for the case page. Family members: 404 unless they are linked to the child,
and they reach only what was issued to them (versions), never the plan being drafted.
Not found and not allowed look the same, so ids cannot be probed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404

from plans import selectors
from plans.models import Consultation, Plan, PlanVersion
from sen_portal.accounts.roles import Role
from sen_portal.casework.access import check_case_access, family_may_see


def is_family_of(user, child_id) -> bool:
    # The family portal's one rule, through casework (the young person may have said
    # their parents must not see their case).
    return family_may_see(user=user, child_id=child_id)


def get_plan_for_user(request, plan_id, *, write: bool = False, content: bool = False) -> Plan:
    """A member of staff's plan: with every section's rows when ``content``."""
    try:
        if content:
            plan = selectors.plan_with_content(plan_id=plan_id)
        else:
            plan = selectors.plan_queryset().get(pk=plan_id)
    except (Plan.DoesNotExist, ValidationError):
        raise Http404("Not found") from None
    check_case_access(request, plan.child, write=write)
    return plan


def get_plan_for_reader(request, plan_id) -> Plan:
    """Staff who may see the case, or a family member of the child (no content)."""
    try:
        plan = selectors.plan_queryset().get(pk=plan_id)
    except (Plan.DoesNotExist, ValidationError):
        raise Http404("Not found") from None
    if request.user.role == Role.FAMILY:
        if not is_family_of(request.user, plan.child_id):
            raise Http404("Not found")
        return plan
    check_case_access(request, plan.child, write=False)
    return plan


def get_version_for_reader(request, plan_id, number: int) -> PlanVersion:
    plan = get_plan_for_reader(request, plan_id)
    try:
        version = PlanVersion.objects.select_related("pdf", "issued_by").get(
            plan=plan, number=number
        )
    except PlanVersion.DoesNotExist:
        raise Http404("Not found") from None
    version.plan = plan
    return version


def get_consultation_for_user(request, consultation_id, *, write: bool = False) -> Consultation:
    try:
        consultation = Consultation.objects.select_related(
            "institution", "plan__child__team", "plan__assessment"
        ).get(pk=consultation_id)
    except Consultation.DoesNotExist:
        raise Http404("Not found") from None
    check_case_access(request, consultation.plan.child, write=write)
    return consultation
