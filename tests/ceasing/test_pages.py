"""Ceasing through the pages a caseworker uses, the decision letter, and who may reach
them (the role matrix, on one proposal built once: test_roles.py)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ceasing.models import CeasingProposal
from plans.models import Plan
from tests.ceasing.conftest import (
    APPEAL_DUE,
    CONSULTED_ON,
    DECIDED_ON,
    PROPOSED_ON,
    VIEWS_ON,
    at,
    date_fields,
)

pytestmark = pytest.mark.django_db


def test_a_caseworker_proposes_consults_and_decides(
    client, caseworker, plan_in_force, time_machine, django_capture_on_commit_callbacks
):
    def go(day):
        # Sessions expire: sign in again on each day the clock moves to.
        at(time_machine, day)
        client.force_login(caseworker)

    go(PROPOSED_ON)
    case_page = client.get(reverse("casework:child_detail", args=[plan_in_force.child_id]))
    assert "Propose to cease the plan" in case_page.content.decode()

    url = reverse("ceasing:propose", args=[plan_in_force.pk])
    empty = client.post(url, {**date_fields("on", PROPOSED_ON), "reasons": ""})
    assert empty.status_code == 200
    assert "Enter the reasons for ceasing" in empty.content.decode()
    response = client.post(
        url,
        {
            **date_fields("on", PROPOSED_ON),
            "cease_reason": "2",
            "reasons": "Outcomes met; the school meets his needs from SEN support.",
        },
    )
    proposal = CeasingProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("ceasing:detail", args=[proposal.pk])

    go(VIEWS_ON)
    consult_url = reverse("ceasing:consult", args=[proposal.pk])
    for party, name in (("family", "Pat Parent"), ("institution", "Northshire Primary School")):
        response = client.post(
            consult_url,
            {
                "party": party,
                "name": name,
                **date_fields("consulted_on", CONSULTED_ON),
                **date_fields("responded_on", VIEWS_ON),
                "views": f"Views of {name}.",
            },
        )
        assert response.status_code == 302, response.content.decode()

    go(DECIDED_ON)
    page = client.get(reverse("ceasing:detail", args=[proposal.pk])).content.decode()
    assert "Views of Northshire Primary School." in page
    assert "Decide to cease the plan" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ceasing:decide_cease", args=[proposal.pk]),
            {
                **date_fields("on", DECIDED_ON),
                "cease_reason": "2",
                "reasons": "Section E outcomes have been met.",
            },
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == CeasingProposal.Status.DECIDED
    assert proposal.appeal_due_on == APPEAL_DUE
    # The letter was made (Celery eager), kept with the case and shared with the family.
    letter = proposal.decision_letter
    assert letter is not None and letter.shared_with_family

    page = client.get(reverse("ceasing:detail", args=[proposal.pk])).content.decode()
    assert (
        "The plan ends on Tuesday 3 December 2030 unless the family appeal by Monday 2 "
        "December 2030" in page
    )
    case_page = client.get(reverse("casework:child_detail", args=[proposal.child_id]))
    assert "Appeal deadline 2 December 2030" in case_page.content.decode()


def test_the_decision_letter_gives_reasons_rights_and_dates(
    decided, django_capture_on_commit_callbacks
):
    from sen_portal.casework.letters.services import letter_render
    from sen_portal.casework.models import Letter

    notice = Letter.objects.get(kind="ceasing_decided", subject_id=str(decided.pk))
    letter = letter_render(letter_id=notice.pk).document
    # Idempotent: a second run keeps the one letter.
    assert letter_render(letter_id=notice.pk).document == letter
    reader = PdfReader(io.BytesIO(letter.file.read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.metadata.title == "Decision to cease the EHC plan"
    assert "Sam Example" in text
    assert "1 October 2030" in text
    assert "Needs are being met without an EHC plan" in text
    assert "The outcomes in section E have been met" in text
    assert "mediation adviser" in text
    assert "0300 555 0142" in text  # the adviser's phone (Reg 32)
    assert "First-tier Tribunal" in text
    assert "Monday 2 December 2030" in text  # the last day to appeal
    assert "Tuesday 3 December 2030" in text  # the plan ends, if no appeal
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged PDF


def test_cease_now_needs_a_confirmation(client, caseworker, proposal):
    client.force_login(caseworker)
    url = reverse("ceasing:cease_now", args=[proposal.pk])
    response = client.post(url, {**date_fields("on", PROPOSED_ON), "cease_reason": "8"})
    assert response.status_code == 200
    assert "Confirm that no appeal lies" in response.content.decode()
    response = client.post(
        url, {**date_fields("on", PROPOSED_ON), "cease_reason": "8", "confirmed": "on"}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(pk=proposal.plan_id)
    assert plan.status == Plan.Status.CEASED
    assert plan.ceased_on == PROPOSED_ON


def test_a_step_that_is_no_longer_possible_is_refused(client, caseworker, decided):
    client.force_login(caseworker)
    response = client.post(
        reverse("ceasing:decide_continue", args=[decided.pk]),
        {**date_fields("on", DECIDED_ON), "reason": "Changed our mind"},
    )
    assert response.status_code == 409
    decided.refresh_from_db()
    assert decided.status == CeasingProposal.Status.DECIDED


def test_another_team_cannot_propose(client, other_caseworker, plan_in_force):
    client.force_login(other_caseworker)
    response = client.get(reverse("ceasing:propose", args=[plan_in_force.pk]))
    assert response.status_code == 404


def test_the_family_are_told_when_the_plan_ends(client, family_user, family_member, decided):
    client.force_login(family_user)
    page = client.get(reverse("family:case", args=[decided.child_id])).content.decode()
    assert (
        "The plan will end on Tuesday 3 December 2030 unless you appeal by Monday 2 December "
        "2030" in " ".join(page.split())
    )
