"""No lost updates (DESIGN principle 15): every edit form of a shared record carries the
version it was built from, and a save against a newer version is refused.

The version of a row is its ``updated_at`` (BaseModel: set on every save), so no table
needs a new column. Three parts, used together:

- ``Versioned``, a model mixin: ``row.version`` and ``row.save_if_version(version, fields)``,
  a conditional ``UPDATE ... WHERE id = %s AND updated_at = <version>`` that raises
  ``StaleEdit`` when no row matched (someone else saved in between);
- ``VersionedFormMixin``, a form mixin: a hidden ``version`` field filled from the
  record the form was built from;
- ``stale_form()``: the refusal for the page, the form rebuilt on the other person's
  version (so their change shows) with the message at the top.

Services take ``version=`` and call ``save_if_version``; views pass ``form.version``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

STALE_MESSAGE = (
    "Someone else changed this since you opened it. Their version is shown below and "
    "nothing you entered has been saved: check it, make your change again and save."
)


class StaleEdit(Exception):
    """A save against an old version. ``current`` is the record as it is now."""

    def __init__(self, current: models.Model | None):
        super().__init__(STALE_MESSAGE)
        self.current = current


def parse_version(version: str | None) -> datetime.datetime | None:
    if not version:
        return None
    parsed = parse_datetime(version)
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


class Versioned:
    """For BaseModel subclasses: a version and a conditional save."""

    @property
    def version(self) -> str:
        return self.updated_at.isoformat() if getattr(self, "updated_at", None) else ""

    def save_if_version(self, version: str | None, update_fields: Iterable[str]) -> None:
        """Write ``update_fields`` only if the row is still at ``version``; otherwise
        raise StaleEdit with the row as it is now. ``version`` None (a caller with no
        form, e.g. a management command) saves unconditionally."""
        fields = [name for name in update_fields if name != "updated_at"]
        if version is None:
            self.save(update_fields=[*fields, "updated_at"])
            return
        expected = parse_version(version)
        now = timezone.now()
        values = {
            self._meta.get_field(name).attname: getattr(self, self._meta.get_field(name).attname)
            for name in fields
        }
        matched = (
            type(self)
            ._base_manager.filter(pk=self.pk, updated_at=expected)
            .update(**values, updated_at=now)
            if expected is not None
            else 0
        )
        if matched == 0:
            raise StaleEdit(type(self)._base_manager.filter(pk=self.pk).first())
        self.updated_at = now

    def check_version(self, version: str | None) -> None:
        """Refuse a change (e.g. removing a row, or a change made of several writes)
        built from an old version. Call on a row locked for update."""
        if version is not None and parse_version(version) != self.updated_at:
            raise StaleEdit(type(self)._base_manager.filter(pk=self.pk).first())


class VersionedFormMixin(forms.Form):
    """A hidden ``version`` field: the version of the record the form was built from
    (``instance`` for a ModelForm, or ``versioned=`` for a plain form)."""

    version_field = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, versioned: models.Model | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        record = versioned if versioned is not None else getattr(self, "instance", None)
        self._versioned = record is not None and getattr(record, "pk", None) is not None
        if self._versioned:
            self.fields["version_field"].initial = record.version
        # On a new record there is nothing to be stale against.

    def clean(self):
        # Kept apart from the record's own fields, so services see only those.
        data = super().clean()
        self._version_value = (data or {}).pop("version_field", "") or ""
        return data

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != "version_field"]

    @property
    def version(self) -> str | None:
        """What the service compares; None for a form that adds a record. A form posted
        without its version (an old page) counts as stale."""
        if not self._versioned:
            return None
        return getattr(self, "_version_value", "") or "missing"


def stale_form(build: Callable[[models.Model], forms.BaseForm], error: StaleEdit):
    """The form again, unbound, on the record as the other person left it (their change
    shows in the fields and it carries the new version), with the refusal at the top."""
    form = build(error.current)
    form._errors = ErrorDict(
        {NON_FIELD_ERRORS: form.error_class([STALE_MESSAGE], error_class="nonfield")}
    )
    return form
