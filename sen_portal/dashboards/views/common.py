"""What every dashboard view shares: the roles, the scope chosen with the team selector,
and streamed CSV responses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from sen_portal.accounts.roles import Role
from sen_portal.casework.services import data_export_record
from sen_portal.csv_safe import csv_lines
from sen_portal.dashboards.scopes import ScopeChoice, choose_scope

DASHBOARD_ROLES = (Role.MANAGER, Role.ADMIN, Role.CASEWORKER)
PAGE_SIZE = 25


def csv_response(
    request, scope: str, filename: str, header: list[str], rows: Iterable[list]
) -> StreamingHttpResponse:
    """A CSV download, logged (who, when, which file, which scope) before it streams."""
    data_export_record(user=request.user, what=filename, scope=scope)

    def with_header() -> Iterator[list]:
        yield header
        yield from rows

    response = StreamingHttpResponse(
        csv_lines(with_header()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def wants_csv(request) -> bool:
    return request.GET.get("format") == "csv"


def chosen_scope(request) -> ScopeChoice:
    return choose_scope(request.user, request.GET)


def page_context(choice: ScopeChoice, section: str, keep: list[tuple[str, str]] | None = None):
    """Context every dashboard template needs: the scope (its label in the caption),
    the selector's options and the parameters the selector's form must keep."""
    return {"scope": choice.scope, "choice": choice, "section": section, "keep": keep or []}
