"""Run the deadline sweep now, without Celery: `python manage.py sweep_deadlines`."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from sen_portal.casework.sweep import sweep_deadlines


class Command(BaseCommand):
    help = (
        "Write due reminders, escalations and breaches for statutory deadlines into the "
        "notifications outbox (the same service Celery beat runs). Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            metavar="YYYY-MM-DD",
            help="Sweep as if it were this day (to replay a missed day); default today.",
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = datetime.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(
                    f"--today: {options['today']!r} is not a date in the form YYYY-MM-DD"
                ) from None
        result = sweep_deadlines(today=today)
        self.stdout.write(
            f"Reminders: {result.reminders}. Escalations: {result.escalations}. "
            f"Deadlines missed: {result.breaches} "
            f"({result.breach_notifications} notifications)."
        )
