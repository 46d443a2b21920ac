from django.db import models

from sen_portal.concurrency import Versioned


class BaseModel(Versioned, models.Model):
    """Every table records when a row was made and last changed. ``updated_at`` is also
    the row's version for edit forms (sen_portal.concurrency: no lost updates)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
