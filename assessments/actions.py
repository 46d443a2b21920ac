"""The buttons a page offers: a transition appears only when it is legal now (its source
state and conditions) and this user may take it (its permission). The views that carry
them out check again, through the services, so a hand-made POST gains nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django_fsm import has_transition_perm


@dataclass(frozen=True)
class Action:
    method: str  # the transition on the model
    label: str
    url_name: str
    style: str = ""  # "" (primary), "secondary" or "warning"

    def url(self, obj) -> str:
        return reverse(self.url_name, args=[obj.pk])

    @property
    def button_class(self) -> str:
        return f"govuk-button govuk-button--{self.style}" if self.style else "govuk-button"


REQUEST_ACTIONS = (
    Action("decide_to_assess", "Decide to assess", "assessments:request_decide_to_assess"),
    Action("decline", "Decide not to assess", "assessments:request_decline", "warning"),
    Action("withdraw", "Record that it was withdrawn", "assessments:request_withdraw", "secondary"),
)

ASSESSMENT_ACTIONS = (
    Action("complete_advice", "Mark the advice complete", "assessments:assessment_complete_advice"),
    Action("decide_to_issue", "Decide to issue a plan", "assessments:assessment_decide_to_issue"),
    Action(
        "decide_not_to_issue",
        "Decide not to issue a plan",
        "assessments:assessment_decide_not_to_issue",
        "warning",
    ),
    Action(
        "withdraw",
        "Record that it was withdrawn",
        "assessments:assessment_withdraw",
        "secondary",
    ),
)

ADVICE_STAFF_ACTIONS = (
    Action("submit", "Record the advice", "assessments:advice_record"),
    # Accepting and rejecting share one page; they have the same source and permission.
    Action("accept_exception", "Decide on the exception", "assessments:advice_exception"),
    Action("cancel", "Cancel this advice request", "assessments:advice_cancel", "secondary"),
)


def available_actions(obj, actions: tuple[Action, ...], user) -> list[Action]:
    return [action for action in actions if has_transition_perm(getattr(obj, action.method), user)]


def allowed(obj, method: str, user) -> bool:
    return has_transition_perm(getattr(obj, method), user)
