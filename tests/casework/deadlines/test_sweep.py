"""The deadline sweep, day by day under time-machine, on the worked example (final plan
due Monday 26 May 2025, a bank holiday; see conftest)."""

import datetime

import pytest
from django.core.management import call_command

from sen_portal.accounts.roles import Role
from sen_portal.casework.models import ChronologyEvent, Deadline, Notification
from sen_portal.casework.services import deadline_meet, deadline_record_exception
from sen_portal.casework.sweep import reminder_lead_for, sweep_deadlines
from tests.casework.deadlines.conftest import (
    DUE,
    RECEIVED,
    TEN_DAY_REMINDER,
    THREE_DAY_REMINDER,
    on_day,
    open_on,
)
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def sweep_on(day):
    with on_day(day):
        return sweep_deadlines()


def sent(**filters):
    """(kind, recipient name, dedupe key) of every notification, oldest first."""
    return [
        (n.kind, n.recipient.full_name, n.dedupe_key)
        for n in Notification.objects.filter(**filters).select_related("recipient").order_by("id")
    ]


def test_the_lead_days_are_counted_in_working_days_back_from_the_due_date():
    # 26 May 2025 is a bank holiday, so 10 working days before it is Monday 12 May.
    assert reminder_lead_for(due_on=DUE, today=D(2025, 5, 9)) is None
    assert reminder_lead_for(due_on=DUE, today=TEN_DAY_REMINDER) == 10
    assert reminder_lead_for(due_on=DUE, today=D(2025, 5, 20)) == 10
    assert reminder_lead_for(due_on=DUE, today=THREE_DAY_REMINDER) == 3
    assert reminder_lead_for(due_on=DUE, today=DUE) is None


def test_a_deadline_gets_two_reminders_an_escalation_and_then_a_breach(
    final_plan, child, caseworker, manager
):
    cw = f"{final_plan.pk}:{caseworker.pk}"
    assert sweep_on(D(2025, 5, 9)).notifications == 0

    result = sweep_on(TEN_DAY_REMINDER)
    assert result.reminders == 1
    assert sent() == [("reminder", "Casey Worker", f"reminder:{final_plan.pk}:10:{caseworker.pk}")]

    assert sweep_on(D(2025, 5, 13)).notifications == 0
    assert sweep_on(D(2025, 5, 20)).notifications == 0

    assert sweep_on(THREE_DAY_REMINDER).reminders == 1
    assert sent()[-1] == ("reminder", "Casey Worker", f"reminder:{final_plan.pk}:3:{caseworker.pk}")

    # The due day: the team manager hears that it is still open; the caseworker does not
    # get a third email.
    assert sweep_on(DUE).escalations == 1
    assert sent()[-1] == (
        "escalation",
        "Morgan Manager",
        f"escalation:{final_plan.pk}:{manager.pk}",
    )
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.OPEN

    # The day after: missed.
    result = sweep_on(D(2025, 5, 27))
    assert (result.breaches, result.breach_notifications) == (1, 2)
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.BREACHED
    assert final_plan.breached_at is not None
    assert sorted(sent(kind="breach")) == [
        ("breach", "Casey Worker", f"breach:{cw}"),
        ("breach", "Morgan Manager", f"breach:{final_plan.pk}:{manager.pk}"),
    ]
    [event] = ChronologyEvent.objects.filter(child=child, kind="deadline_breached")
    assert event.actor is None
    assert event.subject == final_plan
    assert (event.from_state, event.to_state) == ("open", "breached")
    assert event.summary == "Statutory deadline missed: Issue the final plan"
    assert event.note.startswith("It was due on 26 May 2025.")

    assert sweep_on(D(2025, 5, 28)).notifications == 0
    assert Notification.objects.count() == 5


def test_running_the_sweep_twice_writes_nothing_twice(final_plan, child):
    overdue = open_on(RECEIVED, child=child, code="decide_whether_to_assess", start=RECEIVED)
    first = sweep_on(THREE_DAY_REMINDER)
    rows = sorted(Notification.objects.values_list("dedupe_key", "recipient_id", "kind"))
    events = ChronologyEvent.objects.filter(kind="deadline_breached").count()
    second = sweep_on(THREE_DAY_REMINDER)
    assert first.reminders == 1 and first.breaches == 1
    assert second.notifications == 0 and second.breaches == 0
    assert sorted(Notification.objects.values_list("dedupe_key", "recipient_id", "kind")) == rows
    assert ChronologyEvent.objects.filter(kind="deadline_breached").count() == events == 1
    overdue.refresh_from_db()
    assert overdue.status == Deadline.Status.BREACHED


def test_a_sweep_after_an_outage_sends_only_the_most_urgent_reminder_once(final_plan, caseworker):
    # Nothing ran from 9 May until Thursday 22 May: both lead days have passed.
    result = sweep_on(D(2025, 5, 22))
    assert result.reminders == 1
    assert sent() == [("reminder", "Casey Worker", f"reminder:{final_plan.pk}:3:{caseworker.pk}")]
    assert sweep_on(D(2025, 5, 23)).notifications == 0


def test_an_outage_over_the_whole_due_day_still_records_the_breach(final_plan, caseworker, manager):
    sweep_on(TEN_DAY_REMINDER)
    result = sweep_on(D(2025, 5, 28))
    assert result.breaches == 1 and result.escalations == 0
    assert {kind for kind, _name, _key in sent()} == {"reminder", "breach"}


def test_a_recorded_exception_stops_reminders_escalation_and_breach(final_plan, caseworker):
    sweep_on(TEN_DAY_REMINDER)
    with on_day(D(2025, 5, 20)):
        deadline_record_exception(
            deadline=final_plan,
            reason="exceptional_personal_circumstances",
            starts_on=D(2025, 5, 1),
            note="Parent in hospital; discharge letter on file.",
            acting_user=caseworker,
        )
    for day in (THREE_DAY_REMINDER, DUE, D(2025, 5, 27), D(2025, 6, 30)):
        assert sweep_on(day).notifications == 0
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.EXCEPTED
    assert final_plan.breached_at is None
    assert Notification.objects.filter(kind__in=["escalation", "breach"]).count() == 0


def test_a_missed_deadline_met_later_is_met_late_and_the_breach_stays_on_record(
    final_plan, caseworker
):
    sweep_on(D(2025, 5, 27))
    with on_day(D(2025, 5, 29)):
        met = deadline_meet(deadline=final_plan, on=D(2025, 5, 29), acting_user=caseworker)
    assert met.status == Deadline.Status.MET
    assert met.met_late and met.days_late == 3
    assert met.breached_at is not None
    before = Notification.objects.count()
    assert sweep_on(D(2025, 5, 30)).notifications == 0
    assert Notification.objects.count() == before


def test_a_deadline_met_before_its_lead_day_is_never_chased(final_plan, caseworker):
    with on_day(D(2025, 5, 2)):
        deadline_meet(deadline=final_plan, on=D(2025, 5, 2), acting_user=caseworker)
    for day in (TEN_DAY_REMINDER, THREE_DAY_REMINDER, DUE, D(2025, 5, 27)):
        assert sweep_on(day).notifications == 0


def test_reminders_on_an_unassigned_case_go_to_the_team_managers(team, manager):
    unassigned = ChildFactory(team=team, caseworker=None)
    deadline = open_on(RECEIVED, child=unassigned, code="final_plan", start=RECEIVED)
    sweep_on(TEN_DAY_REMINDER)
    assert sent() == [("reminder", "Morgan Manager", f"reminder:{deadline.pk}:10:{manager.pk}")]


def test_reminders_skip_a_caseworker_who_has_left(final_plan, caseworker, manager):
    caseworker.is_active = False
    caseworker.save()
    sweep_on(TEN_DAY_REMINDER)
    assert [name for _kind, name, _key in sent()] == ["Morgan Manager"]


def test_escalation_goes_to_the_caseworker_when_the_team_has_no_manager(final_plan, caseworker):
    sweep_on(DUE)
    assert sent() == [("escalation", "Casey Worker", f"escalation:{final_plan.pk}:{caseworker.pk}")]


def test_nobody_outside_the_team_hears_about_it(final_plan, caseworker, manager, other_team):
    UserFactory(role=Role.MANAGER, team=other_team, full_name="Other Manager")
    for day in (TEN_DAY_REMINDER, THREE_DAY_REMINDER, DUE, D(2025, 5, 27)):
        sweep_on(day)
    assert {name for _kind, name, _key in sent()} == {"Casey Worker", "Morgan Manager"}


def test_lead_times_come_from_settings(final_plan, settings):
    settings.DEADLINE_REMINDER_WORKING_DAYS = [5]
    # 5 working days before 26 May 2025 (a bank holiday): 23, 22, 21, 20, 19 May.
    assert sweep_on(D(2025, 5, 16)).reminders == 0
    assert sweep_on(D(2025, 5, 19)).reminders == 1
    assert sent()[0][2].startswith(f"reminder:{final_plan.pk}:5:")


def test_notifications_carry_no_personal_data(final_plan, child):
    for day in (TEN_DAY_REMINDER, DUE, D(2025, 5, 27)):
        sweep_on(day)
    texts = list(Notification.objects.values_list("subject", "body"))
    assert len(texts) == 3
    for subject, body in texts:
        for personal in (child.first_name, child.last_name, child.la_reference, str(child.pk)):
            assert personal not in subject and personal not in body
    reminder = Notification.objects.get(kind="reminder")
    assert reminder.subject == "Reminder: a statutory deadline is due within 10 working days"
    assert reminder.body.startswith(
        "Issue the final plan is due on 26 May 2025, within 10 working days"
    )
    assert reminder.link_path == f"/cases/{child.pk}/"
    breach = Notification.objects.filter(kind="breach").first()
    assert breach.body.startswith("Issue the final plan was due on 26 May 2025,")


def test_breaches_are_claimed_in_batches(child, caseworker, settings):
    settings.DEADLINE_SWEEP_BATCH_SIZE = 2
    for code in ("decide_whether_to_assess", "reassessment_decision", "decide_not_to_issue"):
        open_on(RECEIVED, child=child, code=code, start=RECEIVED)
    result = sweep_on(D(2025, 5, 1))
    assert result.breaches == 3
    assert ChronologyEvent.objects.filter(kind="deadline_breached").count() == 3
    assert not Deadline.objects.filter(status=Deadline.Status.OPEN).exists()


def test_the_command_runs_the_same_sweep_without_celery(final_plan, capsys):
    call_command("sweep_deadlines", "--today", "2025-05-27")
    out = capsys.readouterr().out
    assert "Deadlines missed: 1" in out
    final_plan.refresh_from_db()
    assert final_plan.status == Deadline.Status.BREACHED
