"""Every appealable decision reaches the family as a letter: addressed to whoever holds
the rights on its date, with the last day to appeal and the Reg 32 content (the mediation
adviser's contact details, the certificate, disagreement resolution, SENDIASS), read back
from the PDF; and the family portal lists it with what it means and the date to act by."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services as assessment_services
from ceasing import services as ceasing_services
from plans import services as plan_services
from reviews import services as review_services
from sen_portal.casework.models import CouncilContacts, Letter
from sen_portal.dates import long_date
from tests.factories import ChildFactory, FamilyMemberFactory
from tests.journeys import bring_to_final_ready, fill_draft_sections
from tests.letters.conftest import pdf_text

REASONS = "Sam's needs can be met from the support the school already gives."


def today() -> datetime.date:
    return timezone.localdate()


def assert_rights(letter: Letter, appeal_due_on: datetime.date) -> str:
    text = pdf_text(letter)
    contacts = CouncilContacts.current()
    assert long_date(appeal_due_on) in text, "the last day to appeal"
    assert "within 2 months of the date of this letter" in text
    for detail in (
        contacts.mediation_name,
        contacts.mediation_phone,
        contacts.mediation_email,
        contacts.disagreement_name,
        contacts.sendiass_name,
    ):
        assert detail in text
    assert "certificate" in text
    assert "health or social care" in text, "what mediation can be about (Reg 32)"
    assert letter.kind and letter.child.la_reference in text
    return text


@pytest.fixture
def parent(child):
    return FamilyMemberFactory(child=child, full_name="Alex Parentson", user=None)


def request_for(child, caseworker):
    return assessment_services.request_record(
        child=child,
        requester="parent",
        requester_name="Alex Parentson",
        received_on=today() - datetime.timedelta(days=20),
        reasons="Not making progress in reading.",
        consent_to_share=True,
        share_with=["education"],
        acting_user=caseworker,
    )


def test_a_decision_not_to_assess_is_a_letter_to_the_parent_with_every_right(
    child, parent, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = request_for(child, caseworker)
        assessment_services.request_decline(
            assessment_request=request,
            on=today() - datetime.timedelta(days=1),
            reasons=REASONS,
            acting_user=caseworker,
        )
    request.refresh_from_db()
    letter = Letter.objects.get(kind="request_declined")
    assert letter.addressee_names == "Alex Parentson"
    assert letter.act_by == request.appeal_due_on
    text = assert_rights(letter, request.appeal_due_on)
    assert "Dear Alex Parentson" in text
    assert "regulations 5(3) and 32" in text
    assert request.decision_letter == letter.document


def test_the_final_plan_notice_gives_the_appeal_date_and_the_first_review(
    child, parent, caseworker, decide_to_issue, institutions, django_capture_on_commit_callbacks
):
    school = institutions["primary"]
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.plan_start(assessment=decide_to_issue(child), acting_user=caseworker)
        fill_draft_sections(plan, caseworker)
        plan_services.plan_issue_draft(
            plan=plan, on=today(), preferred_institution=school, acting_user=caseworker
        )
        bring_to_final_ready(plan, caseworker, school)
        plan_services.plan_issue_final(plan=plan, on=today(), acting_user=caseworker)
    final = Letter.objects.get(kind="plan_final")
    text = assert_rights(final, final.act_by)
    assert school.name in text
    first_review = long_date(today().replace(year=today().year + 1) - datetime.timedelta(days=1))
    assert first_review in text or "first review must be held by" in text
    draft = pdf_text(Letter.objects.get(kind="plan_draft"))
    for words in ("at least 15 days", "ask to meet us", "section 38", "personal budget"):
        assert words in draft
    consultation = Letter.objects.get(kind="plan_consultation")
    assert consultation.audience == Letter.Audience.PROFESSIONAL
    assert school.name in pdf_text(consultation)


def test_the_family_portal_lists_the_letter_with_what_it_means_and_the_date(
    client, child, family_member, caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = request_for(child, caseworker)
        assessment_services.request_decline(
            assessment_request=request, on=today(), reasons=REASONS, acting_user=caseworker
        )
    request.refresh_from_db()
    client.force_login(family_member.user)
    page = client.get(reverse("family:documents", args=[child.pk])).content.decode()
    assert "Decision not to carry out an EHC needs assessment" in page
    assert "You can ask for mediation and appeal" in page
    assert request.appeal_due_on.strftime("%-d %B %Y") in page
    letter = Letter.objects.get(kind="request_declined")
    # The family has a portal account: the letter went by email (a link), so it is served.
    assert letter.delivery == Letter.Delivery.EMAIL
    assert letter.sent_on == today() and letter.service_on == today()
    download = client.get(reverse("family:letter", args=[child.pk, letter.document_id]))
    assert download.status_code == 200


@pytest.mark.parametrize("parents_keep_access", [None, False])
def test_a_young_persons_letter_is_theirs_and_copied_to_parents_only_with_agreement(
    caseworker, team, parents_keep_access, django_capture_on_commit_callbacks
):
    from sen_portal.family.models import YoungPersonAccess

    # Over compulsory school age: born 1 March 2008, school leaving date 26 June 2024.
    young = ChildFactory(
        team=team,
        caseworker=caseworker,
        first_name="Jordan",
        last_name="Young",
        date_of_birth=datetime.date(2008, 3, 1),
    )
    FamilyMemberFactory(child=young, full_name="Kim Parent", user=None)
    if parents_keep_access is not None:
        YoungPersonAccess.objects.create(child=young, parents_keep_access=parents_keep_access)
    with django_capture_on_commit_callbacks(execute=True):
        request = request_for(young, caseworker)
        assessment_services.request_decline(
            assessment_request=request, on=today(), reasons=REASONS, acting_user=caseworker
        )
    letter = Letter.objects.get(kind="request_declined")
    assert [a["role"] for a in letter.addressees] == ["young_person"]
    assert letter.addressee_names == "Jordan Young"
    text = pdf_text(letter)
    assert "Dear Jordan Young" in text
    if parents_keep_access is False:
        # The young person said their parents should no longer follow the case.
        assert letter.copies == []
        assert "Kim Parent" not in text
    else:
        assert [c["name"] for c in letter.copies] == ["Kim Parent"]
        assert "Copy to: Kim Parent" in text


def test_a_child_turning_into_a_young_person_changes_who_the_next_letter_is_to(caseworker, team):
    from sen_portal.casework.letters.addressees import rights_holders

    child = ChildFactory(team=team, date_of_birth=datetime.date(2010, 8, 20))
    FamilyMemberFactory(child=child, full_name="Pat Parent")
    # School leaving date Friday 26 June 2026: the rights are the young person's from 27 June.
    assert rights_holders(child, datetime.date(2026, 6, 26)).to[0].name == "Pat Parent"
    on_the_day = rights_holders(child, datetime.date(2026, 6, 27))
    assert on_the_day.young_person and on_the_day.to[0].name == child.full_name


def test_ceasing_and_the_review_decision_are_appealable_letters(
    child, parent, caseworker, decide_to_issue, institutions, django_capture_on_commit_callbacks
):
    school = institutions["primary"]
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_services.plan_start(assessment=decide_to_issue(child), acting_user=caseworker)
        fill_draft_sections(plan, caseworker)
        plan_services.plan_issue_draft(
            plan=plan, on=today(), preferred_institution=school, acting_user=caseworker
        )
        bring_to_final_ready(plan, caseworker, school)
        plan_services.plan_issue_final(plan=plan, on=today(), acting_user=caseworker)
        review = review_services.review_start(plan=plan, acting_user=caseworker)
        review_services.review_schedule(
            review=review, meeting_on=today(), venue="The school", acting_user=caseworker
        )
        review_services.review_record_papers_sent(review=review, on=today(), acting_user=caseworker)
        review_services.review_hold(review=review, held_on=today(), acting_user=caseworker)
        review_services.review_record_report(
            review=review, received_on=today(), summary="Going well.", acting_user=caseworker
        )
        review_services.review_decide(
            review=review, decision="maintain", reasons="It works.", on=today(),
            acting_user=caseworker,
        )  # fmt: skip
        proposal = ceasing_services.ceasing_propose(
            plan=plan, on=today(), reasons="The outcomes have been met.", acting_user=caseworker
        )
    review.refresh_from_db()
    assert "Invitation to the annual review" in pdf_text(
        Letter.objects.get(kind="review_invitation")
    )
    assert_rights(Letter.objects.get(kind="review_decided_maintain"), review.appeal_due_on)
    assert "considering" in pdf_text(Letter.objects.get(kind="ceasing_proposed"))
    assert proposal.pk
