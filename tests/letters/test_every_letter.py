"""Every registered letter, as the family (or the professional) reads it, for a parent of a
9-year-old and for a 19-year-old young person (CFA s83(2); timescales.young_person_from):
addressed to the rights-holder with the right "you"; dates the GOV.UK way; every
appealable decision (CFA s51(2)) with the right to appeal, the mediation requirement and
its 2 months (SEND Regulations 2014, regs 32-33), the mediation adviser, disagreement
resolution and SENDIASS contacts and the date to act by; no empty heading, no
placeholder; and a signature that never starts a page on its own.

The letters are the demo council's (seed_demo: each made by the real services, so at
least one of each kind). Each is addressed again, by the capability's own rule
(addressees.rights_holders), to whoever holds the rights when the child is 9 and when they
are 19, and rendered by the worker's renderer.
A new letter kind fails here until it is classed below as appealable or not."""

from __future__ import annotations

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import transaction
from django.template.loader import render_to_string
from pypdf import PdfReader

from sen_portal.casework.letters.addressees import rights_holders
from sen_portal.casework.letters.kinds import all_kinds, get
from sen_portal.casework.letters.services import letter_context
from sen_portal.casework.models import Child, CouncilContacts, FamilyMember, Letter
from sen_portal.casework.pdf import html_to_pdf
from sen_portal.dates import long_date
from tests.journeys import once_per_module

# CFA 2014 s51(2): the decisions a parent or young person may appeal, each a notice that
# must carry the Reg 32 information (regs 5(3), 10, 14, 22, 25, 31(2) and 20(10)).
APPEALABLE = {
    "request_declined": "s51(2)(a): not to assess",
    "reassessment_refused": "s51(2)(d): not to reassess",
    "plan_refused": "s51(2)(b): not to secure a plan",
    "plan_final": "s51(2)(c): the plan's contents, the school named",
    "plan_amended": "s51(2)(c): the amended plan",
    "plan_not_amended": "s51(2)(e): not to amend after a review or reassessment",
    "review_decided_maintain": "s51(2)(e): not to amend after a review",
    "ceasing_decided": "s51(2)(f): to cease the plan",
}
NOT_APPEALABLE = {
    "request_acknowledged": "Reg 4: considering whether to assess",
    "request_assess": "Reg 5(1): will assess",
    "reassessment_agreed": "Reg 25(1): will reassess",
    "reassessment_initiated": "CFA s44(3): will reassess",
    "advice_request": "Reg 6: to a professional",
    "plan_draft": "Reg 13: a draft; the final plan is appealable",
    "plan_amendment_proposed": "Reg 22(2): proposals; the amended plan is appealable",
    "plan_consultation": "CFA s39(2): to a school or college",
    "review_invitation": "Reg 20(2): an invitation",
    "review_decided": "Reg 20(10) to amend (proposals follow) or to consider ceasing (Reg 31)",
    "ceasing_proposed": "Reg 31(1): considering ceasing",
    "tribunal_order_complied": "Reg 44: what was ordered has been done",
    "mediation_agreement_complied": "Reg 42: what was agreed has been done",
    "recommendation_answered": "SI 2017/1306: the answer to a recommendation",
}
AUDIENCES = {"parent of a 9-year-old": 9, "young person of 19": 19}

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
BAD_DATES = [
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",  # 04/03/2027
    r"\b\d{4}-\d{2}-\d{2}\b",  # 2027-03-04
    rf"\b0\d (?:{MONTHS})\b",  # 04 March
    r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?(?![a-z])",  # 4 Mar
    rf"\b(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,",  # March 4, 2027
]
PLACEHOLDERS = ["None", "{{", "}}", "{%", "TODO", "XXX", "lorem", "Phone: Email:"]
# The name the letters call the child by, while they are rendered here: a name no one
# typed into the demo's notes, so any "Quillon's" is the template's own words.
KNOWN_AS = "Quillon"
# Words that talk to a young person about themself: wrong in a letter to their parent.
TO_THE_YOUNG_PERSON = ["your needs", "your education, health and care", "plan for you."]
# A form's labels where a person should be: "from parent or carer", "from the young
# person (over compulsory school age, under 25)".
FORM_LABELS = ["from parent or carer", "(over compulsory school age"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from once_per_module(
        django_db_blocker,
        tmp_path_factory.mktemp("media"),
        lambda: call_command("seed_demo", "--force", stdout=io.StringIO()),
    )


def test_every_registered_letter_is_classed_as_appealable_or_not():
    codes = {kind.code for kind in all_kinds()}
    assert codes == set(APPEALABLE) | set(NOT_APPEALABLE), (
        "class each new letter kind in APPEALABLE or NOT_APPEALABLE (CFA s51(2))"
    )
    for kind in all_kinds():
        assert kind.appealable == (kind.code in APPEALABLE), kind.code


def _variants(code: str) -> list[Letter]:
    """One letter of the kind for each way its template branches (a review's decision,
    an order's source)."""
    chosen: dict[str, Letter] = {}
    for letter in Letter.objects.filter(kind=code).select_related("child__team"):
        subject = letter.subject
        variant = str(getattr(subject, "decision", "") or getattr(subject, "source", ""))
        chosen.setdefault(variant, letter)
    return list(chosen.values())


def _addressed_at_age(letter: Letter, years: int) -> Letter:
    """The letter as it would be if the child were ``years`` old on its date: the child
    born a month past that birthday, a parent with parental responsibility recorded, and
    the addressees resolved again by the capability's rule."""
    child = letter.child
    born = letter.dated_on.replace(year=letter.dated_on.year - years) - datetime.timedelta(days=30)
    Child.objects.filter(pk=child.pk).update(date_of_birth=born, preferred_name=KNOWN_AS)
    if not FamilyMember.objects.filter(child=child, parental_responsibility=True).exists():
        FamilyMember.objects.create(
            child=child, full_name="Robin Example", parental_responsibility=True
        )
    letter.child = Child.objects.select_related("team").get(pk=child.pk)
    if letter.audience == Letter.Audience.FAMILY:
        people = rights_holders(letter.child, letter.dated_on)
        letter.addressees = [p.as_json() for p in people.to]
        letter.copies = [p.as_json() for p in people.copies]
    return letter


class _Outline(HTMLParser):
    """The body's blocks in order: headings, and whether any text follows each."""

    BLOCKS = {"h1", "h2", "h3", "p", "li", "dd", "strong"}

    def __init__(self):
        super().__init__()
        self.items: list[tuple[str, str]] = []  # (tag, text)
        self.open: list[list] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.open.append([tag, ""])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            tag, text = self.open.pop()
            self.items.append((tag, " ".join(text.split())))
            for outer in self.open:
                outer[1] += " " + text

    def handle_data(self, data):
        if self.open:
            self.open[-1][1] += data


def _empty_parts(html: str) -> list[str]:
    body = html.split("<body>", 1)[1]
    outline = _Outline()
    outline.feed(body)
    problems = [f"empty <{tag}>" for tag, text in outline.items if not text]
    blocks = [(tag, text) for tag, text in outline.items if tag != "strong"]
    for i, (tag, text) in enumerate(blocks):
        if tag in ("h2", "h3"):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            if following is None or (following[0] in ("h1", "h2", "h3") and following[0] <= tag):
                problems.append(f"nothing under the heading {text!r}")
    return problems


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("code", sorted(set(APPEALABLE) | set(NOT_APPEALABLE)))
def test_the_letter_reads_right_for_whoever_holds_the_rights(demo, db, code, audience):
    letters = _variants(code)
    assert letters, f"no {code} letter was made"
    contacts = CouncilContacts.current()
    for letter in letters:
        with transaction.atomic():
            point = transaction.savepoint()
            letter = _addressed_at_age(letter, AUDIENCES[audience])
            context = letter_context(letter)
            html = render_to_string(get(code).template, context)
            pages = _pages(html_to_pdf(html))
            transaction.savepoint_rollback(point)
        text = " ".join(pages)
        child = letter.child
        where = f"{code} ({audience}, {letter.key})"

        # Addressed to the rights-holder, and to them as "you".
        names = [a["salutation"] if a.get("salutation") else a["name"] for a in letter.addressees]
        assert f"Dear {' and '.join(names)}," in text, where
        body = text.split("Copy to:")[0]
        if letter.audience == Letter.Audience.FAMILY:
            if AUDIENCES[audience] >= 19:
                assert [a["role"] for a in letter.addressees] == ["young_person"], where
                assert f"Dear {child.full_name}," in text, where
                for words in ("your child", f"{KNOWN_AS}'s", "you, as"):
                    assert words not in body, f"{where}: {words!r} to the young person"
            else:
                assert {a["role"] for a in letter.addressees} == {"parent"}, where
                assert child.full_name not in names, where
                for words in TO_THE_YOUNG_PERSON:
                    assert words not in text, f"{where}: {words!r} to a parent"
                # The parent brought the appeal (CFA s51(1)): it is theirs, not the child's.
                assert f"{KNOWN_AS}'s appeal" not in text, where
            for words in FORM_LABELS:
                assert words not in text, f"{where}: {words!r}"

        # Dates the GOV.UK way: the letter's own and the one to act by, in long form.
        assert long_date(letter.dated_on) in text, where
        for pattern in BAD_DATES:
            assert not re.search(pattern, text), f"{where}: {re.search(pattern, text)[0]!r}"
        if letter.act_by:
            assert long_date(letter.act_by) in text, f"{where}: the date to act by"

        # An appealable decision carries the rights (Reg 32) and the date to act by.
        if code in APPEALABLE:
            assert letter.act_by, f"{where}: no date to act by"
            for words in (
                "right to appeal",
                "must contact a mediation adviser",
                "within 2 months",
                "certificate",
                "the last day to appeal is",
                contacts.mediation_name,
                contacts.mediation_phone,
                contacts.mediation_email,
                contacts.disagreement_name,
                contacts.disagreement_phone,
                contacts.sendiass_name,
                contacts.sendiass_phone,
            ):
                assert words in text, f"{where}: {words!r}"
        else:
            assert "right to appeal against this decision" not in text, where

        # Nothing empty, nothing left for later.
        assert not _empty_parts(html), f"{where}: {_empty_parts(html)}"
        for words in PLACEHOLDERS:
            assert words not in text, f"{where}: {words!r}"
        stray = re.search(r".{0,30}\s[,.;:](?!\d).{0,10}", text)
        assert stray is None, f"{where}: a gap where words are missing: {stray[0]!r}"

        # The signature is never alone at the top of a page.
        signed = next(page for page in pages if "Yours sincerely" in page)
        before = signed.split("Yours sincerely")[0]
        assert "Contact us" in before or len(before) > 200, f"{where}: the signature alone"
