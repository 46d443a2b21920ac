"""The assessments panel on the child's case page. Casework's template includes
"assessments/_case_panel.html", which loads this: casework itself knows no workflow."""

from django import template

from assessments import selectors
from sen_portal.accounts.roles import CASE_ROLES

register = template.Library()


@register.inclusion_tag("assessments/_case_panel_body.html", takes_context=True)
def assessment_case_panel(context, child):
    """The child's requests and assessments (one query) and, where nothing is in
    progress, the way to record a new request."""
    request = context.get("request")
    user = getattr(request, "user", None)
    requests = selectors.requests_for_child(child=child)
    in_progress = selectors.blocking_workflow(requests) is not None
    return {
        "child": child,
        "requests": requests,
        "can_record": user is not None and user.role in CASE_ROLES and not in_progress,
    }
