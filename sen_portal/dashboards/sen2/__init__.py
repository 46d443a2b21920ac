"""The SEN2 person-level return (STATUTORY.md section 6): who is in it (`selection`), the
items of each module (`records`), the XML and the CSV of each module (`writers`), and
the pre-submission check (`validation`). Code lists: sen_portal/sen2_codes.py.

Every module of the DfE specification (Person → Requests, one element per request →
Assessment → NamedPlan → PlanDetail; Requests → ActivePlans → PlacementDetail,
SENneed), under a Header with CollectionDetails and Source. Read from dates, with the
census rule: what had happened by the census date, for the calendar year before it and
the plans maintained on census day.

Requests for a reassessment (CFA s44(2)) are not in the Requests module: each <Requests>
element is a request for an EHC needs assessment (CFA s36(1)), with its own
RequestOutcome and Assessment; a reassessment of a plan in force is neither (see
selection.requests_by)."""

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
