"""Demo plans at different stages, for `manage.py seed_demo` (its `<app>.demo.seed` hook).

Fictional schools with made-up URNs (99xxxx: no real school has one), and fictional
children of their own (NS-DEMO-02xx, North team, Priya Caseworker's), each driven through
the real assessments and plans services so deadlines, chronology and versions are what
the app would have written. Idempotent: a child that already exists is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from assessments import services as _assessment_services
from assessments.demo import _main_contact, team_worker
from plans import services as _services
from plans.models import Institution, Plan, PlanVersion
from sen_portal.accounts.models import Team, User
from sen_portal.casework import services as _casework_services
from sen_portal.casework.demo import age_on, dated, demo_child_create
from sen_portal.casework.models import Child

# Each step runs on its own date (sen_portal.casework.demo.dated).
assessment_services = dated(_assessment_services)
services = dated(_services)
casework_services = dated(_casework_services)

# URN, name, type, town, UKPRN. Made up: real URNs are below 160000, and real UKPRNs
# (1000xxxx-1009xxxx so far) are far from 1999xxxx.
INSTITUTIONS = [
    ("990101", "Northshire Primary School", "mainstream", "Northtown", ""),
    ("990102", "St Example's Church of England Primary School", "mainstream", "Eastbury", ""),
    ("990201", "Hillcrest Academy", "academy", "Northtown", ""),
    ("990202", "Riverside Academy with Resourced Provision", "resourced", "Southvale", ""),
    ("990301", "Brookside Special School", "special", "Southvale", ""),
    ("990302", "Oakfield Special Academy", "special_academy", "Westmere", ""),
    ("990401", "Northshire College", "fe_college", "Northtown", "19990401"),
    ("990501", "Little Acorns Nursery", "early_years", "Eastbury", ""),
]

# LA reference, first name, last name, age, stage, days ago the request arrived.
CASES = [
    ("NS-DEMO-0201", "Tom", "Draftington", 8, "drafting", 95),
    ("NS-DEMO-0202", "Ava", "Consultwell", 10, "consulting", 110),
    ("NS-DEMO-0203", "Kai", "Finalson", 15, "in_force", 175),
    # A plan issued most of a year ago, with proposed amendments out to the family.
    ("NS-DEMO-0204", "Leo", "Amendsworth", 9, "amendment_proposed", 390),
    # The same, a month later: the amended final plan issued (Reg 22(3)).
    ("NS-DEMO-0205", "Nia", "Amendedson", 12, "amended", 420),
    # A plan in force most of a year; the council then decided itself to reassess (CFA
    # s44(3)) and replaced the plan with a new one (Reg 27(1)), within the 14 weeks of
    # Reg 27(2).
    ("NS-DEMO-0206", "Isla", "Renewell", 13, "replaced", 430),
    # Amendments proposed, the family's comments received, and then the council decided
    # not to amend after all (Reg 22(4)): the plan stays as it was issued.
    ("NS-DEMO-0207", "Maya", "Keepwell", 12, "not_amended", 425),
]
# Children seed_demo made (casework's own list), whose cases are plans: LA reference,
# stage, days ago the request arrived.
EXISTING = [
    # Sam Example (the demo parent's child): the draft plan is out, the final plan due in
    # 20 days.
    ("NS-DEMO-0001", "consulting", 120),
    # The 20 weeks have passed, with an exception: the family were abroad (Reg 13(3)(d)).
    ("NS-DEMO-0005", "consulting_excepted", 150),
    ("NS-DEMO-0008", "in_force", 175),
    ("NS-DEMO-0009", "in_force", 180),
    ("NS-DEMO-0010", "in_force", 170),
]
# Requests for a reassessment of a plan in force (CFA s44(2), Regs 24-27): LA reference,
# days ago received, days ago decided, and the decision (the Reg 24 ground if refused).
REASSESSMENTS = [
    ("NS-DEMO-0008", 10, 3, "agree"),
    # Kai: assessed about three months ago, so the council may refuse (Reg 24).
    ("NS-DEMO-0203", 8, 2, "within_six_months"),
]
# Days ago the draft, the final plan and "in force" happened, by stage.
ISSUE_DAYS = {
    "in_force": (40, 12, 10),
    "amendment_proposed": (300, 260, 258),
    "amended": (330, 290, 288),
    "not_amended": (335, 295, 293),
    "replaced": (340, 300, 298),
}
# The council's own reassessment and the replacement plan (stage "replaced"), in days
# ago: decided to reassess, the advice asked for and in, the decision to replace, the
# replacement's draft and its final plan. 14 weeks from the decision 120 days ago end 22
# days ago (Reg 27(2)); the final plan 40 days ago meets them.
REPLACEMENT_DAYS = {"initiated": 120, "advice": 85, "decided": 78, "draft": 70, "final": 40}

# The SEN2 items of each demo plan (DfE SEN2 guide modules 4-5), so the demo return uses
# every code list: the primary need type (SENtype rank 1, item 5.8a), the placement
# with no URN (SENsetting, item 5.7c), the school named, residential and work-based
# codes (PlanRes, PlanWBP, Res, WBP), SEN unit and resourced provision indicators, the
# personal budget parts (PB, OA, and DP by the sections its direct payments pay for) and
# a plan transferred in (TransferLA). Plans not
# listed: a specific learning difficulty at the local school, with a direct payment.
SEN2: dict[str, dict] = {
    "NS-DEMO-0203": {"primary": "ASD", "budget": "notional"},
    # The parents arranged and pay for a place themselves (CFA s42(5)).
    "NS-DEMO-0204": {"primary": "SPLD", "setting": "OPA"},
    "NS-DEMO-0205": {"primary": "SLCN", "budget": "third_party"},
    "NS-DEMO-0206": {"primary": "SEMH"},
    "NS-DEMO-0301": {"primary": "MLD", "budget": "none"},
    "NS-DEMO-0302": {"primary": "SLD", "school": "990301"},
    "NS-DEMO-0303": {"primary": "PMLD", "school": "990302", "residential": "B"},
    "NS-DEMO-0304": {"primary": "HI", "sen_unit": True, "residential": "A"},
    "NS-DEMO-0305": {"primary": "VI", "setting": "EHE"},
    "NS-DEMO-0306": {"primary": "MSI", "budget": "third_party"},
    "NS-DEMO-0307": {"primary": "PD", "school": "990202", "resourced": True},
    "NS-DEMO-0308": {"primary": "DS", "school": "990401", "work_based": "T"},
    "NS-DEMO-0309": {"primary": "SLCN", "dp_sections": ("F",)},
    "NS-DEMO-0310": {"primary": "MLD", "work_based": "A"},
    "NS-DEMO-0701": {"primary": "SEMH", "school": "990401", "dp_sections": ("F", "G", "H1")},
    "NS-DEMO-0702": {"primary": "ASD", "dp_sections": ("G",)},
    # Zara: her plan came with her from another council (Reg 15), a supported internship.
    "NS-DEMO-0006": {
        "primary": "OTH",
        "school": "990401",
        "work_based": "S",
        "transferred_from": "873",
    },
    # Education otherwise than at school, arranged by the council (CFA s61).
    "NS-DEMO-0008": {"primary": "SEMH", "setting": "OLA"},
    "NS-DEMO-0009": {"primary": "ASD", "school": "990401", "setting": "NEET"},
    # A childminder: an early years provider with no URN.
    "NS-DEMO-0010": {"primary": "DS", "school": "990501", "setting": "EYP", "budget": "none"},
}
# Section B's primary need, by DfE need type: the broad area (CoP 6.28) and the words.
PRIMARY_NEEDS = {
    "SPLD": ("cognition_learning", "Reading and spelling are well below age-related "
             "expectations; weak phonological awareness and working memory."),
    "MLD": ("cognition_learning", "Learns new concepts slowly across the curriculum and "
            "needs them broken into small steps with a lot of repetition."),
    "SLD": ("cognition_learning", "Severe learning difficulties: needs support in all areas "
            "of the curriculum and with self-care and independence."),
    "PMLD": ("cognition_learning", "Profound and multiple learning difficulties with complex "
             "health needs; communicates through sounds, gestures and objects of reference."),
    "SEMH": ("semh", "Becomes very anxious in busy places; has not managed a full school day "
             "for a year."),
    "SLCN": ("communication_interaction", "Limited expressive language; finds it hard to "
             "follow spoken instructions and to be understood by adults he does not know."),
    "HI": ("sensory_physical", "Moderate hearing loss in both ears; wears hearing aids and "
           "needs a radio aid in class."),
    "VI": ("sensory_physical", "Severe sight impairment; reads large print and is learning "
           "braille."),
    "MSI": ("sensory_physical", "Both hearing and sight are impaired; needs an intervenor "
            "to reach the curriculum."),
    "PD": ("sensory_physical", "Cerebral palsy: uses a wheelchair and needs support with "
           "fine motor tasks and personal care."),
    "ASD": ("communication_interaction", "Autistic: finds social communication and changes "
            "of routine hard; very sensitive to noise."),
    "DS": ("cognition_learning", "Down syndrome: learning difficulties with a relative "
           "strength in visual learning; mild hearing loss."),
    "OTH": ("cognition_learning", "A rare genetic condition affecting memory, attention and "
            "stamina across the day."),
}  # fmt: skip


BUDGET_LINE_WORDS = {
    "F": "Specialist tutoring at home",
    "G": "Hydrotherapy sessions",
    "H1": "Personal assistant for after-school activities",
    "H2": "Short breaks club",
}


def sen2_of(reference: str) -> dict:
    return SEN2.get(reference, {})


def section_i(reference: str, school: Institution) -> dict:
    """Section I with the SEN2 items asked beside it (named plan and plan detail)."""
    v = sen2_of(reference)
    return {
        "placement": school,
        "residential": v.get("residential", ""),
        "work_based_learning": v.get("work_based", ""),
        "placement_sen_unit": v.get("sen_unit", False),
        "placement_resourced_provision": v.get("resourced", False),
        "transferred_from_la": v.get("transferred_from", ""),
    }


def record_placement(plan: Plan, school: Institution, *, on: datetime.date, worker) -> None:
    """Where they are educated under the plan (SEN2 placement detail), from the day the
    final plan was issued: the school named, or a setting with no URN (education
    otherwise than at school, home education, a childminder, not in education)."""
    v = sen2_of(plan.child.la_reference)
    setting = v.get("setting", "")
    services.placement_record_add(
        plan=plan,
        institution=None if setting else school,
        sen_setting=setting,
        entry_date=on,
        sen_unit=v.get("sen_unit", False) and not setting,
        resourced_provision=v.get("resourced", False) and not setting,
        residential=v.get("residential", ""),
        work_based_learning=v.get("work_based", ""),
        acting_user=worker,
    )


def demo_school(reference: str, default: str) -> Institution:
    return Institution.objects.get(urn=sen2_of(reference).get("school", default))


def seed_institutions() -> int:
    made = 0
    for urn, name, kind, town, ukprn in INSTITUTIONS:
        _, created = Institution.objects.get_or_create(
            urn=urn, defaults={"name": name, "kind": kind, "town": town, "ukprn": ukprn}
        )
        made += created
    return made


def seed_plans(*, today: datetime.date, stdout=None) -> int:
    """Create the demo plans that are missing (their PDFs queued for the worker by the
    services that issue them), after queueing any PDF an earlier run left unmade.
    Returns how many cases were made."""
    with transaction.atomic():
        queue_missing_pdfs([c[0] for c in CASES] + [c[0] for c in EXISTING])
        seed_institutions()
        team = Team.objects.get(name="North locality SEN team")
        worker = User.objects.get(email="caseworker@example.org")
        psychologist = User.objects.get(email="advisor@example.org")
        made = 0
        for row in CASES:
            if not Child.objects.filter(la_reference=row[0]).exists():
                _case(row, team=team, worker=worker, psychologist=psychologist, today=today)
                made += 1
        for reference, stage, received_days in EXISTING:
            child = Child.objects.filter(la_reference=reference).first()
            if child is None or child.assessment_requests.exists():
                continue
            row = (reference, child.first_name, child.last_name, None, stage, received_days)
            _case(
                row,
                team=child.team,
                worker=team_worker(child),
                psychologist=psychologist,
                today=today,
                child=child,
            )
            made += 1
        for row in REASSESSMENTS:
            made += _reassessment(*row, today=today)
    if stdout is not None:
        stdout.write(f"Plans demo: {made} new case(s) with EHC plans")
    return made


def queue_missing_pdfs(references: list[str]) -> int:
    """Queue, once the seed has committed, the PDF of every demo version an earlier run
    left unmade, for the worker `make run` starts. Called before this run makes its own
    versions: their services queue those. Never rendered here: rendering ~30 PDFs
    inline made the seed take about 90 s (issue #21 item 9)."""
    from plans.tasks import plan_version_render_pdf
    from sen_portal.task_queue import enqueue_on_commit

    missing = PlanVersion.objects.filter(pdf__isnull=True, plan__child__la_reference__in=references)
    pks = list(missing.values_list("pk", flat=True))
    for pk in pks:
        enqueue_on_commit(plan_version_render_pdf, pk)
    return len(pks)


def _ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _reassessment(reference, received_days, decided_days, decision, *, today) -> int:
    child = Child.objects.filter(la_reference=reference).first()
    if child is None or child.assessment_requests.filter(kind="reassessment").exists():
        return 0
    worker = team_worker(child)
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name=_main_contact(child),
        received_on=_ago(today, received_days),
        reasons="Needs have changed a lot since the plan was written; the family ask for "
        "a full reassessment.",
        consent_to_share=True,
        share_with=["education", "health"],
        acting_user=worker,
    )
    if decision == "agree":
        assessment_services.request_decide_to_assess(
            assessment_request=request, on=_ago(today, decided_days), acting_user=worker
        )
    else:
        assessment_services.request_decline(
            assessment_request=request,
            on=_ago(today, decided_days),
            ground=decision,
            reasons="The assessment finished three months ago and the school reports no "
            "change in needs since; the annual review is the place to look again.",
            acting_user=worker,
        )
    return 1


def _decided_assessment(child, *, worker, psychologist, received: datetime.date):
    request = assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name=_main_contact(child),
        received_on=received,
        reasons="Reading and writing are years behind; anxiety about school is growing.",
        consent_to_share=True,
        share_with=["education", "health", "educational_psychology"],
        acting_user=worker,
    )

    def day(days: int) -> datetime.date:
        return received + datetime.timedelta(days=days)

    assessment = assessment_services.request_decide_to_assess(
        assessment_request=request, on=day(days=35), acting_user=worker
    )
    advice = [
        ("educational_psychology", psychologist, ""),
        ("family_views", None, _main_contact(child)),
    ]
    for kind, giver, addressee in advice:
        asked = assessment_services.advice_request_create(
            assessment=assessment,
            kind=kind,
            advice_giver=giver,
            addressee=addressee,
            questions="Please describe their needs, the outcomes to aim for and the support.",
            requested_on=day(days=36),
            acting_user=worker,
        )
        assessment_services.advice_submit(
            advice_request=asked,
            needs="Weak phonological awareness and working memory; anxious at transitions.",
            outcomes="Reads fluently at an age-appropriate level; manages changes of routine.",
            provision="Daily structured literacy teaching; a visual timetable; a calm space.",
            received_on=day(days=70),
            acting_user=giver or worker,
        )
    assessment_services.assessment_complete_advice(
        assessment=assessment, on=day(days=75), acting_user=worker
    )
    return assessment_services.assessment_decide_to_issue(
        assessment=assessment, on=day(days=80), acting_user=worker
    )


def _case(row, *, team, worker, psychologist, today, child: Child | None = None) -> None:
    """One demo plan case. ``child``: a child seed_demo already made; else a new one."""
    reference, first, last, age, stage, received_days = row
    serial = int(reference[-4:])
    received = _ago(today, received_days)
    if child is None:
        child = demo_child_create(
            acting_user=worker,
            serial=serial,
            today=today,
            opened_on=received,
            first_name=first,
            last_name=last,
            date_of_birth=_ago(today, age * 365 + 60 + serial % 100),
            la_reference=reference,
            address_line_1=f"{serial} Example Lane",
            town="Northshire",
            postcode=f"ZZ9 {serial % 10}ZY",
            team=team,
            caseworker=worker,
        )
    age = age_on(child.date_of_birth, today)
    assessment = _decided_assessment(
        child, worker=worker, psychologist=psychologist, received=received
    )
    plan = services.plan_start(assessment=assessment, acting_user=worker)
    if stage == "drafting":
        _write_a(plan, worker, completed=True)
        _write_needs(plan, worker, completed=False)
        return
    _write_all(plan, worker, preparing_for_adulthood=age >= 14)
    primary = demo_school(reference, "990101" if age < 11 else "990201")
    special = Institution.objects.get(urn="990301")
    draft_days, final_days, in_force_days = ISSUE_DAYS.get(stage, (10, 0, 0))
    draft_on = _ago(today, draft_days)
    services.plan_issue_draft(
        plan=plan,
        on=draft_on,
        preferred_institution=primary,
        preference_note="They would like a school close to home, with their friends.",
        acting_user=worker,
    )
    consultation = services.plan_consult_institution(
        plan=plan, institution=primary, on=draft_on + datetime.timedelta(days=1), acting_user=worker
    )
    if stage == "consulting_excepted":
        # Recorded on the case page's deadline (Reg 13(3)(d): the family were away from
        # England for at least 4 weeks), so the late final plan is not a breach.
        deadline = child.deadlines.get(code="final_plan", status="open")
        casework_services.deadline_record_exception(
            deadline=deadline,
            reason="absent_from_area",
            starts_on=received + datetime.timedelta(days=40),
            ends_on=received + datetime.timedelta(days=75),
            note="The family were abroad for five weeks; flight bookings seen (demo).",
            acting_user=worker,
        )
        return
    if stage == "consulting":
        if special != primary:
            services.plan_consult_institution(
                plan=plan,
                institution=special,
                on=draft_on + datetime.timedelta(days=2),
                acting_user=worker,
            )
        return
    services.plan_record_consultation_response(
        consultation=consultation,
        response="can_meet",
        received_on=draft_on + datetime.timedelta(days=12),
        note="We can meet the needs with the provision in section F.",
        acting_user=worker,
    )
    services.plan_record_representations(
        nothing_more=True,
        plan=plan,
        received_on=draft_on + datetime.timedelta(days=13),
        representations="We agree with the plan. Please add travel training to section F.",
        acting_user=worker,
    )
    outcome = plan.outcomes.order_by("id").last()
    services.plan_item_save(
        plan=plan,
        code="F",
        data={
            "what": "Independent travel training on the bus route to school",
            "delivered_by": "Council travel trainer",
            "how_often": "Twice a week",
            "how_long": "One term, then reviewed",
            "outcomes": [outcome],
            "responsible_agency": "la_education",
            "contact_name": "Travel assistance team, Northshire Council",
            "contact_details": "travel.team@example.org",
        },
        acting_user=worker,
    )
    services.plan_section_update(
        plan=plan,
        code="I",
        data={**section_i(reference, primary), "placement_note": "From the start of next term"},
        completed=True,
        acting_user=worker,
    )
    final_on = _ago(today, final_days)
    services.plan_issue_final(plan=plan, on=final_on, acting_user=worker)
    record_placement(plan, primary, on=final_on, worker=worker)
    services.plan_bring_into_force(plan=plan, on=_ago(today, in_force_days), acting_user=worker)
    if stage == "amendment_proposed":
        _propose_amendments(plan, worker, started=_ago(today, 20), proposed=_ago(today, 6))
    elif stage == "amended":
        _propose_amendments(plan, worker, started=_ago(today, 60), proposed=_ago(today, 50))
        services.plan_record_amendment_representations(
            plan=plan,
            received_on=_ago(today, 40),
            representations="We agree with the therapy being added. Thank you.",
            acting_user=worker,
        )
        services.plan_issue_amended_final(plan=plan, on=_ago(today, 30), acting_user=worker)
    elif stage == "not_amended":
        _propose_amendments(plan, worker, started=_ago(today, 55), proposed=_ago(today, 45))
        services.plan_record_amendment_representations(
            plan=plan,
            received_on=_ago(today, 38),
            representations="We would rather she kept the small-group sessions she has now; "
            "the school says it can add more of them itself.",
            nothing_more=True,
            acting_user=worker,
        )
        services.plan_decide_not_to_amend(
            plan=plan,
            on=_ago(today, 28),
            reasons="The school will add small-group language sessions from its own "
            "resources, as the family asked, so section F need not change.",
            acting_user=worker,
        )
    elif stage == "replaced":
        _replace(plan, worker=worker, psychologist=psychologist, school=primary, today=today)


def _replace(plan: Plan, *, worker, psychologist, school: Institution, today) -> Plan:
    """The council decides itself that a reassessment is necessary (CFA s44(3); the
    letter reassessment_initiated), asks for advice again (Reg 26), decides to replace
    the plan (Reg 27(1)) and issues the new plan as any plan (draft, the family's 15
    days, consultation, final): the old plan is replaced the day the new one is final,
    and the 14 weeks of Reg 27(2) are met. Returns the new plan."""
    days = {name: _ago(today, n) for name, n in REPLACEMENT_DAYS.items()}
    assessment = assessment_services.reassessment_initiate(
        child=plan.child,
        on=days["initiated"],
        reasons="The school and the family report that anxiety now keeps her out of school "
        "most days; her needs have changed a great deal since the plan was written.",
        acting_user=worker,
    )
    asked = assessment_services.advice_request_create(
        assessment=assessment,
        kind="educational_psychology",
        advice_giver=psychologist,
        questions="How have her needs changed, and what support does she need now?",
        requested_on=days["initiated"],
        acting_user=worker,
    )
    assessment_services.advice_submit(
        advice_request=asked,
        needs="High anxiety about school and crowds; social and emotional needs now primary.",
        outcomes="Attends a full timetable in a small setting; names and manages her worries.",
        provision="A small-group setting; a key adult each day; weekly counselling.",
        received_on=days["advice"],
        acting_user=psychologist,
    )
    assessment_services.assessment_complete_advice(
        assessment=assessment, on=days["advice"], acting_user=worker
    )
    assessment_services.assessment_decide_to_issue(
        assessment=assessment, on=days["decided"], acting_user=worker, replace=True
    )
    new = Plan.objects.get(assessment=assessment)
    _write_all(new, worker, preparing_for_adulthood=True)
    services.plan_issue_draft(
        plan=new,
        on=days["draft"],
        preferred_institution=school,
        preference_note="Her parents would like her to stay at the same school.",
        acting_user=worker,
    )
    consultation = services.plan_consult_institution(
        plan=new, institution=school, on=days["draft"], acting_user=worker
    )
    services.plan_record_consultation_response(
        consultation=consultation,
        response="can_meet",
        received_on=days["draft"] + datetime.timedelta(days=10),
        note="We can meet her needs with the small-group provision in section F.",
        acting_user=worker,
    )
    services.plan_record_representations(
        nothing_more=True,
        plan=new,
        received_on=days["draft"] + datetime.timedelta(days=16),
        representations="We agree with the new plan.",
        acting_user=worker,
    )
    services.plan_section_update(
        plan=new,
        code="I",
        data={**section_i(new.child.la_reference, school), "placement_note": "Small-group base"},
        completed=True,
        acting_user=worker,
    )
    services.plan_issue_final(plan=new, on=days["final"], acting_user=worker)
    record_placement(new, school, on=days["final"], worker=worker)
    services.plan_bring_into_force(plan=new, on=days["final"], acting_user=worker)
    return new


def _propose_amendments(
    plan: Plan, worker, *, started: datetime.date, proposed: datetime.date
) -> None:
    """Amendments after a change of needs: more therapy (Reg 22(2))."""
    services.plan_amendment_start(
        plan=plan,
        on=started,
        reason="The school reported that speech and language needs have grown this term; "
        "the therapist recommends weekly therapy in school.",
        acting_user=worker,
    )
    outcome = plan.outcomes.order_by("id").first()
    services.plan_item_save(
        plan=plan,
        code="F",
        data={
            "what": "Speech and language therapy in school, one to one",
            "delivered_by": "Speech and language therapist, with a trained teaching assistant",
            "how_often": "Once a week in term time",
            "how_long": "45 minutes a session, until the next annual review",
            "outcomes": [outcome],
            "responsible_agency": "la_education",
            "contact_name": "SEN team, Northshire Council",
            "contact_details": "sen.team@example.org",
        },
        acting_user=worker,
    )
    services.plan_issue_amendment_proposals(
        plan=plan,
        on=proposed,
        summary="Add weekly speech and language therapy in school to section F.",
        acting_user=worker,
    )


def _write_a(plan: Plan, worker, *, completed: bool) -> None:
    services.plan_section_update(
        plan=plan,
        code="A",
        data={
            "a_views": "I like school when I know what is happening next. Noisy rooms make "
            "my head hurt. I want people to give me time to answer.",
            "a_interests": "Football, building with bricks, drawing comics and my dog Biscuit.",
            "a_aspirations": "I want to be a vet. My family hope I will feel happy and safe at "
            "school and make good friends.",
        },
        completed=completed,
        acting_user=worker,
    )


def _write_needs(plan: Plan, worker, *, completed: bool) -> list:
    """Section B: the primary need with its DfE type (rank 1) and two secondary needs
    (rank 2), as the SEN2 SEN need module reports them."""
    primary = sen2_of(plan.child.la_reference).get("primary", "SPLD")
    area, description = PRIMARY_NEEDS[primary]
    secondary = [
        (
            "communication_interaction",
            "Finds it hard to follow long spoken instructions and "
            "to take part in group discussion.",
            "SLCN",
        ),
        (
            "semh",
            "Becomes anxious at transitions and in unstructured times; may withdraw.",
            "SEMH",
        ),
        (
            "cognition_learning",
            "Needs new learning broken into small steps, with a lot of repetition.",
            "MLD",
        ),
    ]
    rows = [(area, description, primary, 1)] + [
        (a, d, t, 2) for a, d, t in secondary if t != primary
    ][:2]
    needs = []
    for area, description, sen_type, rank in rows:
        needs.append(
            services.plan_item_save(
                plan=plan,
                code="B",
                data={
                    "area": area,
                    "description": description,
                    "sen_type": sen_type,
                    "sen_type_rank": rank,
                },
                acting_user=worker,
            ).item
        )
    if completed:
        services.plan_section_mark(plan=plan, code="B", completed=True, acting_user=worker)
    return needs


BUDGET_WORDS = {
    "direct_payment": "The family receive a direct payment monthly for the short breaks "
    "and manage it with the council's support.",
    "notional": "The council holds the budget for the short breaks and pays the club "
    "directly, as the family asked (a notional arrangement).",
    "third_party": "A local charity manages the budget for the short breaks on the "
    "family's behalf (a third-party arrangement).",
    "none": "The family did not ask for a personal budget.",
}


def _write_all(plan: Plan, worker, *, preparing_for_adulthood: bool) -> None:
    _write_a(plan, worker, completed=True)
    literacy, language, anxiety = _write_needs(plan, worker, completed=True)
    for code, field, text in (
        ("C", "c_health_needs", "Mild hearing loss in the left ear; reviewed yearly by audiology."),
        ("D", "d_social_care_needs", "No social care needs were identified in the assessment."),
    ):
        services.plan_section_update(
            plan=plan, code=code, data={field: text}, completed=True, acting_user=worker
        )
    outcomes = []
    for description, by_when, needs, pfa in (
        (
            "Reads a book of their choice independently and writes a page of connected text.",
            "The end of the key stage",
            [literacy],
            "",
        ),
        (
            "Follows a three-step instruction in class without extra prompting.",
            "The next annual review",
            [language],
            "",
        ),
        (
            "Uses a visual timetable and a named adult to manage changes of routine.",
            "The end of the school year",
            [anxiety],
            "",
        ),
    ) + (
        (
            (
                "Travels to school independently on the bus.",
                "Year 11",
                [anxiety],
                "independent_living",
            ),
        )
        if preparing_for_adulthood
        else ()
    ):
        outcomes.append(
            services.plan_item_save(
                plan=plan,
                code="E",
                data={
                    "description": description,
                    "achieve_by": by_when,
                    "needs": needs,
                    "preparing_for_adulthood": pfa,
                },
                acting_user=worker,
            ).item
        )
    services.plan_section_mark(plan=plan, code="E", completed=True, acting_user=worker)
    provision = [
        (
            "F",
            "Structured synthetic phonics programme taught one to one",
            "Teaching assistant trained by the specialist teacher",
            "Daily",
            "20 minutes a session, until the next annual review",
            [outcomes[0]],
            "school",
            "SENCo, the named school",
        ),
        (
            "F",
            "Advice and modelling for staff on literacy and memory strategies",
            "Specialist teacher, Northshire learning support service",
            "Once a half term",
            "One hour a visit, for a year",
            [outcomes[0], outcomes[1]],
            "la_education",
            "Learning support service, Northshire Council",
        ),
        (
            "F",
            "Small-group language sessions using visual supports",
            "Teaching assistant following the speech and language therapist's programme",
            "3 times a week",
            "30 minutes a session, for two terms",
            [outcomes[1]],
            "school",
            "SENCo, the named school",
        ),
        (
            "G",
            "Hearing review and advice to school on seating and acoustics",
            "NHS audiologist",
            "Once a year",
            "One appointment a year",
            [outcomes[1]],
            "health",
            "Children's audiology, Northshire ICB",
        ),
        (
            "H2",
            "Short breaks: a Saturday activity club with support",
            "Northshire short breaks service",
            "Twice a month",
            "3 hours a session, for a year",
            [outcomes[2]],
            "social_care",
            "Short breaks team, Northshire Council",
        ),
    ]
    for code, what, who, often, long, links, agency, contact in provision:
        services.plan_item_save(
            plan=plan,
            code=code,
            data={
                "what": what,
                "delivered_by": who,
                "how_often": often,
                "how_long": long,
                "outcomes": links,
                "responsible_agency": agency,
                "contact_name": contact,
            },
            acting_user=worker,
        )
    for code in ("F", "G", "H1", "H2"):
        services.plan_section_mark(plan=plan, code=code, completed=True, acting_user=worker)
    # Section J: a personal budget (CFA s49, Regs 49-50), held as the SEN2 PB, OA and DP
    # items tell apart: a direct payment, a notional or third-party arrangement, or none
    # asked for.
    budget = sen2_of(plan.child.la_reference).get("budget", "direct_payment")
    services.plan_section_update(
        plan=plan,
        code="J",
        data={
            "j_requested": budget != "none",
            "j_arrangements": BUDGET_WORDS[budget],
        },
        acting_user=worker,
    )
    # The sections a direct payment pays for give SEN2 DP (E, H, S or I for several).
    sections = sen2_of(plan.child.la_reference).get("dp_sections", ("H2",))
    for section in sections if budget != "none" else ():
        services.plan_item_save(
            plan=plan,
            code="J",
            data={
                "section": section,
                "description": BUDGET_LINE_WORDS[section],
                "annual_amount": Decimal("1560.00"),
                "arrangement": budget,
            },
            acting_user=worker,
        )
    services.plan_section_mark(plan=plan, code="J", completed=True, acting_user=worker)
    services.plan_section_mark(plan=plan, code="K", completed=True, acting_user=worker)


def seed(*, today: datetime.date, stdout=None) -> None:
    """seed_demo's hook: it runs every app's ``demo.seed`` (assessments before plans)."""
    seed_plans(today=today, stdout=stdout)
