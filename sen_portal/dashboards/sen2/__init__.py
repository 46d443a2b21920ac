"""The SEN2 person-level return (STATUTORY.md section 6): who is in it (`selection`), the
items of each module (`records`), the XML and the CSV of each module (`writers`), and
the validation report (`validation`).

Written, as far as the case records hold the data (module hierarchy of the DfE technical
specification: Person → Requests → Assessment → NamedPlan → PlanDetail):

- Header: Collection, Year, ReferenceDate.
- Person: Surname, Forename, PersonBirthDate, Sex, Ethnicity, PostCode, UPN,
  UniqueLearnerNumber, UPNunknown.
- Request: ReceivedDate, RequestOutcomeDate, RequestMediation and RequestTribunal
  (1 when mediation took place / an appeal was lodged about the decision not to assess,
  from disagreements/).
- Assessment: AssessmentOutcomeDate, AssessmentMediation and AssessmentTribunal (about
  the decision not to issue), OtherMediation and OtherTribunal (about the plan: its
  contents, an amendment, not amending, ceasing), Week20 (1 when an exception is
  recorded against the request's 20-week deadline, else 0).
- NamedPlan: StartDate (the final plan's issue date), PB (personal budget: 1 when one was
  asked for and its arrangements are recorded in section J, 0 when none was asked for),
  CeaseDate and CeaseReason (the day the plan ended and the SEN2 reason code).
- PlanDetail: URN, PlacementRank (1: the plan names one placement).
- ActivePlans (plans maintained on the census date): ReviewMeeting and LastReview (the
  latest review meeting and decision by then), ReviewDraft (the latest proposed
  amendments), PhaseTransferDueDate and PhaseTransferFinalDate (the Reg 18 date and the
  day the next school or college was named).

Not written yet, because no case record holds them: RequestSource and the coded
outcomes (their DfE code lists are LOW confidence in STATUTORY.md), RYA, Exported,
OA/DP (section J holds the arrangements as free text), PlanRes, PlanWBP, UKPRN,
SENSetting, SENunitIndicator, ResourcedProvisionIndicator, ReviewOutcome and TransferLA
(active plans), the placement-detail module and SEN need.
"""

from sen_portal.dashboards.sen2.records import MODULES, Module, person_records
from sen_portal.dashboards.sen2.selection import CHUNK, children_for_return, in_return
from sen_portal.dashboards.sen2.validation import (
    RULES,
    Problem,
    children_with_problems,
    labelled,
    problem_ids,
    problems,
)
from sen_portal.dashboards.sen2.writers import module_rows, write_csv_files, write_return

__all__ = [
    "CHUNK",
    "MODULES",
    "RULES",
    "Module",
    "Problem",
    "children_for_return",
    "children_with_problems",
    "in_return",
    "labelled",
    "module_rows",
    "person_records",
    "problem_ids",
    "problems",
    "write_csv_files",
    "write_return",
]
