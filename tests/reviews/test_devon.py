# ruff: noqa: F811 - the fixtures come from test_journey
"""R (L, M & P) v Devon CC [2022] EWHC 493 (Admin): when an annual review decides to
amend the plan, the Reg 20(10) notice (within 4 weeks of the meeting) carries the
proposed amendments (Reg 22(2)). Deciding to amend and sending the proposals are one
step; the 4-week deadline is met only when the proposals are sent.

Worked calendar: the meeting on Monday 2 December 2030; the decision is due by Monday
30 December 2030 (4 weeks, Reg 20(10)). The decision and the proposals are posted on
Friday 20 December 2030: served Tuesday 24 December (the second working day after
posting), so the family's 15 days run to Tuesday 7 January 2031 (Reg 22(2)(c)); the
amended plan is due 8 weeks after sending, Friday 14 February 2031 (Reg 22(3)), and 12
weeks after the meeting at the latest, Monday 24 February 2031.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from plans.models import Plan
from reviews import services
from sen_portal.casework.letters import services as letter_services
from sen_portal.casework.models import Letter
from tests.letters.conftest import pdf_text
from tests.plans.test_amendments import amend_section_f
from tests.reviews.conftest import at, date_fields
from tests.reviews.test_journey import deadline, due_review, report_in  # noqa: F401

pytestmark = pytest.mark.django_db

D = datetime.date
DECIDED = D(2030, 12, 20)


def test_deciding_to_amend_without_the_proposals_is_refused(report_in, caseworker, time_machine):
    at(time_machine, DECIDED)
    with pytest.raises(services.ActionRefused, match="prepare them first"):
        services.review_decide(
            review=report_in, decision="amend", reasons="More therapy.", on=DECIDED,
            acting_user=caseworker,
        )  # fmt: skip
    report_in.refresh_from_db()
    assert report_in.status == "report_received"
    assert deadline(report_in.child, "review_decision").status == "open"


def test_proposals_with_nothing_changed_leave_the_decision_undone(
    report_in,
    caseworker,
    time_machine,
):
    at(time_machine, DECIDED)
    services.review_prepare_amendments(review=report_in, on=DECIDED, acting_user=caseworker)
    with pytest.raises(services.ActionRefused, match="Nothing in the plan has been changed"):
        services.review_decide(
            review=report_in, decision="amend", reasons="More therapy.", on=DECIDED,
            acting_user=caseworker,
        )  # fmt: skip
    report_in.refresh_from_db()
    assert report_in.status == "report_received"
    assert deadline(report_in.child, "review_decision").status == "open"
    assert Plan.objects.get(pk=report_in.plan_id).status == "amending"


def test_the_decision_to_amend_sends_the_proposals_and_meets_the_four_weeks(
    report_in,
    caseworker,
    time_machine,
    client,
):
    assert deadline(report_in.child, "review_decision").due_on == D(2030, 12, 30)
    at(time_machine, D(2030, 12, 12))
    client.force_login(caseworker)
    page = client.get(reverse("reviews:review_detail", args=[report_in.pk])).content.decode()
    assert "Prepare any proposed amendments" in page
    url = reverse("reviews:review_prepare_amendments", args=[report_in.pk])
    assert client.post(url, date_fields("on", D(2030, 12, 12))).status_code == 302
    plan = Plan.objects.get(pk=report_in.plan_id)
    assert plan.status == "amending"
    amend_section_f(plan, caseworker)

    at(time_machine, DECIDED)
    client.force_login(caseworker)  # a new session: eight days idle
    url = reverse("reviews:review_decide", args=[report_in.pk])
    fields = {
        "decision": "amend",
        "reasons": "Add weekly speech and language therapy to section F.",
        **date_fields("on", DECIDED),
    }
    missing = client.post(url, fields)
    assert "Select how the decision and the proposed amendments are sent" in (
        missing.content.decode()
    )
    assert client.post(url, {**fields, "sent_by": "post"}).status_code == 302

    report_in.refresh_from_db()
    plan = Plan.objects.get(pk=report_in.plan_id)
    amendment = plan.amendments.get()
    assert (report_in.status, report_in.decision) == ("decided", "amend")
    assert plan.status == "amendment_proposed"
    assert (amendment.proposals_issued_on, amendment.sent_by, amendment.served_on) == (
        DECIDED,
        "post",
        D(2030, 12, 24),
    )
    assert amendment.representations_due_on == D(2031, 1, 7)
    decision = deadline(report_in.child, "review_decision")
    assert (decision.status, decision.met_on) == ("met", DECIDED)
    assert deadline(plan.child, "amended_plan").due_on == D(2031, 2, 14)
    assert deadline(plan.child, "amended_plan_after_review").due_on == D(2031, 2, 24)

    # The decision letter carries the proposals, and the last day of the 15 days.
    letter = Letter.objects.get(kind="review_decided")
    assert letter.act_by == D(2031, 1, 7)
    letter_services.letter_render(letter_id=letter.pk)
    text = pdf_text(Letter.objects.get(pk=letter.pk))
    assert "The changes we propose" in text
    assert "Add weekly speech and language therapy to section F." in text
    assert "7 January 2031" in text and "14 February 2031" in text
    # One notice, not two on the same day: the plan's own notice of proposals is not sent.
    assert "ask for a particular school or college to be named" in " ".join(text.split())
    assert not Letter.objects.filter(kind="plan_amendment_proposed").exists()
    assert Letter.objects.filter(child=plan.child, dated_on=DECIDED).count() == 1

    # Posted on Monday 23 December 2030 (not the 20th): served on Friday 27 December, the
    # second working day after posting with Christmas and Boxing Day between, so the 15
    # days run to Friday 10 January 2031 (Reg 22(2)(c)).
    assert letter.delivery == Letter.Delivery.POST
    at(time_machine, D(2030, 12, 23))
    letter_services.letters_mark_posted(
        letter_ids=[letter.pk], on=D(2030, 12, 23), acting_user=caseworker
    )
    amendment.refresh_from_db()
    assert amendment.served_on == D(2030, 12, 27)
    assert amendment.representations_due_on == D(2031, 1, 10)
    assert Letter.objects.get(pk=letter.pk).act_by == D(2031, 1, 10)


def test_a_review_origin_amendment_is_sent_only_with_the_decision(
    report_in, caseworker, time_machine
):
    """PlanAmendment.origin: amendments prepared from the review (meeting 2 December
    2030) are sent with the Reg 20(10) decision, not on their own from the plan page."""
    from plans.models import PlanAmendment
    from plans.services import plan_issue_amendment_proposals

    at(time_machine, D(2030, 12, 12))
    services.review_prepare_amendments(review=report_in, on=D(2030, 12, 12), acting_user=caseworker)
    plan = Plan.objects.get(pk=report_in.plan_id)
    assert plan.amendments.get().origin == PlanAmendment.Origin.REVIEW
    amend_section_f(plan, caseworker)
    at(time_machine, DECIDED)
    with pytest.raises(services.ActionRefused, match="send them with the decision to amend"):
        plan_issue_amendment_proposals(
            plan=plan, on=DECIDED, summary="More therapy.", acting_user=caseworker
        )
    assert deadline(report_in.child, "review_decision").status == "open"
    services.review_decide(
        review=report_in, decision="amend", reasons="More therapy.", on=DECIDED,
        sent_by="email", acting_user=caseworker,
    )  # fmt: skip
    decision = deadline(report_in.child, "review_decision")
    assert (decision.status, decision.met_on) == ("met", DECIDED)


def test_an_amendment_for_another_reason_does_not_meet_the_review_deadline(
    report_in, caseworker, time_machine
):
    """An amendment started on 12 December 2030 for a tribunal order (origin other)
    cannot stand in for the review's decision: the 4 weeks to 30 December 2030 stay
    open."""
    from plans.models import PlanAmendment
    from plans.services import plan_amendment_start

    at(time_machine, D(2030, 12, 12))
    plan = Plan.objects.get(pk=report_in.plan_id)
    plan_amendment_start(
        plan=plan, on=D(2030, 12, 12), reason="Tribunal order to amend section F.",
        acting_user=caseworker,
    )  # fmt: skip
    assert plan.amendments.get().origin == PlanAmendment.Origin.OTHER
    amend_section_f(Plan.objects.get(pk=plan.pk), caseworker)
    at(time_machine, DECIDED)
    with pytest.raises(services.ActionRefused, match="for another reason"):
        services.review_decide(
            review=report_in, decision="amend", reasons="More therapy.", on=DECIDED,
            acting_user=caseworker,
        )  # fmt: skip
    assert deadline(report_in.child, "review_decision").status == "open"
