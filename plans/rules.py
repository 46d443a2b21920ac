"""Who may change a plan. Deny unless a rule says yes.

The caseworkers and managers of the team that runs the case (casework's object rules say
which team that is) draft, issue and change plans. System administrators may read a
plan but decide nothing on it; advice givers and editors never reach it; a family member
reads what was issued to them (plans/access.py), never the draft in progress.
"""

from __future__ import annotations

from sen_portal.casework.rules import runs_the_case

__all__ = ["runs_the_case"]
