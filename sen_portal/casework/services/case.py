"""Changes to a case. Views, tasks and commands call these; each writes the chronology
in the same transaction as the change it records."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone

from sen_portal.casework.models import (
    Child,
    ChronologyEvent,
    DataExport,
    FamilyMember,
    RecordAccess,
)


def chronology_record(
    *,
    child: Child,
    actor,
    kind: str,
    summary: str,
    note: str = "",
    from_state: str = "",
    to_state: str = "",
    subject: models.Model | None = None,
    visible_to_family: bool = False,
) -> ChronologyEvent:
    """Append one event to a case's history. Call it inside the transaction of the change."""
    event = ChronologyEvent(
        child=child,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        summary=summary,
        note=note,
        from_state=from_state,
        to_state=to_state,
        visible_to_family=visible_to_family,
    )
    if subject is not None:
        event.subject_type = ContentType.objects.get_for_model(subject)
        event.subject_id = str(subject.pk)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def child_create(*, acting_user, **fields: Any) -> Child:
    child = Child(**fields)
    child.full_clean()
    child.save()
    chronology_record(
        child=child,
        actor=acting_user,
        kind="case_opened",
        summary=f"Case opened for {child.full_name}",
    )
    return child


@transaction.atomic
def child_update(
    *, acting_user, child: Child, data: dict[str, Any], version: str | None = None
) -> tuple[Child, list[str]]:
    """Update the given fields; record which ones changed (names, never the values), and
    a reassignment as an event of its own: who runs a case matters to the family.
    ``version`` is the one the edit form was built from: StaleEdit if someone else saved
    since, and nothing is written."""
    child.check_version(version)
    changed = [name for name, value in data.items() if getattr(child, name) != value]
    if not changed:
        return child, []
    previous_caseworker = child.caseworker
    for name in changed:
        setattr(child, name, data[name])
    child.full_clean()
    child.save_if_version(version, changed)
    details = [name for name in changed if name != "caseworker"]
    if details:
        labels = [str(Child._meta.get_field(name).verbose_name) for name in details]
        chronology_record(
            child=child,
            actor=acting_user,
            kind="case_details_changed",
            summary="Case details changed: " + ", ".join(labels),
        )
    if "caseworker" in changed:
        chronology_record(
            child=child,
            actor=acting_user,
            kind="case_reassigned",
            summary=(
                f"Case reassigned from {previous_caseworker or 'nobody'} "
                f"to {child.caseworker or 'nobody'}"
            ),
            visible_to_family=True,
        )
    return child, changed


@transaction.atomic
def family_member_add(*, acting_user, child: Child, **fields: Any) -> FamilyMember:
    member = FamilyMember(child=child, **fields)
    if member.is_main_contact:
        # One main contact per child: the new one replaces the old.
        child.family_members.filter(is_main_contact=True).update(is_main_contact=False)
    member.full_clean()
    member.save()
    chronology_record(
        child=child,
        actor=acting_user,
        kind="family_member_added",
        summary=f"{member.get_relationship_display()} {member.full_name} added to the case",
        subject=member,
    )
    return member


def record_access_log(*, user, child: Child, path: str) -> RecordAccess:
    """Log that a member of staff read a child's record. The path is kept without its
    query string: searches carry children's names, and logs must not."""
    entry = _access_entry(user=user, child=child, path=path)
    entry.save(force_insert=True)
    return entry


def record_access_log_statement(*, user, child: Child, path: str) -> tuple[str, list]:
    """The same log entry as ``record_access_log``, as the INSERT (SQL and parameters)
    Django's own compiler writes for it, for a page to run in the round trip of its first
    read (the case page runs it with its deadlines: issue #22, one query less on the
    busiest page)."""
    entry = _access_entry(user=user, child=child, path=path)
    fields = [f for f in RecordAccess._meta.local_concrete_fields if f is not RecordAccess._meta.pk]
    query = InsertQuery(RecordAccess)
    query.insert_values(fields, [entry])
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def _access_entry(*, user, child: Child, path: str) -> RecordAccess:
    return RecordAccess(user=user, child=child, path=path.split("?", 1)[0][:300])


def data_export_record(*, user=None, by: str = "", what: str, scope: str) -> DataExport:
    """Log a download or export of many children's data (who, when, what, which scope)."""
    return DataExport.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        by=by[:150],
        what=what[:200],
        scope=scope[:200],
        exported_at=timezone.now(),
    )
