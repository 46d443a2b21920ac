"""The assessments panel on the child's case page, registered with casework in
AppConfig.ready (casework knows no workflow)."""

from __future__ import annotations

from django.urls import reverse

from assessments import selectors
from sen_portal.accounts.roles import CASE_ROLES

PANEL_TEMPLATE = "assessments/_case_panel_body.html"


def case_panel(request, child) -> dict:
    """The child's requests and assessments (one query) and, where nothing is in
    progress, the way to record a new request."""
    user = getattr(request, "user", None)
    requests = selectors.requests_for_child(child=child)
    blocking = selectors.blocking_workflow(requests)
    # A child whose assessment decided to issue a plan: a new request is a request for a
    # reassessment (CFA s44(2)).
    reassessment = selectors.is_plan_decided(blocking)
    return {
        "requests": requests,
        "can_record": user is not None
        and user.role in CASE_ROLES
        and (blocking is None or reassessment),
        "next_is_reassessment": reassessment,
    }


def case_panel_html(child, context: dict) -> str:
    """``PANEL_TEMPLATE`` rendered over ``context``, written in Python, byte for byte
    (issue #22; tests/casework/test_case_panels_html.py compares the two)."""
    from sen_portal.casework.templatetags.case_page_tags import _day, _e, _Link

    reassess = context["next_is_reassessment"]
    out = [
        '<div class="govuk-summary-card" id="assessment-panel">\n'
        '  <div class="govuk-summary-card__title-wrapper">\n'
        '    <h2 class="govuk-summary-card__title">EHC needs assessment</h2>\n    '
    ]
    if context["can_record"]:
        url = reverse("assessments:request_create", args=[child.pk])
        out.append(
            '<ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action">'
            f'<a class="govuk-link" href="{_e(url)}">'
            + (
                "Record a request for a reassessment"
                if reassess
                else "Record a request for assessment"
            )
            + "</a></li>"
        )
        if reassess:
            url = reverse("assessments:reassessment_initiate", args=[child.pk])
            out.append(
                '<li class="govuk-summary-card__action">'
                f'<a class="govuk-link" href="{_e(url)}">Decide to reassess</a></li>'
            )
        out.append("</ul>")
    out.append('\n  </div>\n  <div class="govuk-summary-card__content">\n    ')
    requests = context["requests"]
    if requests:
        request_url = _Link("assessments:request_detail", uuid=True)
        assessment_url = _Link("assessments:assessment_detail", uuid=True)
        out.append('\n    <dl class="govuk-summary-list">\n      ')
        for req in requests:
            received = _day(req.received_on)
            assessment = getattr(req, "assessment", None)
            out.append(
                '\n      <div class="govuk-summary-list__row">\n'
                '        <dt class="govuk-summary-list__key">'
                + ("Reassessment requested" if req.is_reassessment else "Request received")
                + f" {received}</dt>\n"
                '        <dd class="govuk-summary-list__value">\n          '
            )
            if assessment:
                if assessment.is_live:
                    colour = "blue"
                elif assessment.status == "decided_to_issue":
                    colour = "green"
                else:
                    colour = "grey"
                out.append(
                    f'<strong class="govuk-tag govuk-tag--{colour}">'
                    f"{_e(assessment.get_status_display())}</strong>\n          "
                )
            else:
                colour = "blue" if req.is_open else "grey"
                if req.is_reassessment and req.status == "declined":
                    status = "Decided not to reassess"
                else:
                    status = _e(req.get_status_display())
                out.append(f'<strong class="govuk-tag govuk-tag--{colour}">{status}</strong>')
            out.append("\n          ")
            if req.is_reassessment and req.is_open:
                out.append(
                    '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
                    f"Decide whether to reassess by {_day(req.decision_due_on)}</p>"
                )
            out.append(
                "\n        </dd>\n"
                '        <dd class="govuk-summary-list__actions">\n'
                '          <ul class="govuk-summary-list__actions-list">\n'
                '            <li class="govuk-summary-list__actions-list-item">'
                f'<a class="govuk-link" href="{request_url(req.pk)}">Request'
                f'<span class="govuk-visually-hidden"> received {received}</span></a></li>\n'
                "            "
            )
            if assessment:
                out.append(
                    '<li class="govuk-summary-list__actions-list-item">'
                    f'<a class="govuk-link" href="{assessment_url(assessment.pk)}">Assessment'
                    '<span class="govuk-visually-hidden"> from '
                    f"{_day(assessment.started_on)}</span></a></li>"
                )
            out.append("\n          </ul>\n        </dd>\n      </div>\n      ")
        out.append("\n    </dl>\n    ")
    else:
        out.append(
            '\n    <p class="govuk-body">No request for an EHC needs assessment has been'
            " recorded.</p>\n    "
        )
    out.append("\n  </div>\n</div>\n")
    return "".join(out)
