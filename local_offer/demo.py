"""The hook `manage.py seed_demo` calls: the directory's fictional entries."""

import datetime

from django.core.management import call_command


def seed(*, today: datetime.date, stdout=None) -> None:
    # seed_demo has already refused to run with DEBUG off, so the guard is passed on.
    call_command("seed_local_offer", force=True, stdout=stdout)
