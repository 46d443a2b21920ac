"""The disagreement route, complete, with real dates (time-machine), through the pages
staff and families use and the services behind them.

Worked calendar (SEND Regulations 2014; periods from sen_portal/timescales.py):

* Reg 33: a decision not to issue a plan sent on Thursday 1 August 2030; the family must
  contact the mediation adviser "within 2 months after written notice ... was sent":
  by Tuesday 1 October 2030. A contact recorded on Thursday 3 October 2030 is late.
* Reg 42: mediation on Friday 20 September 2030 ends in a written agreement that day.
  Amending the plan is appealable, so the council has the Reg 44(2)(e) period: 5 weeks,
  Friday 25 October 2030 (reg 42(2)); speech and language therapy from the health body
  is not, so 2 weeks: Friday 4 October 2030 (reg 42(3)).
* Reg 45 (as substituted by SI 2015/359 reg 8): the council tells the Tribunal on Monday
  2 September 2030 that it will not oppose an appeal against its refusal to assess. It
  must tell the family it will assess within 2 weeks (Monday 16 September 2030), then
  send a "no plan" notice within 10 weeks (Monday 11 November 2030) or the final plan
  within 14 weeks (Monday 9 December 2030).
* Reg 44(2)(a), (g), (h): an appeal against ceasing dismissed on Wednesday 12 February
  2031 ends the plan at once; one allowed on Monday 10 February 2031 with an order to
  continue and amend: continue at once, the amended plan within 5 weeks, Monday 17 March
  2031.
* Recommendations (SI 2017/1306): made on Monday 3 March 2031, answered within 5 weeks,
  by Monday 7 April 2031.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessments import services as assessment_services
from disagreements import services
from disagreements.models import Disagreement, TribunalOrder
from plans.models import Plan
from sen_portal.casework.models import ChronologyEvent, Deadline, Letter
from tests.journeys import DECIDED_ON, at, date_fields, pdf_text

pytestmark = pytest.mark.django_db
SHOTS = Path(tempfile.gettempdir()) / "shots"
D = datetime.date
Compliance = TribunalOrder.Compliance


@pytest.fixture
def not_to_issue(child, caseworker, time_machine):
    at(time_machine, D(2030, 8, 1))
    return services.disagreement_record(
        child=child, kind="not_to_issue", decision_on=D(2030, 8, 1), acting_user=caseworker
    )


# --- Reg 33 -----------------------------------------------------------------------------------


def test_reg_33_the_family_see_their_date_and_a_late_contact_is_warned_about(
    client, not_to_issue, child, caseworker, family_member, time_machine
):
    d = not_to_issue
    assert d.contact_due_on == D(2030, 10, 1)
    contact = Deadline.objects.get(code="mediation_adviser_contact")
    assert contact.due_on == D(2030, 10, 1) and contact.status == Deadline.Status.OPEN

    # The family portal shows the date to contact the adviser by.
    client.force_login(family_member.user)
    page = client.get(reverse("family:case", args=[child.pk])).content.decode()
    assert "Your last day to contact the mediation adviser" in page
    assert "1 October 2030" in page

    # The caseworker records the contact two days late, and who made it.
    at(time_machine, D(2030, 10, 3))
    client.force_login(caseworker)
    url = reverse("disagreements:step", args=[d.pk, "contact"])
    assert "the last day is 1 October 2030" in client.get(url).content.decode()
    response = client.post(url, {**date_fields("on", D(2030, 10, 3)), "by": "parent"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.adviser_contacted_by == "parent" and d.contact_late

    page = client.get(reverse("disagreements:detail", args=[d.pk])).content.decode()
    assert 'id="contact-late"' in page
    assert "contacted late" in page and "1 October 2030" in page
    case_page = client.get(reverse("casework:child_detail", args=[child.pk])).content.decode()
    assert "govuk-warning-text" in case_page
    assert "Mediation adviser contacted after 1 October 2030" in case_page
    # In the record: the chronology says so, and the family's date was met late.
    event = ChronologyEvent.objects.get(kind="disagreement_adviser_contacted")
    assert "by the parent" in event.note
    assert "after 1 October 2030" in event.note and "Reg 33" in event.note
    contact.refresh_from_db()
    assert contact.status == Deadline.Status.MET and contact.met_on == D(2030, 10, 3)


def test_reg_33_a_contact_in_time_has_no_warning(not_to_issue, caseworker, time_machine):
    at(time_machine, D(2030, 10, 1))
    d = services.disagreement_contact_adviser(
        disagreement=not_to_issue, on=D(2030, 10, 1), by="young_person", acting_user=caseworker
    )
    assert not d.contact_late
    assert "Reg 33" not in ChronologyEvent.objects.get(kind="disagreement_adviser_contacted").note
    # No mediation wanted: the certificate records that it was declined (Reg 34).
    d = services.disagreement_issue_certificate(
        disagreement=d, on=D(2030, 10, 1), acting_user=caseworker
    )
    assert d.certificate_kind == "declined"


# --- Reg 42 -----------------------------------------------------------------------------------


def test_reg_42_a_mediation_agreement_on_the_reg_44_periods_and_within_2_weeks(
    client, not_to_issue, child, caseworker, time_machine, django_capture_on_commit_callbacks
):
    at(time_machine, D(2030, 9, 20))
    d = services.disagreement_contact_adviser(
        disagreement=not_to_issue, on=D(2030, 8, 22), by="parent", acting_user=caseworker
    )
    services.disagreement_request_mediation(
        disagreement=d, on=D(2030, 8, 23), acting_user=caseworker
    )
    services.disagreement_hold_mediation(
        disagreement=d, on=D(2030, 9, 20), outcome="agreed", acting_user=caseworker
    )
    client.force_login(caseworker)
    page = client.get(reverse("disagreements:detail", args=[d.pk])).content.decode()
    assert "Record the mediation agreement" in page
    url = reverse("disagreements:agreement_add", args=[d.pk])
    response = client.post(url, {"kind": "other", **date_fields("made_on", D(2030, 9, 20))})
    assert "Enter what was agreed" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "other",
            "detail": "Speech and language therapy assessment by the health service.",
            "body": "North Integrated Care Board",
            **date_fields("made_on", D(2030, 9, 20)),
        },
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "kind": "amend",
            "detail": "Add weekly reading support to section F.",
            **date_fields("made_on", D(2030, 9, 20)),
        },
    )
    assert response.status_code == 302
    other = TribunalOrder.objects.get(code="mediation_agreement_other")
    amend = TribunalOrder.objects.get(code="tribunal_amend_plan")
    assert other.source == amend.source == "mediation"
    assert other.due_on == other.deadline.due_on == D(2030, 10, 4)  # reg 42(3)
    assert amend.due_on == amend.deadline.due_on == D(2030, 10, 25)  # reg 42(2), 44(2)(e)

    # The health body's part is done and recorded; the family get a letter saying so.
    at(time_machine, D(2030, 10, 2))
    client.force_login(caseworker)  # days later: a new session
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("disagreements:order_comply", args=[d.pk, other.pk]),
            {
                **date_fields("on", D(2030, 10, 2)),
                "action": "The therapist assessed Sam's speech and language on 2 October.",
            },
        )
    assert response.status_code == 302
    assert response.url == reverse("disagreements:detail", args=[d.pk])
    other.refresh_from_db()
    other.deadline.refresh_from_db()
    assert other.deadline.status == Deadline.Status.MET and not other.late
    letter = Letter.objects.get(kind="mediation_agreement_complied")
    text = pdf_text(letter)
    assert "What was agreed at mediation has been done" in text
    assert "Speech and language therapy assessment" in text
    assert "The therapist assessed" in text
    assert "2 October 2030" in text and "within the time the law gives" in text
    assert "regulation 42" in text

    # The other term still runs; the sweep records a breach the day after it passes.
    at(time_machine, D(2030, 10, 26))
    call_command("sweep_deadlines")
    amend.deadline.refresh_from_db()
    assert amend.deadline.status == Deadline.Status.BREACHED


# --- Reg 45 -----------------------------------------------------------------------------------


def test_reg_45_a_conceded_refusal_to_assess_is_met_by_the_decision_to_assess(
    client, child, caseworker, time_machine, django_capture_on_commit_callbacks
):
    at(time_machine, D(2030, 7, 1))
    d = services.disagreement_record(
        child=child, kind="not_to_assess", decision_on=D(2030, 7, 1), acting_user=caseworker
    )
    services.disagreement_contact_adviser(
        disagreement=d, on=D(2030, 7, 1), by="parent", acting_user=caseworker
    )
    services.disagreement_issue_certificate(
        disagreement=d, on=D(2030, 7, 1), acting_user=caseworker
    )
    at(time_machine, D(2030, 9, 2))
    services.disagreement_lodge_appeal(
        disagreement=d, on=D(2030, 8, 1), reference="EH1/30/2", acting_user=caseworker
    )
    services.disagreement_record_outcome(
        disagreement=d, on=D(2030, 9, 2), outcome="conceded", acting_user=caseworker
    )
    client.force_login(caseworker)
    url = reverse("disagreements:order_add", args=[d.pk])
    page = client.get(url).content.decode()
    assert "Record what the council conceded" in page
    assert "Reg 45(3)" in page and "Reg 44(2)(e)" not in page
    # A tribunal order is not what a conceded appeal leaves.
    response = client.post(url, {"kind": "amend", **date_fields("made_on", D(2030, 9, 2))})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        url, {"kind": "unopposed_assess", **date_fields("made_on", D(2030, 9, 2))}
    )
    assert response.status_code == 302
    orders = {o.code: o for o in d.orders.all()}
    assert orders["unopposed_assess_notify"].due_on == D(2030, 9, 16)
    assert orders["unopposed_assess_no_plan"].due_on == D(2030, 11, 11)
    assert orders["unopposed_assess_final_plan"].due_on == D(2030, 12, 9)
    assert all(o.source == "conceded" and o.deadline.is_live for o in orders.values())

    # The real step complies: a request decided "assess" meets the 2-week notice.
    at(time_machine, D(2030, 9, 10))
    with django_capture_on_commit_callbacks(execute=True):
        request = assessment_services.request_record(
            child=child,
            requester="parent",
            requester_name="Pat Parent",
            received_on=D(2030, 9, 3),
            reasons="The council conceded the appeal.",
            consent_to_share=True,
            share_with=["education"],
            acting_user=caseworker,
        )
        assessment_services.request_decide_to_assess(
            assessment_request=request, on=D(2030, 9, 10), acting_user=caseworker
        )
    notify = TribunalOrder.objects.get(code="unopposed_assess_notify")
    assert notify.complied_on == D(2030, 9, 10)
    assert notify.compliance == Compliance.STEP
    assert notify.deadline.status == Deadline.Status.MET
    assert "10 September 2030" in notify.action
    letter = Letter.objects.get(kind="tribunal_order_complied")
    text = pdf_text(letter)
    SHOTS.mkdir(exist_ok=True)  # for a person to look at
    with letter.document.file.open("rb") as pdf:
        (SHOTS / "tribunal_order_complied.pdf").write_bytes(pdf.read())
    assert "We have done what the Tribunal ordered" in text
    assert "we would not oppose your appeal" in text
    assert "we had to tell you that we will carry out the EHC needs assessment" in text
    assert "16 September 2030" in text  # the date the law gave
    assert "We told you on 10 September 2030 that we will carry out" in text
    # The other periods still run, listed with their dates.
    assert "11 November 2030" in text and "9 December 2030" in text
    assert TribunalOrder.objects.filter(complied_on__isnull=True).count() == 2


# --- Reg 44(2)(a), (g), (h) -------------------------------------------------------------------


@pytest.fixture
def cease_appeal(decided, caseworker, time_machine):
    d = services.disagreement_record(
        child=decided.child,
        kind="cease",
        decision_on=DECIDED_ON,
        decision=decided,
        acting_user=caseworker,
    )
    at(time_machine, D(2030, 11, 20))
    services.disagreement_lodge_appeal(disagreement=d, on=D(2030, 11, 20), acting_user=caseworker)
    services.disagreement_set_hearing(
        disagreement=d, hearing_on=D(2031, 2, 10), acting_user=caseworker
    )
    return d


def test_reg_44_2_a_a_dismissed_appeal_against_ceasing_ends_the_plan_at_once(
    cease_appeal, decided, caseworker, time_machine
):
    at(time_machine, D(2031, 2, 12))
    d = services.disagreement_record_outcome(
        disagreement=cease_appeal, on=D(2031, 2, 12), outcome="dismissed", acting_user=caseworker
    )
    [order] = services.disagreement_orders_add(
        disagreement=d, kind="cease", made_on=D(2031, 2, 12), acting_user=caseworker
    )
    assert order.due_on == D(2031, 2, 12)  # immediately
    # Already done by the ceasing the appeal held: the plan ended that day.
    order.refresh_from_db()
    assert order.complied_on == D(2031, 2, 12) and order.compliance == Compliance.STEP
    assert Plan.objects.get(pk=decided.plan_id).status == Plan.Status.CEASED
    # Nothing else follows a dismissed appeal.
    with pytest.raises(ValidationError, match="Select what the tribunal ordered"):
        services.disagreement_orders_add(
            disagreement=d, kind="amend", made_on=D(2031, 2, 12), acting_user=caseworker
        )
    d = services.disagreement_close(disagreement=d, on=D(2031, 2, 12), acting_user=caseworker)
    assert d.status == Disagreement.Status.CLOSED


def test_reg_44_2_g_h_continue_at_once_and_amend_within_5_weeks(
    client, cease_appeal, decided, caseworker, time_machine, django_capture_on_commit_callbacks
):
    at(time_machine, D(2031, 2, 10))
    d = services.disagreement_record_outcome(
        disagreement=cease_appeal, on=D(2031, 2, 10), outcome="allowed", acting_user=caseworker
    )
    client.force_login(caseworker)
    response = client.post(
        reverse("disagreements:order_add", args=[d.pk]),
        {
            "kind": "continue_and_amend",
            "detail": "Section F to include 10 hours of teaching assistant support.",
            **date_fields("made_on", D(2031, 2, 10)),
        },
    )
    assert response.status_code == 302
    keep = TribunalOrder.objects.get(code="tribunal_continue")
    amend = TribunalOrder.objects.get(code="tribunal_continue_and_amend")
    assert keep.due_on == D(2031, 2, 10) and keep.compliance == Compliance.STEP  # at once
    assert amend.due_on == amend.deadline.due_on == D(2031, 3, 17)

    # Recorded late: the deadline is met late and the letter says so.
    at(time_machine, D(2031, 3, 20))
    with django_capture_on_commit_callbacks(execute=True):
        services.disagreement_order_comply(
            order=amend,
            on=D(2031, 3, 20),
            action="We issued the amended plan with 10 hours of teaching assistant support.",
            acting_user=caseworker,
        )
    amend.refresh_from_db()
    assert amend.late and amend.deadline.met_late
    text = pdf_text(Letter.objects.get(kind="tribunal_order_complied", subject_id=str(amend.pk)))
    assert "ordered us to keep the EHC plan and send it to you amended" in text
    assert "17 March 2031" in text and "20 March 2031" in text
    assert "after the date the law gives" in text
    client.force_login(caseworker)  # weeks later: a new session
    page = client.get(reverse("disagreements:detail", args=[d.pk])).content.decode()
    assert "Late" in page and "teaching assistant support" in page


# --- Recommendations ---------------------------------------------------------------------------


def test_a_health_recommendation_is_answered_within_5_weeks(
    client, cease_appeal, caseworker, time_machine, django_capture_on_commit_callbacks
):
    at(time_machine, D(2031, 3, 3))
    d = services.disagreement_record_outcome(
        disagreement=cease_appeal, on=D(2031, 3, 3), outcome="allowed", acting_user=caseworker
    )
    client.force_login(caseworker)
    url = reverse("disagreements:recommendation_add", args=[d.pk])
    response = client.post(url, date_fields("made_on", D(2031, 3, 3)))
    page = response.content.decode()
    assert "Enter who must answer the recommendation" in page
    assert "Enter what the tribunal recommended" in page
    response = client.post(
        url,
        {
            "body": "North Integrated Care Board",
            "detail": "Occupational therapy for handwriting, weekly for a term.",
            **date_fields("made_on", D(2031, 3, 3)),
        },
    )
    assert response.status_code == 302
    order = TribunalOrder.objects.get(code="recommendation_response")
    assert order.due_on == order.deadline.due_on == D(2031, 4, 7)
    at(time_machine, D(2031, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.disagreement_order_comply(
            order=order,
            on=D(2031, 4, 1),
            action="The board will fund weekly occupational therapy from 1 May 2031.",
            acting_user=caseworker,
        )
    text = pdf_text(Letter.objects.get(kind="recommendation_answered"))
    assert "North Integrated Care Board" in text
    assert "weekly occupational therapy" in text and "7 April 2031" in text


def test_reg_42_4_and_5_a_health_agreement_the_notice_week_and_an_agreed_date(
    client, not_to_issue, child, caseworker, time_machine, django_capture_on_commit_callbacks
):
    """Mediation on Friday 20 September 2030 between the family and the integrated care
    board, the council not a party, agrees occupational therapy. Reg 42(4) ("Where the
    local authority was not a party to the mediation"): the board tells the council
    within 1 week, by
    Friday 27 September 2030 (its date, not the council's); Reg 42(3): done within 2
    weeks, by Friday 4 October 2030, unless the agreement gives a date in writing (Reg
    42(5)): here Friday 18 October 2030, which replaces the 2 weeks but not the week's
    notice. Both dates are the board's ("the local authority or responsible commissioning
    body must do that thing", Reg 42(3)): chased, never the council's breach."""
    from sen_portal import timescales
    from sen_portal.casework.sweep import sweep_deadlines

    at(time_machine, D(2030, 9, 20))
    d = services.disagreement_contact_adviser(
        disagreement=not_to_issue, on=D(2030, 8, 22), by="parent", acting_user=caseworker
    )
    services.disagreement_request_mediation(
        disagreement=d, on=D(2030, 8, 23), acting_user=caseworker
    )
    services.disagreement_hold_mediation(
        disagreement=d, on=D(2030, 9, 20), outcome="agreed", acting_user=caseworker
    )
    client.force_login(caseworker)
    url = reverse("disagreements:agreement_add", args=[d.pk])
    page = client.get(url).content.decode()
    assert "Reg 42(4)" in page and "Reg 42(5)" in page
    assert "a mediation the council was not a party to" in page
    fields = {
        "kind": "health",
        "detail": "Occupational therapy assessment by the integrated care board.",
        "body": "North Integrated Care Board",
        **date_fields("made_on", D(2030, 9, 20)),
    }
    early = client.post(url, {**fields, **date_fields("agreed_by", D(2030, 9, 19))})
    assert "The agreed date must be the same as or after the agreement" in early.content.decode()
    response = client.post(url, {**fields, **date_fields("agreed_by", D(2030, 10, 18))})
    assert response.status_code == 302
    notice = TribunalOrder.objects.get(code="mediation_agreement_health")
    act = TribunalOrder.objects.get(code="mediation_agreement_health_act")
    assert notice.due_on == notice.deadline.due_on == D(2030, 9, 27)  # reg 42(4)
    assert act.due_on == act.deadline.due_on == D(2030, 10, 18)  # reg 42(5)
    assert timescales.whose_date("mediation_agreement_health") is timescales.Party.OTHER_BODY
    assert timescales.whose_date(act.code) is timescales.Party.OTHER_BODY
    assert not TribunalOrder.objects.filter(code="mediation_agreement_other").exists()

    # The board's week passes: chased, not the council's breach.
    at(time_machine, D(2030, 9, 30))
    assert sweep_deadlines().breaches == 0
    notice.deadline.refresh_from_db()
    assert notice.deadline.status == Deadline.Status.OPEN

    # So does its agreed date: still the board's to do, not the council's breach.
    at(time_machine, D(2030, 10, 21))
    assert sweep_deadlines().breaches == 0
    act.deadline.refresh_from_db()
    assert act.deadline.status == Deadline.Status.OPEN

    # Done late by the board; the family's letter names the board, not "us".
    with django_capture_on_commit_callbacks(execute=True):
        services.disagreement_order_comply(
            order=act,
            on=D(2030, 10, 21),
            action="The occupational therapist assessed Sam at school on 21 October.",
            acting_user=caseworker,
        )
    text = " ".join(pdf_text(Letter.objects.get(kind="mediation_agreement_complied")).split())
    assert "you reached an agreement with North Integrated Care Board" in text
    assert "We were not part of that mediation" in text
    assert (
        "It was agreed in writing that North Integrated Care Board would do this by"
        " 18 October 2030, instead of the 2 weeks the law gives" in text
    )
    assert "after the date agreed." in text and "sorry" not in text
    assert "Parliamentary and Health Service Ombudsman" in text
    at(time_machine, D(2030, 9, 30))

    # Without a date agreed in writing the 2 weeks apply: by Friday 4 October 2030.
    services.disagreement_agreement_add(
        disagreement=d, kind="health", made_on=D(2030, 9, 20), acting_user=caseworker,
        detail="Physiotherapy review.", body="North Integrated Care Board",
    )  # fmt: skip
    latest = TribunalOrder.objects.filter(code="mediation_agreement_health_act")
    assert latest.order_by("-created_at").first().due_on == D(2030, 10, 4)

    # Agreed at a mediation the council took part in, the board's therapy is "other"
    # (Reg 42(3), the board named): no week's notice, the council was there.
    notices = TribunalOrder.objects.filter(code="mediation_agreement_health").count()
    services.disagreement_agreement_add(
        disagreement=d, kind="other", made_on=D(2030, 9, 20), acting_user=caseworker,
        detail="Speech and language therapy review.", body="North Integrated Care Board",
    )  # fmt: skip
    assert TribunalOrder.objects.filter(code="mediation_agreement_health").count() == notices
    latest = TribunalOrder.objects.filter(code="mediation_agreement_other").order_by("-created_at")
    assert latest.first().due_on == D(2030, 10, 4)
