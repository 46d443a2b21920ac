"""The SEN2 person-level return (STATUTORY.md section 6): who is in it (`selection`), the
items of each module (`records`), the XML and the CSV of each module (`writers`), and
the pre-submission check (`validation`). Code lists: sen_portal/sen2_codes.py.

Every module of the DfE specification (Person → Requests, one element per request →
Assessment → NamedPlan → PlanDetail; Requests → ActivePlans → PlacementDetail,
SENneed), under a Header with CollectionDetails and Source. Read from dates, with the
census rule: what had happened by the census date, for the calendar year before it and
the plans maintained on census day.

Not written, because no readable source gave their DfE code lists
(sen2_codes.NOT_CONFIRMED): RequestOutcome, AssessmentOutcome and ReviewOutcome."""

from sen_portal.dashboards.sen2.records import MODULES, Module, person_records
from sen_portal.dashboards.sen2.selection import CHUNK, children_for_return, in_return
from sen_portal.dashboards.sen2.validation import (
    QUERIES,
    RULES,
    Counts,
    Problem,
    children_with_problems,
    counts,
    labelled,
    problem_ids,
    problems,
)
from sen_portal.dashboards.sen2.writers import (
    iter_return,
    module_rows,
    write_csv_files,
    write_return,
)

__all__ = [
    "CHUNK",
    "MODULES",
    "QUERIES",
    "RULES",
    "Counts",
    "Module",
    "Problem",
    "children_for_return",
    "children_with_problems",
    "counts",
    "in_return",
    "iter_return",
    "labelled",
    "module_rows",
    "person_records",
    "problem_ids",
    "problems",
    "write_csv_files",
    "write_return",
]
