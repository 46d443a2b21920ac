"""The family's 15 days on a draft plan (SEND Regs 2014 reg 13(1)) and on proposed
amendments (reg 22(2)(c)), on a worked calendar.

Reg 13(1)(a): "at least 15 days, beginning with the day on which the draft plan was
served", to make representations and to require a meeting. Served by first class post on
the second working day after posting (Interpretation Act 1978 s7; timescales.service_date).

* Posted Thursday 3 December 2026: served Monday 7 December; day 1 is 7 December, day 15
  (the last) Monday 21 December 2026.
* Posted Thursday 10 January 2030: served Monday 14 January; the last day is Monday
  28 January 2030; the final plan may be issued from Tuesday 29 January, or sooner once
  the family say they have nothing more to say.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import services
from plans.models import Plan
from sen_portal import timescales
from sen_portal.casework.letters import services as letter_services
from sen_portal.casework.models import ChronologyEvent, Deadline, Letter
from tests.plans.conftest import at, date_fields, fill_draft_sections
from tests.plans.test_amendments import amend_section_f, start

pytestmark = pytest.mark.django_db

D = datetime.date
POSTED = D(2030, 1, 10)  # a Thursday
SERVED = D(2030, 1, 14)  # the Monday: the second working day after posting
LAST_DAY = D(2030, 1, 28)  # day 15, beginning with 14 January


def test_the_worked_example_of_the_brief():
    served = timescales.service_date("post", D(2026, 12, 3))
    assert served == D(2026, 12, 7)
    assert timescales.due_date("draft_representations", served) == D(2026, 12, 21)
    assert timescales.due_date("amendment_representations", served) == D(2026, 12, 21)
    # By email, the portal or by hand: served the day it is sent.
    assert timescales.service_date("email", D(2026, 12, 3)) == D(2026, 12, 3)


def window_deadline(plan, code="draft_representations") -> Deadline:
    return Deadline.objects.filter(child=plan.child, code=code).order_by("-id").first()


@pytest.fixture
def posted_draft(plan, caseworker, institutions, time_machine):
    """The draft posted first class on Thursday 10 January 2030, then consulted on,
    answered and named: everything the final plan needs but the family's window."""
    at(time_machine, POSTED)
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(plan=plan, on=POSTED, sent_by="post", acting_user=caseworker)
    consultation = services.plan_consult_institution(
        plan=plan, institution=institutions["primary"], on=POSTED, acting_user=caseworker
    )
    services.plan_record_consultation_response(
        consultation=consultation, response="can_meet", received_on=POSTED, acting_user=caseworker
    )
    services.plan_section_update(
        plan=plan,
        code="I",
        data={"placement": institutions["primary"], "placement_note": "Year 5"},
        completed=True,
        acting_user=caseworker,
    )
    plan.refresh_from_db()
    return plan


def test_a_posted_draft_is_served_two_working_days_later_and_the_window_runs_from_then(
    posted_draft,
):
    assert (posted_draft.sent_by, posted_draft.served_on) == ("post", SERVED)
    assert posted_draft.representations_due_on == LAST_DAY
    deadline = window_deadline(posted_draft)
    assert (deadline.started_on, deadline.due_on, deadline.status) == (SERVED, LAST_DAY, "open")


def test_a_comment_on_day_3_does_not_end_the_window(posted_draft, caseworker, time_machine):
    day_3 = D(2030, 1, 16)
    at(time_machine, day_3)
    services.plan_record_representations(
        plan=posted_draft,
        received_on=day_3,
        representations="We would like more speech therapy.",
        acting_user=caseworker,
    )
    assert window_deadline(posted_draft).status == "open"
    with pytest.raises(ValidationError, match="until 28 January 2030"):
        services.plan_issue_final(plan=posted_draft, on=day_3, acting_user=caseworker)
    # The last day is still theirs.
    at(time_machine, LAST_DAY)
    with pytest.raises((ValidationError, services.ActionRefused)):
        services.plan_issue_final(plan=posted_draft, on=LAST_DAY, acting_user=caseworker)
    at(time_machine, LAST_DAY + datetime.timedelta(days=1))
    issued = services.plan_issue_final(
        plan=posted_draft, on=LAST_DAY + datetime.timedelta(days=1), acting_user=caseworker
    )
    assert issued.version.kind == "final"
    assert window_deadline(posted_draft).status == "cancelled"


def test_the_family_saying_they_have_nothing_more_lets_the_plan_be_final_sooner(
    posted_draft, caseworker, time_machine
):
    day = D(2030, 1, 17)
    at(time_machine, day)
    services.plan_record_nothing_more(
        plan=posted_draft,
        confirmed_on=day,
        how="Email from the parent: they agree with the draft and have nothing to add.",
        acting_user=caseworker,
    )
    deadline = window_deadline(posted_draft)
    assert (deadline.status, deadline.met_on) == ("met", day)
    event = ChronologyEvent.objects.get(kind="plan_family_nothing_more")
    assert event.visible_to_family and "nothing to add" in event.note
    services.plan_issue_final(plan=posted_draft, on=day, acting_user=caseworker)
    posted_draft.refresh_from_db()
    assert posted_draft.status == Plan.Status.FINAL_ISSUED


def test_a_meeting_asked_for_is_held_before_the_final_plan(posted_draft, caseworker, time_machine):
    at(time_machine, D(2030, 1, 15))
    services.plan_record_meeting_requested(
        plan=posted_draft, requested_on=D(2030, 1, 15), acting_user=caseworker
    )
    at(time_machine, D(2030, 2, 4))  # the 15 days are over
    with pytest.raises(services.ActionRefused, match="Hold the meeting the family asked for"):
        services.plan_issue_final(plan=posted_draft, on=D(2030, 2, 4), acting_user=caseworker)
    with pytest.raises(ValidationError, match="on or after the day they asked for it"):
        services.plan_record_meeting_held(
            plan=posted_draft, held_on=D(2030, 1, 14), acting_user=caseworker
        )
    services.plan_record_meeting_held(
        plan=posted_draft, held_on=D(2030, 2, 1), acting_user=caseworker
    )
    services.plan_issue_final(plan=posted_draft, on=D(2030, 2, 4), acting_user=caseworker)
    kinds = set(ChronologyEvent.objects.values_list("kind", flat=True))
    assert {"plan_meeting_requested", "plan_meeting_held"} <= kinds


def test_recording_a_later_posting_moves_the_window(plan, caseworker, time_machine):
    """Issued in the portal on Thursday 10 January (served that day, to 24 January);
    the caseworker then records that it went by post that day: served Monday 14, to 28."""
    at(time_machine, POSTED)
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(plan=plan, on=POSTED, acting_user=caseworker)
    plan.refresh_from_db()
    assert (plan.served_on, plan.representations_due_on) == (POSTED, D(2030, 1, 24))
    services.plan_record_service(plan=plan, sent_by="post", sent_on=POSTED, acting_user=caseworker)
    plan.refresh_from_db()
    assert (plan.served_on, plan.representations_due_on) == (SERVED, LAST_DAY)
    rows = list(
        Deadline.objects.filter(code="draft_representations").values_list("status", "due_on")
    )
    assert sorted(rows) == [("cancelled", D(2030, 1, 24)), ("open", LAST_DAY)]


def test_posting_the_draft_letter_records_the_service_and_the_letter_counts_the_same(
    plan, caseworker, time_machine
):
    """The family have no portal account, so the draft notice is posted from the
    letters page: the posting day recorded there gives the plan's service day, and the
    letter's date to act by is the plan's own last day."""
    at(time_machine, D(2030, 1, 9))
    fill_draft_sections(plan, caseworker)
    services.plan_issue_draft(plan=plan, on=D(2030, 1, 9), acting_user=caseworker)
    letter = Letter.objects.get(kind="plan_draft")
    assert letter.delivery == "post"
    letter_services.letter_render(letter_id=letter.pk)
    at(time_machine, POSTED)
    letter_services.letters_mark_posted(letter_ids=[letter.pk], on=POSTED, acting_user=caseworker)
    plan.refresh_from_db()
    letter.refresh_from_db()
    assert (plan.sent_by, plan.served_on, plan.representations_due_on) == (
        "post",
        SERVED,
        LAST_DAY,
    )
    assert (letter.service_on, letter.act_by) == (SERVED, LAST_DAY)
    assert window_deadline(plan).due_on == LAST_DAY


# --- Proposed amendments (Reg 22(2)(c)) ----------------------------------------------------


def test_proposals_posted_are_served_later_and_a_comment_does_not_end_the_window(
    plan_in_force, caseworker, time_machine
):
    """Proposals posted Thursday 7 March 2030: served Monday 11 March, the last of the 15
    days Monday 25 March; the 8 weeks for the amended plan run from sending (Reg 22(3))."""
    at(time_machine, D(2030, 2, 25))
    start(plan_in_force, caseworker)
    amend_section_f(plan_in_force, caseworker)
    at(time_machine, D(2030, 3, 7))
    services.plan_issue_amendment_proposals(
        plan=plan_in_force,
        on=D(2030, 3, 7),
        summary="Add weekly speech and language therapy to section F.",
        sent_by="post",
        acting_user=caseworker,
    )
    amendment = services.open_amendment(plan_in_force)
    assert (amendment.served_on, amendment.representations_due_on) == (
        D(2030, 3, 11),
        D(2030, 3, 25),
    )
    assert amendment.amended_plan_due_on == D(2030, 5, 2)
    deadline = window_deadline(plan_in_force, "amendment_representations")
    assert (deadline.started_on, deadline.due_on) == (D(2030, 3, 11), D(2030, 3, 25))
    at(time_machine, D(2030, 3, 13))
    services.plan_record_amendment_representations(
        plan=plan_in_force,
        received_on=D(2030, 3, 13),
        representations="We agree, and would like to talk about it.",
        acting_user=caseworker,
    )
    services.plan_record_meeting_requested(
        plan=plan_in_force, requested_on=D(2030, 3, 13), acting_user=caseworker
    )
    assert window_deadline(plan_in_force, "amendment_representations").status == "open"
    with pytest.raises(ValidationError, match="until 25 March 2030"):
        services.plan_issue_amended_final(
            plan=plan_in_force, on=D(2030, 3, 13), acting_user=caseworker
        )
    at(time_machine, D(2030, 3, 26))
    with pytest.raises(services.ActionRefused, match="hold the meeting"):
        services.plan_issue_amended_final(
            plan=plan_in_force, on=D(2030, 3, 26), acting_user=caseworker
        )
    services.plan_record_meeting_held(
        plan=plan_in_force, held_on=D(2030, 3, 20), acting_user=caseworker
    )
    issued = services.plan_issue_amended_final(
        plan=plan_in_force, on=D(2030, 3, 26), acting_user=caseworker
    )
    assert issued.version.kind == "amended"


# --- The pages -----------------------------------------------------------------------------


def test_the_caseworker_records_service_and_the_familys_word_on_the_draft_page(
    client, posted_draft, caseworker, time_machine
):
    client.force_login(caseworker)
    page = client.get(reverse("plans:plan_detail", args=[posted_draft.pk]))
    html = page.content.decode()
    assert "Served 14 January 2030" in html and "Until 28 January 2030" in html
    assert "Wait for the end of the family&#x27;s 15 days on the draft" in html

    url = reverse("plans:window_served", args=[posted_draft.pk])
    form = client.get(url).context["form"]
    version = form["version_field"].initial
    # Nothing chosen: the GOV.UK error summary names the field.
    bad = client.post(url, {"version_field": version, **date_fields("sent_on", POSTED)})
    assert bad.status_code == 200 and "Select how it was sent" in bad.content.decode()
    # A stale version (the form as it was before someone else changed the plan) is refused.
    stale = client.post(
        url,
        {
            "version_field": "2030-01-01T00:00:00+00:00",
            "sent_by": "hand",
            **date_fields("sent_on", POSTED),
        },
    )
    assert "Someone else changed this" in stale.content.decode()
    done = client.post(
        url, {"version_field": version, "sent_by": "hand", **date_fields("sent_on", POSTED)}
    )
    assert done.status_code == 302
    posted_draft.refresh_from_db()
    assert (posted_draft.served_on, posted_draft.representations_due_on) == (
        POSTED,
        D(2030, 1, 24),
    )

    url = reverse("plans:window_nothing_more", args=[posted_draft.pk])
    version = client.get(url).context["form"]["version_field"].initial
    missing = client.post(url, {"version_field": version, **date_fields("confirmed_on", POSTED)})
    assert "Enter how they told you" in missing.content.decode()
    done = client.post(
        url,
        {
            "version_field": version,
            "how": "Phone call with the parent.",
            **date_fields("confirmed_on", POSTED),
        },
    )
    assert done.status_code == 302
    page = client.get(reverse("plans:plan_detail", args=[posted_draft.pk])).content.decode()
    assert "They told us on 10 January 2030: Phone call with the parent." in page

    url = reverse("plans:window_meeting_requested", args=[posted_draft.pk])
    version = client.get(url).context["form"]["version_field"].initial
    client.post(url, {"version_field": version, **date_fields("on", POSTED)})
    page = client.get(reverse("plans:plan_detail", args=[posted_draft.pk])).content.decode()
    assert "Hold the meeting the family asked for about the draft" in page
    assert reverse("plans:window_meeting_held", args=[posted_draft.pk]) in page
