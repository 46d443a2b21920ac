#!/usr/bin/env python
"""Benchmark: render a realistic 20-page EHC plan to a tagged PDF/UA document.

    .venv/bin/python bench/render_plan.py [--runs 5] [--provision 38] [--draft] [--out plan.pdf]
    .venv/bin/python bench/render_plan.py --html plan.html   # the HTML, for another engine

No database: the plan is a frozen snapshot (what a PlanVersion holds), rendered exactly as
the Celery task renders it (plans.services.documents.render_version_pdf_bytes: the
templates/plans/pdf/plan.html template through sen_portal.casework.pdf's locked-down
WeasyPrint renderer). Not part of the test suite.

The plan is a secondary-age young person's (preparing for adulthood outcomes) with long
views, 16 needs over the four areas, 20 outcomes, and long provision tables: 38 items in
section F by default (20 pages), plus G, H1 and H2, a personal budget and the advice list.

It renders once to warm up (fonts, stylesheets), then --runs times, and prints the pages,
the size, the median and best seconds, and pages per second. --html FILE also writes the
HTML WeasyPrint is given, with its stylesheets inlined so that the file stands alone
(e.g. `chromium --headless --print-to-pdf=out.pdf FILE` to compare engines).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sen_portal.settings.test")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

from plans.constants import (  # noqa: E402
    Agency,
    BudgetArrangement,
    InstitutionKind,
    NeedArea,
    PreparingForAdulthood,
)
from plans.models import PlanVersion  # noqa: E402
from plans.services import documents  # noqa: E402
from plans.services.documents import render_version_pdf_bytes  # noqa: E402
from plans.snapshot import content_hash  # noqa: E402

WHO = [
    "Teaching assistant trained by the specialist teacher",
    "Specialist teacher, Northshire learning support service",
    "Speech and language therapist, with a trained assistant between visits",
    "SENCo and form tutor",
    "Educational psychologist",
]
OFTEN = ["Daily", "3 sessions a week", "Weekly", "Once a half term", "Twice a term"]
LONG = [
    "20 minutes a session, until the next annual review",
    "45 minutes a session, for two terms, then reviewed",
    "One hour a visit, for a year",
    "30 minutes a session, for the rest of key stage 4",
]
WHAT = (
    "A structured, cumulative literacy programme taught one to one, following the "
    "specialist teacher's plan, with pre-teaching of subject vocabulary before lessons "
    "and overlearning of high-frequency words; progress measured each half term and "
    "shared with the family."
)


def snapshot(*, provision: int) -> dict:
    areas = list(NeedArea)
    needs = [
        {
            "ref": f"B{n}",
            "area": areas[(n - 1) * len(areas) // 16].value,
            "area_label": areas[(n - 1) * len(areas) // 16].label,
            "description": (
                f"Need {n}: difficulties with working memory and processing speed mean they "
                "lose track of multi-step instructions and tire quickly in long lessons. "
                "They need information broken into short steps and time to respond."
            ),
        }
        for n in range(1, 17)
    ]
    pfa = list(PreparingForAdulthood)
    outcomes = [
        {
            "ref": f"E{n}",
            "description": (
                f"Outcome {n}: reads and understands a short text in a subject lesson and "
                "explains it in their own words, using a strategy they chose themselves."
            ),
            "achieve_by": "The end of year 11",
            "needs": [f"B{n % 16 + 1}", f"B{(n + 5) % 16 + 1}"],
            "preparing_for_adulthood": pfa[n % 4].value if n % 3 == 0 else "",
            "pfa_label": pfa[n % 4].label if n % 3 == 0 else "",
        }
        for n in range(1, 21)
    ]

    def items(section: str, count: int, agencies: list[Agency]) -> list[dict]:
        prefix = f"{section}." if section[-1].isdigit() else section
        return [
            {
                "ref": f"{prefix}{n}",
                "what": f"{WHAT} (item {n})",
                "delivered_by": WHO[n % len(WHO)],
                "how_often": OFTEN[n % len(OFTEN)],
                "how_long": LONG[n % len(LONG)],
                "outcomes": [f"E{n % 20 + 1}", f"E{(n + 7) % 20 + 1}"],
                "agency": agencies[n % len(agencies)].value,
                "agency_label": agencies[n % len(agencies)].label,
                "contact_name": "Learning support service, Northshire Council",
                "contact_details": "learning.support@example.org",
            }
            for n in range(1, count + 1)
        ]

    views = (
        "I like school when I know what is happening next. Noisy rooms make my head hurt, "
        "and I need people to give me time to answer. I am good at drawing and at fixing "
        "bikes. I want to go to college to learn to be a mechanic. "
    ) * 4
    return {
        "schema": 1,
        "child": {
            "name": "Jordan Example",
            "known_as": "Jo",
            "preferred_name": "Jo",
            "date_of_birth": "2011-03-14",
            "la_reference": "NS-BENCH-0001",
        },
        "sections": {
            "A": {"views": views, "interests": views, "aspirations": views},
            "B": {"needs": needs},
            "C": {"text": "Mild hearing loss in the left ear; yearly audiology review. " * 5},
            "D": {"text": "Short breaks assessed as needed to support the family. " * 5},
            "E": {"outcomes": outcomes},
            "F": {"items": items("F", provision, [Agency.LA_EDUCATION, Agency.SCHOOL])},
            "G": {"items": items("G", 8, [Agency.HEALTH])},
            "H1": {"items": items("H1", 4, [Agency.SOCIAL_CARE])},
            "H2": {"items": items("H2", 4, [Agency.SOCIAL_CARE])},
            "I": {
                "withheld": False,
                "institution": {
                    "name": "Hillcrest Academy",
                    "urn": "990201",
                    "kind": InstitutionKind.ACADEMY.value,
                    "kind_label": InstitutionKind.ACADEMY.label,
                    "town": "Northtown",
                },
                "note": "Year 10, with the resourced provision for two sessions a day",
            },
            "J": {
                "requested": True,
                "lines": [
                    {
                        "section": s,
                        "description": f"Personal budget for section {s} provision",
                        "annual_amount": "1560.00",
                        "arrangement": BudgetArrangement.DIRECT_PAYMENT.value,
                        "arrangement_label": BudgetArrangement.DIRECT_PAYMENT.label,
                    }
                    for s in ("F", "G", "H2")
                ],
                "total": "4680.00",
                "arrangements": "Paid monthly to the family, who manage it with support.",
            },
            "K": {
                "advice": [
                    {
                        "title": title,
                        "given_by": "Fictional adviser, Northshire",
                        "dated": "2026-05-01",
                    }
                    for title in (
                        "Psychological advice",
                        "Educational advice",
                        "Medical (health) advice",
                        "Social care advice",
                        "Preparing for adulthood and independent living",
                        "Views of the parent or young person",
                    )
                ]
            },
        },
    }


def standalone_html(version: PlanVersion) -> str:
    """The document WeasyPrint renders, with each <link rel="stylesheet"> replaced by the
    stylesheet itself (WeasyPrint reads them from the static files finders)."""
    import re

    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    html = render_to_string(documents.TEMPLATE_NAME, documents.version_context(version))

    def inline(match: re.Match) -> str:
        relative = match.group(1).split("/static/", 1)[-1]
        found = finders.find(relative)
        if not found:
            sys.exit(f"render_plan: stylesheet {match.group(1)} not found")
        return f"<style>\n{Path(found).read_text()}\n</style>"

    return re.sub(r'<link rel="stylesheet" href="([^"]+)"\s*/?>', inline, html)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--provision", type=int, default=38, help="items in section F")
    parser.add_argument("--draft", action="store_true", help="a draft (with the DRAFT mark)")
    parser.add_argument("--out", type=Path, help="also write the PDF here, to look at it")
    parser.add_argument("--html", type=Path, help="also write the HTML here, standalone")
    args = parser.parse_args()

    data = snapshot(provision=args.provision)
    version = PlanVersion(
        number=2,
        kind="draft" if args.draft else "final",
        issued_on=datetime.date(2026, 6, 1),
        snapshot=data,
        content_sha256=content_hash(data),
    )
    if args.html:
        args.html.write_text(standalone_html(version))
    started = time.perf_counter()
    pdf = render_version_pdf_bytes(version)
    warm_up = time.perf_counter() - started
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        pdf = render_version_pdf_bytes(version)
        timings.append(time.perf_counter() - started)

    if args.out:
        args.out.write_bytes(pdf)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median = statistics.median(timings)
    print(f"plan: {args.provision} section F items, {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(f"first render (cold): {warm_up:.2f} s")
    print(f"render over {args.runs} runs: median {median:.2f} s, best {min(timings):.2f} s")
    print(f"pages per second: {pages / median:.1f}")
    print("target: under 2 seconds for a 20-page plan:", "met" if median < 2 else "NOT met")


if __name__ == "__main__":
    main()
