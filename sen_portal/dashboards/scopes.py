"""The team selector on every dashboard: which slice of the service a page counts.

- An administrator chooses all teams or one team, and within a team one person.
- A manager sees their own team, or one person in it (a caseworker or a manager).
- A caseworker sees the cases assigned to them, and chooses nothing.

The choice travels in the query string (``team``, ``caseworker``) so that the CSV
links, the pagination and the other dashboards keep it. A team the user may not see is
refused (404); a person who is not in the chosen team is ignored, as happens when an
administrator switches team with a person chosen in the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, QueryDict

from sen_portal.accounts.models import Team, User
from sen_portal.accounts.roles import CASE_ROLES, Role
from sen_portal.dashboards.selectors import Scope, scope_for


@dataclass(frozen=True)
class ScopeChoice:
    scope: Scope
    # Options as (value, label); empty when the user has nothing to choose.
    teams: list[tuple[str, str]] = field(default_factory=list)
    team: str = ""
    people: list[tuple[str, str]] = field(default_factory=list)
    person: str = ""

    @property
    def params(self) -> dict[str, str]:
        return {
            name: value
            for name, value in (("team", self.team), ("caseworker", self.person))
            if value and (name != "team" or self.teams)
        }

    @property
    def query(self) -> str:
        """To put in front of a page's own parameters: "team=3&caseworker=9&" or ""."""
        params = self.params
        return f"{urlencode(params)}&" if params else ""

    @property
    def offered(self) -> bool:
        return bool(self.teams or self.people)


def _id(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _people(team_id: int) -> list[User]:
    return list(
        User.objects.filter(team_id=team_id, role__in=CASE_ROLES, is_active=True)
        .only("pk", "full_name", "role")
        .order_by("full_name")
    )


def _with_person(
    base: Scope, team_id: int, team_name: str, wanted: int | None
) -> tuple[Scope, list[tuple[str, str]], str]:
    people = _people(team_id)
    options = [("", "Everyone in the team")] + [
        (str(p.pk), p.full_name + (" (manager)" if p.role == Role.MANAGER else "")) for p in people
    ]
    chosen = next((p for p in people if p.pk == wanted), None)
    if chosen is None:
        return base, options, ""
    scope = Scope(label=f"{team_name} · {chosen.full_name}", team_id=team_id,
                  caseworker_id=chosen.pk)  # fmt: skip
    return scope, options, str(chosen.pk)


def choose_scope(user: User, params: QueryDict | dict) -> ScopeChoice:
    """The scope asked for in ``params``, within what ``user`` may see."""
    wanted_team = params.get("team", "")
    wanted_person = _id(params.get("caseworker"))
    if user.role == Role.CASEWORKER:
        return ScopeChoice(scope_for(user))
    if user.role == Role.MANAGER:
        if wanted_team and _id(wanted_team) != user.team_id:
            raise Http404("You can only see your own team")
        base = scope_for(user)
        scope, people, person = _with_person(base, user.team_id, base.label, wanted_person)
        return ScopeChoice(scope, people=people, person=person, team=str(user.team_id))
    if user.role != Role.ADMIN:
        raise Http404("No dashboard")
    teams = list(Team.objects.only("pk", "name").order_by("name"))
    team_options = [("", "All teams")] + [(str(t.pk), t.name) for t in teams]
    if not wanted_team:
        return ScopeChoice(scope_for(user), teams=team_options)
    team = next((t for t in teams if t.pk == _id(wanted_team)), None)
    if team is None:
        raise Http404("No such team")
    base = Scope(label=team.name, team_id=team.pk)
    scope, people, person = _with_person(base, team.pk, team.name, wanted_person)
    return ScopeChoice(scope, teams=team_options, team=str(team.pk), people=people, person=person)
