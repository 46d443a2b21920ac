"""CFA s44(1): a plan is reviewed "in the period of 12 months starting with" the day it
was made or last reviewed, so the last day is the day before the same date a year on
(12 months starting with 10 March 2026 end on 9 March 2027). Annual review deadlines were
opened one day late. This moves every live one, whose due day is still the old
calculation, one day earlier and writes the correction into the child's chronology.

The arithmetic is copied here rather than imported so the migration means the same
thing whatever later happens to sen_portal/timescales.py.
"""

import calendar
import datetime

from django.db import migrations

LIVE = ("open", "breached", "excepted")


def _same_day_months_later(start, months):
    """The old rule: the same day 12 months on, clamped to the month's end."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _last_day_of_months_starting_with(start, months):
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if start.day > calendar.monthrange(year, month)[1]:
        next_start = datetime.date(year + (month == 12), month % 12 + 1, 1)
    else:
        next_start = datetime.date(year, month, start.day)
    return next_start - datetime.timedelta(days=1)


def _long(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


def move_live_reviews_one_day_earlier(apps, schema_editor):
    Deadline = apps.get_model("casework", "Deadline")
    ChronologyEvent = apps.get_model("casework", "ChronologyEvent")
    live = Deadline.objects.filter(code="annual_review", status__in=LIVE).order_by("pk")
    for deadline in live.iterator():
        if deadline.due_on != _same_day_months_later(deadline.started_on, 12):
            continue  # already on the corrected rule, or set by hand: leave it
        corrected = _last_day_of_months_starting_with(deadline.started_on, 12)
        if corrected == deadline.due_on:
            continue  # from 29 February both rules give 28 February
        old = deadline.due_on
        Deadline.objects.filter(pk=deadline.pk).update(due_on=corrected)
        ChronologyEvent.objects.create(
            child_id=deadline.child_id,
            kind="deadline_corrected",
            summary=f"Annual review due date corrected to {_long(corrected)}",
            note=(
                f"The review is due in the period of 12 months starting with "
                f"{_long(deadline.started_on)} (Children and Families Act 2014 s44(1)), "
                f"which ends on {_long(corrected)}, not {_long(old)} as shown before."
            ),
            subject_type_id=deadline.subject_type_id,
            subject_id=deadline.subject_id,
            visible_to_family=True,
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0011_letters")]

    operations = [
        migrations.RunPython(move_live_reviews_one_day_earlier, migrations.RunPython.noop),
    ]
