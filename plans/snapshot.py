"""A plan's content as plain data: what a version freezes, what the PDF and the version
pages show, and what two versions are compared on.

`build_snapshot` reads a plan loaded by `selectors.plan_with_content` (everything
prefetched, so it runs no queries). Items get references in reading order (B1, E2, F3,
H1.2) that the links between them use: an outcome names the needs it meets by reference,
a piece of provision the outcomes it supports.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from plans.constants import (
    SECTIONS,
    SECTIONS_BY_CODE,
    Agency,
    BudgetArrangement,
    InstitutionKind,
    NeedArea,
    PreparingForAdulthood,
    ProvisionSection,
)

SCHEMA = 1
PROVISION_CODES = tuple(ProvisionSection.values)
_AREA_ORDER = {code: n for n, code in enumerate(NeedArea.values)}


def _ref(section: str, n: int) -> str:
    # "H1" followed by "1" would read as H11.
    return f"{section}.{n}" if section[-1].isdigit() else f"{section}{n}"


def build_snapshot(plan, *, kind: str) -> dict[str, Any]:
    """Every section of ``plan`` as JSON-ready data. A draft withholds section I
    (CoP 9.77: the draft must not name the school or college, nor its type)."""
    child = plan.child
    needs = sorted(plan.needs.all(), key=lambda n: (_AREA_ORDER.get(n.area, 99), n.pk))
    need_refs = {n.pk: _ref("B", i) for i, n in enumerate(needs, start=1)}
    outcomes = sorted(plan.outcomes.all(), key=lambda o: o.pk)
    outcome_refs = {o.pk: _ref("E", i) for i, o in enumerate(outcomes, start=1)}

    sections: dict[str, Any] = {
        "A": {
            "views": plan.a_views,
            "interests": plan.a_interests,
            "aspirations": plan.a_aspirations,
        },
        "B": {
            "needs": [
                {
                    "ref": need_refs[n.pk],
                    "area": n.area,
                    "area_label": NeedArea(n.area).label,
                    "description": n.description,
                }
                for n in needs
            ]
        },
        "C": {"text": plan.c_health_needs},
        "D": {"text": plan.d_social_care_needs},
        "E": {
            "outcomes": [
                {
                    "ref": outcome_refs[o.pk],
                    "description": o.description,
                    "achieve_by": o.achieve_by,
                    "needs": sorted(
                        (need_refs[n.pk] for n in o.needs.all() if n.pk in need_refs),
                        key=_ref_order,
                    ),
                    "preparing_for_adulthood": o.preparing_for_adulthood,
                    "pfa_label": PreparingForAdulthood(o.preparing_for_adulthood).label
                    if o.preparing_for_adulthood
                    else "",
                }
                for o in outcomes
            ]
        },
    }
    provision = sorted(plan.provision.all(), key=lambda p: p.pk)
    for code in PROVISION_CODES:
        items = [p for p in provision if p.section == code]
        sections[code] = {
            "items": [
                {
                    "ref": _ref(code, i),
                    "what": p.what,
                    "delivered_by": p.delivered_by,
                    "how_often": p.how_often,
                    "how_long": p.how_long,
                    "outcomes": sorted(
                        (outcome_refs[o.pk] for o in p.outcomes.all() if o.pk in outcome_refs),
                        key=_ref_order,
                    ),
                    "agency": p.responsible_agency,
                    "agency_label": Agency(p.responsible_agency).label,
                    "contact_name": p.contact_name,
                    "contact_details": p.contact_details,
                }
                for i, p in enumerate(items, start=1)
            ]
        }
    if kind == "draft":
        sections["I"] = {"withheld": True, "institution": None, "note": ""}
    else:
        place = plan.placement
        sections["I"] = {
            "withheld": False,
            "institution": None
            if place is None
            else {
                "name": place.name,
                "urn": place.urn,
                "kind": place.kind,
                "kind_label": InstitutionKind(place.kind).label,
                "town": place.town,
            },
            "note": plan.placement_note,
        }
    lines = sorted(plan.budget_lines.all(), key=lambda b: (b.section, b.pk))
    sections["J"] = {
        "requested": plan.j_requested,
        "lines": [
            {
                "section": b.section,
                "description": b.description,
                "annual_amount": f"{b.annual_amount:.2f}",
                "arrangement": b.arrangement,
                "arrangement_label": BudgetArrangement(b.arrangement).label,
            }
            for b in lines
        ],
        "total": f"{sum((b.annual_amount for b in lines), Decimal('0')):.2f}",
        "arrangements": plan.j_arrangements,
    }
    sections["K"] = {
        "advice": [
            {"title": e.title, "given_by": e.given_by, "dated": e.dated.isoformat()}
            for e in sorted(plan.advice_entries.all(), key=lambda e: (e.dated, e.pk))
        ]
    }
    return {
        "schema": SCHEMA,
        "child": {
            "name": child.full_name,
            "known_as": child.known_as,
            "preferred_name": child.preferred_name,
            "date_of_birth": child.date_of_birth.isoformat(),
            "la_reference": child.la_reference,
        },
        "sections": sections,
    }


def _ref_order(ref: str) -> tuple[str, int]:
    head, _, tail = ref.rpartition(".")
    if not head:
        head, tail = ref[0], ref[1:]
    return head, int(tail)


def canonical_json(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(snapshot).encode()).hexdigest()


# --- Reading a snapshot -----------------------------------------------------------------


def needs_by_area(snapshot: dict[str, Any]) -> list[tuple[str, list[dict]]]:
    """Section B grouped by area, in the Code's order; empty areas left out."""
    groups: dict[str, list[dict]] = {}
    for need in snapshot["sections"]["B"]["needs"]:
        groups.setdefault(need["area_label"], []).append(need)
    return list(groups.items())


@dataclass
class AgencyGroup:
    agency: str
    label: str
    items: list[dict] = field(default_factory=list)


def provision_by_agency(snapshot: dict[str, Any]) -> list[AgencyGroup]:
    """ "Who does what": every piece of provision, grouped by the agency responsible for
    it, in the order of the Agency choices; each item keeps its section reference."""
    groups = {code: AgencyGroup(code, label) for code, label in Agency.choices}
    for code in PROVISION_CODES:
        for item in snapshot["sections"][code]["items"]:
            groups[item["agency"]].items.append({**item, "section": code})
    return [g for g in groups.values() if g.items]


def section_lines(snapshot: dict[str, Any], code: str) -> list[str]:
    """Section ``code`` as lines of plain text: what a comparison compares."""
    s = snapshot["sections"][code]
    out: list[str] = []

    def block(label: str, text: str) -> None:
        text_lines = (text or "").splitlines() or [""]
        out.append(f"{label}: {text_lines[0]}")
        out.extend(f"    {line}" for line in text_lines[1:])

    if code == "A":
        block("Views", s["views"])
        block("Interests", s["interests"])
        block("Aspirations", s["aspirations"])
    elif code in ("C", "D"):
        out.extend((s["text"] or "").splitlines())
    elif code == "B":
        for need in s["needs"]:
            block(f"{need['ref']} {need['area_label']}", need["description"])
    elif code == "E":
        for o in s["outcomes"]:
            block(o["ref"], o["description"])
            out.append(f"    By when: {o['achieve_by']}")
            out.append(f"    Meets needs: {', '.join(o['needs']) or 'none linked'}")
            if o["preparing_for_adulthood"]:
                out.append(f"    Preparing for adulthood: {o['pfa_label']}")
    elif code in PROVISION_CODES:
        for p in s["items"]:
            block(p["ref"], p["what"])
            out.append(f"    Delivered by: {p['delivered_by']}")
            out.append(f"    How often: {p['how_often']}")
            out.append(f"    For how long: {p['how_long']}")
            out.append(f"    Supports outcomes: {', '.join(p['outcomes']) or 'none linked'}")
            contact = p["contact_name"] + (
                f", {p['contact_details']}" if p["contact_details"] else ""
            )
            out.append(f"    Responsible: {p['agency_label']} ({contact})")
    elif code == "I":
        if s["withheld"]:
            out.append("Not named in a draft plan")
        elif s["institution"]:
            inst = s["institution"]
            out.append(f"{inst['name']} (URN {inst['urn']}), {inst['kind_label']}")
            if s["note"]:
                out.append(s["note"])
        else:
            out.append("No school or college named")
    elif code == "J":
        requested = {True: "Yes", False: "No", None: "Not answered"}[s["requested"]]
        out.append(f"Personal budget asked for: {requested}")
        for line in s["lines"]:
            out.append(
                f"{line['section']}: {line['description']}: £{line['annual_amount']} a year, "
                f"{line['arrangement_label'].lower()}"
            )
        if s["lines"]:
            out.append(f"Total: £{s['total']} a year")
        if s["arrangements"]:
            block("Arrangements", s["arrangements"])
    elif code == "K":
        for entry in s["advice"]:
            out.append(f"{entry['title']}, from {entry['given_by']}, dated {entry['dated']}")
    return out


@dataclass
class SectionChange:
    code: str
    heading: str
    changed: bool
    lines: list[tuple[str, str]]  # ("added" | "removed" | "same", text)

    @property
    def added(self) -> int:
        return sum(1 for kind, _ in self.lines if kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for kind, _ in self.lines if kind == "removed")


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[SectionChange]:
    """What changed between two snapshots, section by section (a line diff)."""
    changes = []
    for section in SECTIONS:
        before = section_lines(old, section.code)
        after = section_lines(new, section.code)
        lines: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "equal":
                lines.extend(("same", line) for line in before[a1:a2])
            else:
                lines.extend(("removed", line) for line in before[a1:a2])
                lines.extend(("added", line) for line in after[b1:b2])
        changes.append(
            SectionChange(
                code=section.code,
                heading=SECTIONS_BY_CODE[section.code].heading,
                changed=before != after,
                lines=lines,
            )
        )
    return changes
