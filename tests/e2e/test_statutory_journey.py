"""The whole statutory journey in Chromium, through the real pages only: from the request
for an assessment to the final EHC plan, the parent reading it in the family portal and a
manager seeing it counted within 20 weeks. Only the people (and a school) are set up
directly. A screenshot is taken at every step; when the test fails they are all written to
test-artifacts/<test name>/."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import AdviceRequest, AssessmentRequest, NeedsAssessment
from plans.models import Consultation, Institution, Plan
from sen_portal.accounts.roles import Role
from tests.conftest import ARTIFACTS
from tests.e2e.browser_forms import date_fields, submit
from tests.factories import PASSWORD, ChildFactory, FamilyMemberFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
RECEIVED = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def steps(request, page):
    """step(name): a screenshot of the page now; all of them are saved if the test fails."""
    shots: list[tuple[str, bytes]] = []

    def step(name: str):
        shots.append((name, page.screenshot(full_page=True)))

    yield step
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = ARTIFACTS / request.node.name
        folder.mkdir(parents=True, exist_ok=True)
        shots.append(("at-failure", page.screenshot(full_page=True)))
        for n, (name, png) in enumerate(shots, 1):
            (folder / f"{n:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png").write_bytes(png)


@pytest.fixture
def people(db):
    caseworker = UserFactory(role=Role.CASEWORKER, full_name="Casey Worker")
    team = caseworker.team
    manager = UserFactory(role=Role.MANAGER, team=team, full_name="Morgan Manager")
    psychologist = UserFactory(
        role=Role.ADVICE_GIVER,
        full_name="Dr Ezra Psychologist",
        job_title="Educational psychologist",
    )
    parent = UserFactory(role=Role.FAMILY, full_name="Pat Parent")
    child = ChildFactory(team=team, caseworker=caseworker, first_name="Sam", last_name="Example")
    FamilyMemberFactory(child=child, user=parent, full_name="Pat Parent")
    school = Institution.objects.create(
        urn="990101", name="Northshire Primary School", kind="mainstream", town="Northtown"
    )
    return caseworker, manager, psychologist, parent, child, school


def sign_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def test_from_request_to_final_plan_in_the_browser(page, live_server, sign_in, steps, people):
    caseworker, manager, psychologist, parent, child, school = people
    url = live_server.url

    # The caseworker records the request.
    sign_in(page, caseworker, PASSWORD)
    page.goto(url + reverse("casework:child_detail", args=[child.pk]))
    steps("case page")
    page.goto(url + reverse("assessments:request_create", args=[child.pk]))
    submit(
        page,
        {
            "requester": "parent",
            "requester_name": "Pat Parent",
            **date_fields("received_on", RECEIVED),
            "reasons": "Sam is not making progress in reading despite support at school.",
            "consent_to_share": "yes",
            "share_with": ["education"],
        },
    )
    steps("request recorded")
    request = AssessmentRequest.objects.get(child=child)

    # Decides to assess, then asks the educational psychologist for advice.
    page.goto(url + reverse("assessments:request_decide_to_assess", args=[request.pk]))
    submit(page, date_fields("on", RECEIVED + datetime.timedelta(days=14)))
    steps("decided to assess")
    assessment = NeedsAssessment.objects.get(child=child)
    page.goto(url + reverse("assessments:advice_request_create", args=[assessment.pk]))
    submit(
        page,
        {
            "kind": "educational_psychology",
            "advice_giver": str(psychologist.pk),
            "questions": "What are Sam's learning needs, and what would help?",
            **date_fields("requested_on", RECEIVED + datetime.timedelta(days=15)),
        },
    )
    steps("advice asked")
    sign_out(page)

    # The advice giver signs in, finds the request and gives the advice.
    sign_in(page, psychologist, PASSWORD)
    page.goto(url + reverse("advice:advice_list"))
    steps("advice giver's list")
    advice = AdviceRequest.objects.get(assessment=assessment)
    page.goto(url + reverse("advice:advice_detail", args=[advice.pk]))
    submit(
        page,
        {
            "needs": "Slow processing speed and weak working memory.",
            "outcomes": "Reads at an age-appropriate level by the end of key stage 2.",
            "provision": "Daily structured phonics, one to one, 20 minutes, trained assistant.",
        },
    )
    steps("advice given")
    sign_out(page)

    # The caseworker completes the advice, decides to issue a plan and writes it.
    sign_in(page, caseworker, PASSWORD)
    page.goto(url + reverse("assessments:assessment_complete_advice", args=[assessment.pk]))
    submit(page, date_fields("on", TODAY))
    page.goto(url + reverse("assessments:assessment_decide_to_issue", args=[assessment.pk]))
    submit(page, date_fields("on", TODAY))
    steps("decided to issue")
    page.goto(url + reverse("casework:child_detail", args=[child.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Start the EHC plan")).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Start the plan").click()
    plan = Plan.objects.get(child=child)
    steps("plan started")

    def section(code, data):
        page.goto(url + reverse("plans:section", args=[plan.pk, code]))
        submit(page, data)

    def add(code, data):
        page.goto(url + reverse("plans:item_add", args=[plan.pk, code]))
        submit(page, data)

    section(
        "a",
        {
            "a_views": "I like quiet places and clear instructions.",
            "a_interests": "Dinosaurs, drawing and swimming.",
            "a_aspirations": "To work with animals.",
            "completed": "yes",
        },
    )
    add("b", {"area": "cognition_learning", "description": "Reads well below age level."})
    section("b", {"completed": "yes"})
    section("c", {"c_health_needs": "None identified.", "completed": "yes"})
    section("d", {"d_social_care_needs": "None identified.", "completed": "yes"})
    need = plan.needs.get()
    add(
        "e",
        {
            "description": "Reads a short chapter book independently.",
            "achieve_by": "July 2027",
            "needs": [str(need.pk)],
        },
    )
    section("e", {"completed": "yes"})
    outcome = plan.outcomes.get()
    add(
        "f",
        {
            "what": "Structured phonics, one to one",
            "delivered_by": "Teaching assistant trained by the specialist teacher",
            "how_often": "Daily",
            "how_long": "20 minutes a session, for a year",
            "outcomes": [str(outcome.pk)],
            "responsible_agency": "la_education",
            "contact_name": "SEN team",
        },
    )
    for code in ("f", "g", "h1", "h2"):
        section(code, {"completed": "yes"})
    section("j", {"j_requested": "no", "completed": "yes"})
    section("k", {"completed": "yes"})
    steps("sections written")

    # Issues the draft, consults the school, records the family's comments.
    page.goto(url + reverse("plans:plan_issue_draft", args=[plan.pk]))
    steps("check the draft")
    submit(
        page,
        {
            **date_fields("on", TODAY),
            "sent_by": "portal",
            "preferred_institution": str(school.pk),
        },
    )
    steps("draft issued")
    page.goto(url + reverse("plans:plan_consult", args=[plan.pk]))
    submit(page, {"institution": str(school.pk), **date_fields("on", TODAY)})
    consultation = Consultation.objects.get(plan=plan)
    page.goto(url + reverse("plans:consultation_response", args=[consultation.pk]))
    submit(
        page,
        {
            "response": "can_meet",
            **date_fields("received_on", TODAY),
            "note": "We can meet Sam's needs.",
        },
    )
    steps("school replied")
    page.goto(url + reverse("plans:plan_record_representations", args=[plan.pk]))
    submit(
        page,
        {
            **date_fields("received_on", TODAY),
            "representations": "We agree with the plan and would like Northshire Primary.",
        },
    )
    steps("family's comments recorded")
    # Their comments do not end the 15 days (Reg 13(1)); their word that they have
    # nothing more to say lets the final plan go today.
    page.goto(url + reverse("plans:window_nothing_more", args=[plan.pk]))
    submit(
        page,
        {
            **date_fields("confirmed_on", TODAY),
            "how": "The parent said so with their comments.",
        },
    )
    section(
        "i",
        {
            "placement": str(school.pk),
            "placement_note": "Year 4 from September",
            "completed": "yes",
        },
    )

    # Issues the final plan and downloads its PDF.
    page.goto(url + reverse("plans:plan_detail", args=[plan.pk]))
    with page.expect_navigation():
        page.get_by_role("button", name="Check and issue the final plan").click()
    steps("check the final plan")
    with page.expect_navigation():
        page.get_by_role("button", name="Issue the final plan").click()
    expect(page.locator("#plan-status")).to_have_text("Final plan issued")
    steps("final plan issued")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Version \d+: final plan")).click()
    expect(page.locator("#pdf-status")).to_have_text("Ready")
    # The download link, followed with the browser's own session (Chromium would hand an
    # inline PDF to its viewer).
    link = page.get_by_role("link", name=re.compile(r"^Download version \d+: final plan"))
    pdf = page.request.get(url + link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
    steps("final plan PDF")
    sign_out(page)

    # The parent sees the final plan and the dates that were met.
    sign_in(page, parent, PASSWORD)
    page.goto(url + reverse("family:case", args=[child.pk]))
    steps("family case page")
    text = page.inner_text("main")
    assert "final" in text.lower()
    # Dates already met are folded away below the ones to come: open them as a parent would.
    page.locator('[data-testid="past-dates"] summary').click()
    text = page.inner_text("main")
    assert "Done on time" in text or "Done on" in text
    page.goto(url + reverse("family:documents", args=[child.pk]))
    steps("family documents")
    assert re.search("final", page.inner_text("main"), re.I)
    sign_out(page)

    # The manager sees the plan counted within 20 weeks.
    sign_in(page, manager, PASSWORD)
    page.goto(url + reverse("dashboards:timeliness"))
    steps("timeliness dashboard")
    summary = page.inner_text("main")
    assert re.search(r"1\s+new EHC plan issued, 1 within 20 weeks", summary), summary[:1500]
