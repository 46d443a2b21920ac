"""The deadline sweep: reads open deadlines by (status, due_on) and writes the outbox.

Run every 15 minutes by Celery beat (casework.tasks.sweep_deadlines) or by hand
(`manage.py sweep_deadlines`). For each open deadline it writes, at most once each:

* a **reminder** to the assigned caseworker at each lead time (settings
  DEADLINE_REMINDER_WORKING_DAYS, default 10 and 3 working days before the due date). A
  sweep that runs late (an outage of the worker or Redis) still sends a reminder whose
  lead day has passed, as long as the deadline is not yet due; when several lead days have
  passed it sends only the most urgent one (the 3-day reminder, not the 10-day one as
  well), because two emails for one deadline on one morning is noise. A case with no
  active caseworker sends its reminders to the team's managers instead.
* an **escalation** to the team's managers on the due day while the deadline is still
  open (to the caseworker if the team has no active manager). A sweep that misses the
  whole due day sends no escalation: the breach the next day tells the managers anyway.
* a **breach** the day after the due day: the deadline becomes "breached" (breached_at
  stamped, a chronology event written) and the caseworker and managers are told.

Deadlines with an exception recorded (status excepted) are left alone: their time limit
does not apply, so there is nothing to chase or breach.

Whose date it is (``timescales.whose_date``) decides the rest: escalations and breaches
are for the council's own deadlines only. The family's dates (their 15 days on a draft,
Reg 13(1); contacting a mediation adviser, Reg 33) are shown to the family and never
escalated or "missed": the 15 days simply end. Another body's dates (advice, Reg 8(1);
a school's reply, CoP 9.79) are reminded to the caseworker, who chases them, but are not
the council's breach.

Why it is SQL, not a loop over rows: the sweep must stay fast and flat in memory with a
million deadlines. Notifications are written with INSERT ... SELECT ... ON CONFLICT
(dedupe_key) DO NOTHING, so the database does the joining, and its unique key on
dedupe_key, not luck, is what stops a second sweep (run twice, or by two workers at
once) writing anything twice; rows are inserted in a fixed order so two concurrent sweeps
cannot deadlock on that key. Breaches are claimed in bounded batches with SELECT ... FOR
UPDATE SKIP LOCKED, so two sweeps breach disjoint rows and each breach gets exactly one
chronology event. The SQL runs on PostgreSQL (production, tests) and on SQLite (`make
run`); the few expressions that differ are in `_sql_long_date` and `_sql_uuid_text`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from sen_portal import timescales
from sen_portal.accounts.models import User
from sen_portal.accounts.roles import Role
from sen_portal.casework.models import Child, ChronologyEvent, Deadline, Notification
from sen_portal.dates import long_date

OPEN = Deadline.Status.OPEN
BREACHED = Deadline.Status.BREACHED
Kind = Notification.Kind

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class SweepResult:
    reminders: int = 0
    escalations: int = 0
    breaches: int = 0
    breach_notifications: int = 0

    @property
    def notifications(self) -> int:
        return self.reminders + self.escalations + self.breach_notifications

    def __add__(self, other: SweepResult) -> SweepResult:
        return SweepResult(
            self.reminders + other.reminders,
            self.escalations + other.escalations,
            self.breaches + other.breaches,
            self.breach_notifications + other.breach_notifications,
        )


def reminder_leads() -> list[int]:
    leads = sorted({int(n) for n in settings.DEADLINE_REMINDER_WORKING_DAYS})
    if any(n <= 0 for n in leads):
        raise ValueError("DEADLINE_REMINDER_WORKING_DAYS must be positive numbers of days")
    return leads


def reminder_lead_for(*, due_on: datetime.date, today: datetime.date) -> int | None:
    """The reminder a deadline due on ``due_on`` should have had by ``today``: the
    smallest lead whose day has come (its lead day is on or before today), or None.

    The lead day for N is the N-th working day before the due date; it has come exactly
    when the due date is no later than N working days after today (timescales'
    add_working_days is monotonic), which lets the sweep ask the index for a date range.
    """
    if due_on <= today:
        return None
    for lead in reminder_leads():
        if due_on <= timescales.add_working_days(today, lead):
            return lead
    return None


# --- SQL helpers ---------------------------------------------------------------------
# The statements below are assembled from table names (quoted), fixed fragments and
# vendor expressions written here; every value, including every text, is a parameter.


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _sql_long_date(column: str) -> str:
    """A date column as GOV.UK writes dates: 26 May 2025."""
    if connection.vendor == "postgresql":
        # Without the TM prefix, to_char's month names are English whatever the locale.
        return f"to_char({column}, 'FMDD FMMonth YYYY')"
    if connection.vendor == "sqlite":
        months = " ".join(
            f"WHEN '{number:02d}' THEN '{name}'" for number, name in enumerate(_MONTHS, 1)
        )
        return (
            # %% because the statement goes through the DB-API with parameters.
            f"(CAST(CAST(strftime('%%d', {column}) AS INTEGER) AS TEXT) || ' ' || "
            f"CASE strftime('%%m', {column}) {months} END || ' ' || strftime('%%Y', {column}))"
        )
    raise NotImplementedError(f"the sweep does not support {connection.vendor}")


def _sql_uuid_text(column: str) -> str:
    """A UUID column in its usual dashed text form (SQLite stores 32 hex digits)."""
    if connection.vendor == "sqlite":
        parts = [(1, 8), (9, 4), (13, 4), (17, 4), (21, 12)]
        return "lower(" + " || '-' || ".join(f"substr({column}, {a}, {b})" for a, b in parts) + ")"
    return f"CAST({column} AS TEXT)"


def _sql_title(column: str) -> tuple[str, list[str]]:
    """CASE mapping a timescale code to its title (titles live in timescales.py only)."""
    whens, params = [], []
    for code, timescale in timescales.TIMESCALES.items():
        whens.append("WHEN %s THEN %s")
        params += [code, timescale.title]
    return f"CASE {column} {' '.join(whens)} ELSE {column} END", params


def _case_path_sql() -> tuple[str, list[str]]:
    """The case page path, from the URL configuration, around the child's id."""
    marker = uuid.UUID(int=0)
    before, after = reverse("casework:child_detail", args=[marker]).split(str(marker))
    return f"%s || {_sql_uuid_text('c.id')} || %s", [before, after]


def _recipients_sql(kind: str) -> tuple[str, list]:
    """Who hears about a deadline (``u`` joined to case ``c``). Only active accounts."""
    user = _table(User)
    caseworker_is_active = (
        f"EXISTS (SELECT 1 FROM {user} cw WHERE cw.id = c.caseworker_id AND cw.is_active = %s)"  # noqa: S608
    )
    team_has_active_manager = (
        f"EXISTS (SELECT 1 FROM {user} m WHERE m.role = %s AND m.team_id = c.team_id "  # noqa: S608
        f"AND m.is_active = %s)"
    )
    manager = "(u.role = %s AND u.team_id = c.team_id)"
    if kind == Kind.REMINDER:
        clause = f"(u.id = c.caseworker_id OR ({manager} AND NOT {caseworker_is_active}))"
        params = [Role.MANAGER, True]
    elif kind == Kind.ESCALATION:
        clause = f"({manager} OR (u.id = c.caseworker_id AND NOT {team_has_active_manager}))"
        params = [Role.MANAGER, Role.MANAGER, True]
    else:
        clause = f"(u.id = c.caseworker_id OR {manager})"
        params = [Role.MANAGER]
    return f"u.is_active = %s AND {clause}", [True, *params]


def _insert_notifications(
    *,
    kind: str,
    dedupe_sql: str,
    subject: str,
    body_sql: str,
    body_params: list,
    where_sql: str,
    where_params: list,
    now: datetime.datetime,
) -> int:
    """INSERT one notification per (matching deadline, recipient), skipping any whose
    dedupe_key exists. Returns the number written."""
    recipients, recipient_params = _recipients_sql(kind)
    path_sql, path_params = _case_path_sql()
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = f"""
        INSERT INTO {_table(Notification)} (
            created_at, updated_at, recipient_id, kind, deadline_id, dedupe_key, subject,
            body, link_path, status, attempts, next_attempt_at, last_error
        )
        SELECT %s, %s, u.id, %s, d.id, {dedupe_sql}, %s, {body_sql}, {path_sql},
               %s, 0, %s, ''
        FROM {_table(Deadline)} d
        JOIN {_table(Child)} c ON c.id = d.child_id
        JOIN {_table(User)} u ON {recipients}
        WHERE {where_sql}
        ORDER BY d.id, u.id
        ON CONFLICT (dedupe_key) DO NOTHING
    """  # noqa: S608 - see "SQL helpers": only our own names and fragments are formatted in
    params = [
        stamp,
        stamp,
        kind,
        subject,
        *body_params,
        *path_params,
        Notification.Status.PENDING,
        stamp,
        *recipient_params,
        *where_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(cursor.rowcount, 0)


def _date(day: datetime.date):
    return connection.ops.adapt_datefield_value(day)


def _codes_sql(codes) -> tuple[str, list[str]]:
    """``d.code IN (...)`` for the given timescale codes."""
    codes = list(codes)
    return f"d.code IN ({', '.join(['%s'] * len(codes))})", codes


def _council_sql() -> tuple[str, list[str]]:
    """The council's own deadlines: the only ones escalated and breached."""
    return _codes_sql(timescales.COUNCIL_CODES)


def _not_family_sql() -> tuple[str, list[str]]:
    """Deadlines a caseworker is reminded of: the council's and other bodies' (to chase),
    not the family's."""
    return _codes_sql(
        code for code, party in timescales.WHOSE_DATE.items() if party != timescales.Party.FAMILY
    )


# --- The three kinds -----------------------------------------------------------------


@transaction.atomic
def _remind(*, due_on: datetime.date, lead: int, now: datetime.datetime) -> int:
    title_sql, title_params = _sql_title("d.code")
    days = f"{lead} working day{'s' if lead != 1 else ''}"
    return _insert_notifications(
        kind=Kind.REMINDER,
        dedupe_sql=(f"'reminder:' || CAST(d.id AS TEXT) || ':{lead}:' || CAST(u.id AS TEXT)"),
        subject=f"Reminder: a statutory deadline is due within {days}",
        body_sql=f"{title_sql} || %s",
        body_params=[
            *title_params,
            f" is due on {long_date(due_on)}, within {days}, on a case you work on or manage.",
        ],
        where_sql=f"d.status = %s AND d.due_on = %s AND {_not_family_sql()[0]}",
        where_params=[OPEN, _date(due_on), *_not_family_sql()[1]],
        now=now,
    )


@transaction.atomic
def _escalate(*, today: datetime.date, now: datetime.datetime) -> int:
    title_sql, title_params = _sql_title("d.code")
    return _insert_notifications(
        kind=Kind.ESCALATION,
        dedupe_sql="'escalation:' || CAST(d.id AS TEXT) || ':' || CAST(u.id AS TEXT)",
        subject="Escalation: a statutory deadline is due today and is still open",
        body_sql=f"{title_sql} || %s",
        body_params=[
            *title_params,
            f" is due today, {long_date(today)}, on a case in your team and has not been done.",
        ],
        where_sql=f"d.status = %s AND d.due_on = %s AND {_council_sql()[0]}",
        where_params=[OPEN, _date(today), *_council_sql()[1]],
        now=now,
    )


def _batch_size() -> int:
    # Each breached id is a query parameter three times; stay under the backend's limit.
    limit = connection.features.max_query_params
    size = settings.DEADLINE_SWEEP_BATCH_SIZE
    return max(1, min(size, (limit - 50) // 3)) if limit else max(1, size)


@transaction.atomic
def _breach_batch(*, today: datetime.date, now: datetime.datetime, size: int) -> SweepResult:
    # Claim a batch: rows another sweep (or a caseworker meeting the deadline right now)
    # holds are skipped, so two sweeps never breach, or record, the same row twice.
    ids = list(
        Deadline.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=OPEN, due_on__lt=today, code__in=timescales.COUNCIL_CODES)
        .order_by("due_on", "id")
        .values_list("id", flat=True)[:size]
    )
    if not ids:
        return SweepResult()
    # status=open again: SQLite has no row locks (its single writer serialises sweeps).
    breached = Deadline.objects.filter(id__in=ids, status=OPEN).update(
        status=BREACHED, breached_at=now, updated_at=now
    )
    marks = ", ".join(["%s"] * len(ids))
    # Only rows this batch breached (SQLite: another sweep may have got some first).
    mine = f"d.id IN ({marks}) AND d.status = %s AND d.breached_at = %s"
    mine_params = [*ids, BREACHED, connection.ops.adapt_datetimefield_value(now)]
    title_sql, title_params = _sql_title("d.code")
    due_sql = _sql_long_date("d.due_on")
    deadline_type = ContentType.objects.get_for_model(Deadline).pk
    with connection.cursor() as cursor:
        # The case history, as chronology_record would write it (append-only table).
        cursor.execute(
            f"""
            INSERT INTO {_table(ChronologyEvent)} (
                child_id, occurred_at, actor_id, kind, summary, note, from_state,
                to_state, subject_type_id, subject_id, visible_to_family
            )
            SELECT d.child_id, %s, NULL, %s, %s || {title_sql}, %s || {due_sql} || %s,
                   %s, %s, %s, CAST(d.id AS TEXT), %s
            FROM {_table(Deadline)} d
            WHERE {mine}
            ORDER BY d.id
            """,  # noqa: S608
            [
                connection.ops.adapt_datetimefield_value(now),
                "deadline_breached",
                "Statutory deadline missed: ",
                *title_params,
                "It was due on ",
                ". It was still open the day after, so it is recorded as missed.",
                OPEN,
                BREACHED,
                deadline_type,
                False,
                *mine_params,
            ],
        )
    told = _insert_notifications(
        kind=Kind.BREACH,
        dedupe_sql="'breach:' || CAST(d.id AS TEXT) || ':' || CAST(u.id AS TEXT)",
        subject="Deadline missed: a statutory deadline has passed",
        body_sql=f"{title_sql} || %s || {due_sql} || %s",
        body_params=[
            *title_params,
            " was due on ",
            ", on a case you work on or manage, and was not done in time. It is now "
            "recorded as missed.",
        ],
        where_sql=mine,
        where_params=mine_params,
        now=now,
    )
    return SweepResult(breaches=breached, breach_notifications=told)


def sweep_deadlines(*, today: datetime.date | None = None) -> SweepResult:
    """Write every reminder, escalation and breach due by ``today`` (default: today in
    the service's time zone). Safe to run at any time, as often as you like, by several
    workers at once. Each step commits on its own, so a sweep stopped half-way has
    lost nothing that the next one will not do."""
    today = today or timezone.localdate()
    now = timezone.now()
    result = SweepResult()

    # Reminders: one statement per due date in the window, so each is a small range of
    # the (status, due_on) index and knows its lead time.
    leads = reminder_leads()
    if leads:
        last = timescales.add_working_days(today, leads[-1])
        day = today + datetime.timedelta(days=1)
        while day <= last:
            lead = reminder_lead_for(due_on=day, today=today)
            if lead is not None:
                result += SweepResult(reminders=_remind(due_on=day, lead=lead, now=now))
            day += datetime.timedelta(days=1)

    result += SweepResult(escalations=_escalate(today=today, now=now))

    size = _batch_size()
    while True:
        batch = _breach_batch(today=today, now=now, size=size)
        result += batch
        if batch.breaches == 0:
            break
    return result
