"""The whole journey through the pages, as a caseworker would take it: from an assessment
that decided to issue a plan, through every section, the draft, the family's comments,
the consultation with the school, to the final plan in force."""

from __future__ import annotations

import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.constants import SECTIONS
from plans.models import Consultation, Plan, PlanVersion
from sen_portal import timescales
from sen_portal.casework.models import ChronologyEvent, Deadline
from tests.plans.conftest import TODAY, date_fields

pytestmark = pytest.mark.django_db


def post_ok(client, url, data=None):
    if data:
        # As a browser would: an edit form carries the version it was built from.
        page = client.get(url).content.decode()
        found = re.search(r'name="version_field" value="([^"]*)"', page)
        if found:
            data = {**data, "version_field": html.unescape(found.group(1))}
    response = client.post(url, data or {})
    body = response.content.decode()
    assert response.status_code == 302, body.split("govuk-error-summary__body")[-1][:1500]
    return response


def section(plan, code):
    return reverse("plans:section", args=[plan.pk, code])


def add(plan, code):
    return reverse("plans:item_add", args=[plan.pk, code])


def test_a_caseworker_takes_a_plan_from_the_decision_to_issue_to_a_final_plan_in_force(
    client, caseworker, child, assessment, institutions, django_capture_on_commit_callbacks
):
    client.force_login(caseworker)

    # The case page offers to start the plan.
    case_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    start_url = reverse("plans:plan_start", args=[assessment.pk])
    assert start_url in case_page
    post_ok(client, start_url)
    plan = Plan.objects.get(assessment=assessment)
    assert plan.status == "drafting"
    # Section K came from the assessment's advice.
    assert sorted(plan.advice_entries.values_list("title", flat=True)) == [
        "Psychological advice",
        "Views of the parent or young person",
    ]

    page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    for s in SECTIONS:
        assert s.heading in page
    assert "Not yet started" in page
    # Nothing can be issued yet.
    assert reverse("plans:plan_issue_draft", args=[plan.pk]) not in page

    post_ok(
        client,
        section(plan, "a"),
        {
            "a_views": "I like quiet places and clear instructions.",
            "a_interests": "Dinosaurs, drawing and swimming.",
            "a_aspirations": "To work with animals.",
            "completed": "yes",
        },
    )
    post_ok(client, add(plan, "b"), {"area": "cognition_learning", "description": "Dyslexia."})
    post_ok(
        client,
        add(plan, "b"),
        {"area": "communication_interaction", "description": "Finds group talk hard."},
    )
    post_ok(client, section(plan, "b"), {"completed": "yes"})
    post_ok(client, section(plan, "c"), {"c_health_needs": "None identified.", "completed": "yes"})
    post_ok(
        client,
        section(plan, "d"),
        {"d_social_care_needs": "None identified.", "completed": "yes"},
    )
    needs = list(plan.needs.order_by("id"))
    post_ok(
        client,
        add(plan, "e"),
        {
            "description": "Reads a short chapter book independently.",
            "achieve_by": "July 2027",
            "needs": [str(needs[0].pk)],
        },
    )
    post_ok(client, section(plan, "e"), {"completed": "yes"})
    outcome = plan.outcomes.get()

    # Provision must be quantified: a missing "how often" is an error, nothing saved.
    provision = {
        "what": "Structured phonics, one to one",
        "delivered_by": "Teaching assistant trained by the specialist teacher",
        "how_often": "",
        "how_long": "20 minutes a session, for a year",
        "outcomes": [str(outcome.pk)],
        "responsible_agency": "la_education",
        "contact_name": "SEN team",
    }
    response = client.post(add(plan, "f"), provision)
    assert response.status_code == 200
    assert "Enter how often it happens" in response.content.decode()
    assert not plan.provision.exists()
    post_ok(client, add(plan, "f"), {**provision, "how_often": "Daily"})
    for code in ("f", "g", "h1", "h2"):
        post_ok(client, section(plan, code), {"completed": "yes"})
    post_ok(client, section(plan, "j"), {"j_requested": "no", "completed": "yes"})
    post_ok(client, section(plan, "k"), {"completed": "yes"})

    # Check your answers, then issue the draft.
    issue_draft = reverse("plans:plan_issue_draft", args=[plan.pk])
    assert issue_draft in client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    check = client.get(issue_draft).content.decode()
    for s in SECTIONS:
        assert s.heading in check
    assert "Dyslexia." in check and "Structured phonics, one to one" in check
    with django_capture_on_commit_callbacks(execute=True):
        post_ok(
            client,
            issue_draft,
            {
                **date_fields("on", TODAY),
                "sent_by": "email",
                "preferred_institution": str(institutions["primary"].pk),
            },
        )
    plan.refresh_from_db()
    assert plan.status == "draft_issued"
    assert plan.preferred_institution == institutions["primary"]
    draft = plan.versions.get()
    assert (draft.number, draft.kind) == (1, "draft")
    window = Deadline.objects.get(child=child, code="draft_representations")
    assert (window.status, window.due_on) == (
        "open",
        timescales.due_date("draft_representations", TODAY),
    )

    # The version page shows the PDF is ready and offers it.
    version_page = client.get(reverse("plans:version_detail", args=[plan.pk, 1])).content.decode()
    assert "Ready" in version_page
    pdf = client.get(reverse("plans:version_pdf", args=[plan.pk, 1]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "DRAFT" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()

    # Consult the family's preference; it replies.
    post_ok(
        client,
        reverse("plans:plan_consult", args=[plan.pk]),
        {"institution": str(institutions["primary"].pk), **date_fields("on", TODAY)},
    )
    consultation = Consultation.objects.get(plan=plan)
    assert Deadline.objects.get(code="institution_consultation").status == "open"
    post_ok(
        client,
        reverse("plans:consultation_response", args=[consultation.pk]),
        {"response": "can_meet", **date_fields("received_on", TODAY), "note": "We can."},
    )
    assert Deadline.objects.get(code="institution_consultation").status == "met"

    # Not yet final: no placement, no comments from the family.
    issue_final = reverse("plans:plan_issue_final", args=[plan.pk])
    plan_page = client.get(reverse("plans:plan_detail", args=[plan.pk])).content.decode()
    assert issue_final not in plan_page
    assert "Name the school or college in section I" in plan_page

    post_ok(
        client,
        reverse("plans:plan_record_representations", args=[plan.pk]),
        {
            **date_fields("received_on", TODAY),
            "representations": "We would like more speech and language support.",
            "nothing_more": "on",
        },
    )
    # Their comments alone would not end the 15 days (Reg 13(1)); they said with them
    # that they have nothing more to say.
    assert Deadline.objects.get(code="draft_representations").status == "met"
    # Their comments lead to a change before the final plan.
    post_ok(
        client,
        add(plan, "g"),
        {
            "what": "Speech and language therapy",
            "delivered_by": "NHS speech and language therapist",
            "how_often": "Fortnightly",
            "how_long": "45 minutes, for two terms",
            "outcomes": [str(outcome.pk)],
            "responsible_agency": "health",
            "contact_name": "Children's therapies, Northshire ICB",
        },
    )
    post_ok(
        client,
        section(plan, "i"),
        {
            "placement": str(institutions["primary"].pk),
            "placement_note": "Year 5",
            "completed": "yes",
        },
    )

    check = client.get(issue_final).content.decode()
    assert "Northshire Primary School" in check
    assert "Speech and language therapy" in check
    with django_capture_on_commit_callbacks(execute=True):
        response = post_ok(client, issue_final, date_fields("on", TODAY))
    plan.refresh_from_db()
    assert plan.status == "final_issued"
    final = PlanVersion.objects.get(plan=plan, number=2)
    assert final.kind == "final"
    assert final.snapshot["sections"]["I"]["institution"]["urn"] == "990101"
    twenty_weeks = Deadline.objects.get(child=child, code="final_plan")
    assert (twenty_weeks.status, twenty_weeks.met_on) == ("met", TODAY)
    assert not twenty_weeks.met_late
    assert Deadline.objects.get(child=child, code="annual_review").status == "open"
    page = client.get(response.url).content.decode()
    assert "within 20 weeks" in page

    # What changed between the draft and the final plan.
    compare = client.get(reverse("plans:version_compare", args=[plan.pk])).content.decode()
    assert "Speech and language therapy" in compare
    assert "Section G: Health provision" in compare

    final_pdf = client.get(reverse("plans:version_pdf", args=[plan.pk, 2]))
    reader = PdfReader(io.BytesIO(final_pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Northshire Primary School" in text
    assert "DRAFT" not in text

    post_ok(
        client, reverse("plans:plan_bring_into_force", args=[plan.pk]), date_fields("on", TODAY)
    )
    plan.refresh_from_db()
    assert plan.status == "in_force"
    # Nothing can be changed on an issued plan.
    response = client.post(section(plan, "a"), {"a_views": "Changed", "completed": "yes"})
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.a_views == "I like quiet places and clear instructions."

    kinds = set(ChronologyEvent.objects.filter(child=child).values_list("kind", flat=True))
    assert {
        "plan_started",
        "plan_section_changed",
        "plan_draft_issued",
        "plan_institution_consulted",
        "plan_consultation_reply",
        "plan_representations_received",
        "plan_final_issued",
        "plan_in_force",
    } <= kinds
