"""Every change to a plan: one function per step, which views, tasks, commands and tests
all call. Each locks the plan row, so two people pressing the same button cannot both win:
the second waits, then finds the state changed and is refused (ActionRefused)."""

from plans.services._common import ActionRefused
from plans.services.amendments import (
    AmendedIssue,
    open_amendment,
    plan_amendment_start,
    plan_decide_not_to_amend,
    plan_issue_amended_final,
    plan_issue_amendment_proposals,
    plan_record_amendment_representations,
)
from plans.services.documents import plan_version_render_pdf
from plans.services.lifecycle import (
    FinalIssue,
    plan_bring_into_force,
    plan_cease,
    plan_consult_institution,
    plan_issue_draft,
    plan_issue_final,
    plan_record_consultation_response,
    plan_record_representations,
    plan_start,
    plan_withdraw,
)
from plans.services.phase_facts import plan_set_phase_facts
from plans.services.placements import placement_record_add
from plans.services.reassessment import amend_after_reassessment  # noqa: F401 - follow-ups
from plans.services.replacement import replace_the_old_plan  # noqa: F401 - follow-ups
from plans.services.sections import (
    SectionChange,
    plan_item_remove,
    plan_item_save,
    plan_section_mark,
    plan_section_update,
)
from plans.services.window import (
    family_window,
    plan_record_meeting_held,
    plan_record_meeting_requested,
    plan_record_nothing_more,
    plan_record_service,
)

__all__ = [
    "placement_record_add",
    "plan_set_phase_facts",
    "ActionRefused",
    "AmendedIssue",
    "FinalIssue",
    "SectionChange",
    "family_window",
    "open_amendment",
    "plan_record_meeting_held",
    "plan_record_meeting_requested",
    "plan_record_nothing_more",
    "plan_record_service",
    "plan_amendment_start",
    "plan_bring_into_force",
    "plan_cease",
    "plan_consult_institution",
    "plan_decide_not_to_amend",
    "plan_issue_draft",
    "plan_issue_amended_final",
    "plan_issue_amendment_proposals",
    "plan_issue_final",
    "plan_item_remove",
    "plan_record_amendment_representations",
    "plan_item_save",
    "plan_record_consultation_response",
    "plan_record_representations",
    "plan_section_mark",
    "plan_section_update",
    "plan_start",
    "plan_version_render_pdf",
    "plan_withdraw",
]
