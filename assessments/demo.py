"""Demo requests and assessments at every stage, some overdue, for `manage.py seed_demo`.

Fictional children of their own (NS-DEMO-01xx, North team, Priya Caseworker's), driven
through the real services so the deadlines and chronology are what the app would have
written. Idempotent: a child that already exists is left as it is. Dates are relative to
the day the command first runs, so the overdue ones are overdue that day.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from assessments import services as assessment_services
from sen_portal.accounts.models import Team, User
from sen_portal.accounts.roles import Role
from sen_portal.casework.demo import dated, demo_child_create
from sen_portal.casework.models import Child

# Each step runs on its own date (sen_portal.casework.demo.dated).
services = dated(assessment_services)

# A tiny but real PDF, so the demo has a document to open.


def demo_pdf(title: str) -> bytes:
    """A small but complete PDF (catalogue, page, font, text and a cross-reference table
    with real offsets) that any PDF reader opens: one page saying what it stands for."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = (
        f"BT /F1 18 Tf 72 760 Td ({text}) Tj 0 -28 Td /F1 12 Tf (Fictional demo document.) Tj ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


QUESTIONS = {
    "educational_psychology": "Please assess cognition and learning, and what helps in class.",
    "health": "Please describe any health needs affecting learning, including hearing and sight.",
    "social_care": "Is the family known to social care? What support would help at home?",
    "education": "Please describe attainment, progress and the support already in place.",
    "family_views": "What are the family's views, wishes and hopes for the future?",
    "preparing_for_adulthood": "What support will prepare them for college and independence?",
}
ADVICE = {
    "needs": "Difficulties with working memory and processing speed; anxiety at transitions.",
    "outcomes": "Reads and writes at an age-appropriate level with support by the end of the "
    "key stage; manages changes of routine with a visual timetable.",
    "provision": "Weekly 1:1 literacy intervention (30 minutes) from a trained teaching "
    "assistant; a visual timetable; termly review by the SENCo.",
}

# LA reference, first name, last name, age in years, stage, days ago the request arrived.
CASES = [
    ("NS-DEMO-0101", "Freya", "Requestson", 7, "received", 10),
    ("NS-DEMO-0102", "Ollie", "Latedecision", 10, "received", 50),
    ("NS-DEMO-0103", "Hana", "Gatherwell", 14, "gathering", 100),
    ("NS-DEMO-0104", "Jamie", "Adviceready", 9, "advice_complete", 100),
    ("NS-DEMO-0105", "Priya", "Planahead", 6, "issue", 120),
    ("NS-DEMO-0106", "Theo", "Notassessed", 11, "declined", 60),
    ("NS-DEMO-0107", "Mia", "Noplanmade", 8, "no_plan", 115),
    # Moved away: the request withdrawn before the decision, the family now in the area
    # of LA 873; an assessment stopped when the family moved to LA 330 (SEN2 Exported,
    # RequestOutcome and AssessmentOutcome W).
    ("NS-DEMO-0108", "Ruby", "Movedaway", 9, "request_withdrawn", 45),
    ("NS-DEMO-0109", "Sami", "Relocated", 12, "assessment_withdrawn", 90),
]
# Requests for children seed_demo made (casework's list), from each source the SEN2
# RequestSource item knows: LA reference, days ago the request arrived, who asked
# (assessments.models.Requester), their name, and whether the young person was in
# relevant youth accommodation (SEN2 RYA, CFA s70-75).
EXISTING = [
    # Decision due in 4 days.
    ("NS-DEMO-0002", 38, "health", "Health visitor, Northshire community health", False),
    # Decision 8 days overdue.
    ("NS-DEMO-0003", 50, "social_care", "Social worker, Northshire children's services", False),
    # Nobody assigned yet: the manager's "case with no caseworker".
    ("NS-DEMO-0004", 5, "other", "Youth justice service caseworker", True),
    # South team.
    ("NS-DEMO-0007", 32, "parent", "", False),
]


def _main_contact(child: Child) -> str:
    contact = child.family_members.filter(is_main_contact=True).first()
    return contact.full_name if contact else "Jordan Parent"


def team_worker(child: Child) -> User:
    """The case's caseworker, or for a case nobody is assigned to, a caseworker of its
    team (who may work on every case of the team)."""
    if child.caseworker is not None:
        return child.caseworker
    return User.objects.filter(team=child.team, role=Role.CASEWORKER).order_by("email").first()


def _advice_givers() -> tuple[User, User]:
    psychologist = User.objects.get(email="advisor@example.org")
    paediatrician = User.objects.filter(email="paediatrician@example.org").first()
    if paediatrician is None:
        from sen_portal.casework.management.commands.seed_demo import demo_user_create

        paediatrician = demo_user_create(
            "paediatrician@example.org",
            full_name="Dr Lena Lister",
            role=Role.ADVICE_GIVER,
            job_title="Community paediatrician",
        )
    return psychologist, paediatrician


def seed_assessments(*, today: datetime.date, stdout=None) -> int:
    """Create the demo cases that are missing; returns how many were made."""
    with transaction.atomic():
        team = Team.objects.get(name="North locality SEN team")
        worker = User.objects.get(email="caseworker@example.org")
        givers = _advice_givers()
        made = 0
        for row in CASES:
            if not Child.objects.filter(la_reference=row[0]).exists():
                _case(row, team=team, worker=worker, givers=givers, today=today)
                made += 1
        for reference, received_days, requester, name, rya in EXISTING:
            child = Child.objects.filter(la_reference=reference).first()
            if child is None or child.assessment_requests.exists():
                continue
            services.request_record(
                child=child,
                requester=requester,
                requester_name=name or _main_contact(child),
                received_on=_ago(today, received_days),
                reasons="Progress has stalled despite a year of support; the evidence "
                "attached shows needs that may call for an EHC plan.",
                consent_to_share=True,
                share_with=["education", "health"],
                rya=rya,
                acting_user=team_worker(child),
            )
            made += 1
    if stdout is not None:
        stdout.write(
            f"Assessments demo: {made} new case(s); advice givers advisor@example.org and "
            "paediatrician@example.org"
        )
    return made


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _case(row, *, team, worker, givers, today) -> None:
    reference, first, last, age, stage, received_days = row
    serial = int(reference[-4:])
    received = _ago(today, received_days)
    child = demo_child_create(
        acting_user=worker,
        serial=serial,
        today=today,
        opened_on=received,
        first_name=first,
        last_name=last,
        date_of_birth=_ago(today, age * 365 + 30 + serial),
        la_reference=reference,
        address_line_1=f"{serial} Example Road",
        town="Northshire",
        postcode=f"ZZ9 {serial % 10}ZZ",
        team=team,
        caseworker=worker,
    )
    request_obj = services.request_record(
        child=child,
        requester="school" if serial % 2 else "parent",
        requester_name="SENCo, Northshire Primary School" if serial % 2 else _main_contact(child),
        received_on=received,
        reasons="Progress has stalled despite two terms of SEN support; the school's own "
        "assessments show a widening gap in reading and writing.",
        consent_to_share=True,
        share_with=["education", "health", "educational_psychology"],
        acting_user=worker,
    )
    if stage == "received":
        return
    if stage == "request_withdrawn":
        services.request_withdraw(
            assessment_request=request_obj,
            on=_ago(today, received_days - 20),
            reason="The family moved to another council's area before the decision.",
            exported_to_la="873",
            acting_user=worker,
        )
        return
    if stage == "declined":
        services.request_decline(
            assessment_request=request_obj,
            on=_ago(today, received_days - 38),
            reasons="The evidence shows needs that the school can meet from its own resources "
            "with the support plan agreed at the last review.",
            acting_user=worker,
        )
        return
    decided = _ago(today, received_days - 40)
    assessment = services.request_decide_to_assess(
        assessment_request=request_obj, on=decided, acting_user=worker
    )
    psychologist, paediatrician = givers
    asked = _ago(today, received_days - 42)

    def ask(kind, giver=None, addressee="", when=asked):
        return services.advice_request_create(
            assessment=assessment,
            kind=kind,
            advice_giver=giver,
            addressee=addressee,
            questions=QUESTIONS[kind],
            requested_on=when,
            acting_user=worker,
        )

    health = ask("health", paediatrician)
    views = ask("family_views", addressee=_main_contact(child))
    if stage == "assessment_withdrawn":
        services.assessment_withdraw(
            assessment=assessment,
            on=_ago(today, received_days - 60),
            reason="The family moved to another council's area during the assessment.",
            exported_to_la="330",
            acting_user=worker,
        )
        return
    if stage == "gathering":
        # The paediatrician's advice is overdue; the psychologist, asked later, is not yet.
        ask("educational_psychology", psychologist, when=_ago(today, 12))
        ask("preparing_for_adulthood", addressee="Northshire College transition team")
        services.advice_submit(
            advice_request=views, received_on=_ago(today, 30), acting_user=worker, **ADVICE
        )
        return
    psychology = ask("educational_psychology", psychologist)
    sent = _ago(today, received_days - 80)
    services.advice_submit(
        advice_request=health, received_on=sent, acting_user=paediatrician, **ADVICE
    )
    services.advice_submit(advice_request=views, received_on=sent, acting_user=worker, **ADVICE)
    services.advice_submit(
        advice_request=psychology,
        received_on=sent,
        acting_user=psychologist,
        upload=SimpleUploadedFile(
            "ep-report.pdf", demo_pdf("Educational psychology advice"), "application/pdf"
        ),
        **ADVICE,
    )
    complete = _ago(today, max(received_days - 95, 0))
    services.assessment_complete_advice(assessment=assessment, on=complete, acting_user=worker)
    if stage == "issue":
        services.assessment_decide_to_issue(assessment=assessment, on=today, acting_user=worker)
    elif stage == "no_plan":
        services.assessment_decide_not_to_issue(
            assessment=assessment,
            on=today,
            reasons="The advice shows needs that can be met at SEN support with the "
            "provision the psychologist recommends.",
            acting_user=worker,
        )


def seed(*, today: datetime.date, stdout=None) -> None:
    """The hook `manage.py seed_demo` calls for every app that has one."""
    seed_assessments(today=today, stdout=stdout)
