"""The SEN2 page for managers: the validation report (each case that would be rejected,
with a link to fix it) and a streamed CSV download of each module of the return, for
the scope chosen with the team selector."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sen_portal.access import allow
from sen_portal.accounts.roles import Role
from sen_portal.casework.services import data_export_record
from sen_portal.csv_safe import csv_lines
from sen_portal.dashboards import sen2
from sen_portal.dashboards.selectors import Scope
from sen_portal.dashboards.views.common import (
    PAGE_SIZE,
    chosen_scope,
    page_context,
)
from sen_portal.sen2_codes import DESIGNATED_OFFICERS, DesignatedOfficer

CENSUS_DATE_ERROR = "Enter the census date as a real date, for example 2026-01-15"


def header_answers() -> list[tuple[str, str]]:
    """The XML header's council items as the page shows them: the LA code, then each
    designated officer item with its meaning (sen2_codes.DesignatedOfficer)."""
    answers = [("LA code (LEA)", settings.SEN2_LA_CODE)]
    for item, (label, setting) in DESIGNATED_OFFICERS.items():
        code = getattr(settings, setting)
        meaning = dict(DesignatedOfficer.choices).get(code, "not a DfE code")
        answers.append((label, f"{meaning} ({item} {code}; setting {setting})"))
    return answers


def _default_census_date() -> datetime.date:
    """The census the council is working towards: the third Thursday of January (15
    January 2026, 21 January 2027 [GOVUK in sen2_codes]) of this year until the return is
    due in March, of next year from April."""
    today = timezone.localdate()
    january = datetime.date(today.year + (today.month >= 4), 1, 1)
    first_thursday = january + datetime.timedelta(days=(3 - january.weekday()) % 7)
    return first_thursday + datetime.timedelta(weeks=2)


def _census_date(request) -> tuple[datetime.date, str]:
    """The census date asked for, else the default; and an error message for a value
    that is not a date (the page then shows the default)."""
    value = request.GET.get("census_date", "").strip()
    if not value:
        return _default_census_date(), ""
    try:
        return datetime.date.fromisoformat(value), ""
    except ValueError:
        return _default_census_date(), CENSUS_DATE_ERROR


@allow(Role.MANAGER, Role.ADMIN)
def sen2_check(request):
    choice = chosen_scope(request)
    census, error = _census_date(request)
    # One query for the ids of the cases to fix (its length is the count), one to label
    # the page's cases: see sen2.validation.
    ids = sen2.problem_ids(scope=choice.scope, census_date=census)
    counts = sen2.counts(scope=choice.scope, census_date=census)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/sen2_check.html",
        {
            **page_context(choice, "sen2", keep=[("census_date", census.isoformat())]),
            "census_date": census,
            "census_error": error,
            "page": page,
            "problems": list(sen2.problems(sen2.labelled(page.object_list, census))),
            "counts": counts,
            # The XML covers the whole council: its own count when a team is chosen.
            "xml_errors": counts.errors
            if choice.scope.team_id is None
            else sen2.counts(scope=Scope(label="All teams"), census_date=census).errors,
            "page_query": f"{choice.query}census_date={census.isoformat()}&",
            "modules": list(sen2.MODULES.values()),
            "header_answers": header_answers(),
        },
    )


@allow(Role.MANAGER, Role.ADMIN)
def sen2_module_csv(request, module: str):
    """One module of the return as CSV, streamed: children are read in chunks."""
    if module not in sen2.MODULES:
        raise Http404("No such module")
    choice = chosen_scope(request)
    census, error = _census_date(request)
    if error:
        raise Http404(error)
    filename = f"sen2-{census.isoformat()}-{module}.csv"
    # Every child's name, date of birth, postcode and UPN: who took it is logged.
    data_export_record(user=request.user, what=filename, scope=choice.scope.label)
    rows = sen2.module_rows(module, census_date=census, scope=choice.scope)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@allow(Role.MANAGER, Role.ADMIN)
def sen2_xml(request):
    """The whole council's XML return for COLLECT, streamed a person at a time. While any
    case would be rejected the file is named and offered as a draft (see the page)."""
    census, error = _census_date(request)
    if error:
        raise Http404(error)
    errors = sen2.counts(scope=Scope(label="All teams"), census_date=census).errors
    response = StreamingHttpResponse(
        sen2.iter_return(census_date=census), content_type="application/xml; charset=utf-8"
    )
    draft = f"-DRAFT-{errors}-errors" if errors else ""
    response["Content-Disposition"] = f'attachment; filename="sen2-{census.isoformat()}{draft}.xml"'
    return response
