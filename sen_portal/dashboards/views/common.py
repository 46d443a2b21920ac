"""What every dashboard view shares: the roles, the scope chosen with the team selector,
and streamed CSV responses."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

from sen_portal.accounts.roles import Role
from sen_portal.dashboards.scopes import ScopeChoice, choose_scope

DASHBOARD_ROLES = (Role.MANAGER, Role.ADMIN, Role.CASEWORKER)
PAGE_SIZE = 25


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    writer = csv.writer(Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
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
