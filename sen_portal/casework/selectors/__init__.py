"""casework's reads, by concept: cases and their chronology (case), deadlines and how
they look (deadlines), staff notifications (notifications). Other apps import the public
names from here."""

from sen_portal.casework.selectors.case import (
    NEXT_DUE_FILTERS,
    case_counts_for_user,
    child_detail,
    child_list_for_user,
    children_visible_to,
    chronology_for_child,
    family_members_for_child,
    recent_chronology_for_child,
    recent_documents_for_child,
)
from sen_portal.casework.selectors.deadlines import (
    DeadlineLook,
    DeadlineRow,
    NextStep,
    amber_limit,
    deadline_look,
    deadline_rows_for_child,
    deadline_tag,
    due_date_tag,
    next_step_for_child,
    subject_names,
)
from sen_portal.casework.selectors.notifications import (
    notifications_for_user,
    unread_count_for_user,
)

__all__ = [
    "NEXT_DUE_FILTERS",
    "DeadlineLook",
    "DeadlineRow",
    "NextStep",
    "amber_limit",
    "case_counts_for_user",
    "child_detail",
    "child_list_for_user",
    "children_visible_to",
    "chronology_for_child",
    "family_members_for_child",
    "recent_chronology_for_child",
    "recent_documents_for_child",
    "deadline_look",
    "deadline_rows_for_child",
    "deadline_tag",
    "due_date_tag",
    "next_step_for_child",
    "notifications_for_user",
    "subject_names",
    "unread_count_for_user",
]
