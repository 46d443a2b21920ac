"""The project's Celery app for a worker started by tests/faults/test_worker_killed.py.

In each pool process, the first PDF render of the run stalls after rendering and before
the PDF is stored, having written its process id to H6_STALL_MARKER: the test kills that
process there, in the middle of the task."""

from __future__ import annotations

import os
import time

from celery.signals import worker_process_init

from sen_portal.celery import app

__all__ = ["app"]


@worker_process_init.connect
def _stall_the_first_render(**kwargs):
    from django.conf import settings

    from plans.services import documents

    settings.MEDIA_ROOT = os.environ["H6_MEDIA_ROOT"]
    marker = os.environ["H6_STALL_MARKER"]
    real = documents.render_version_pdf_bytes

    def render_then_stall(version):
        data = real(version)
        if not os.path.exists(marker):
            with open(marker, "w") as f:
                f.write(str(os.getpid()))
            time.sleep(120)  # killed here
        return data

    documents.render_version_pdf_bytes = render_then_stall
