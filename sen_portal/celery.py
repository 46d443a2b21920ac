"""The Celery app. Configuration lives in Django settings (CELERY_*), beat schedule included."""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sen_portal.settings.local")

app = Celery("sen_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _use_django_logging(**kwargs):
    """Workers log like the web processes."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
