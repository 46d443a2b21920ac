"""Issuing, rendering and posting letters. Views, tasks and the workflows' services call
these; each writes the chronology in the same transaction as its change."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone

from sen_portal.casework.letters import addressees as addressing
from sen_portal.casework.letters.events import LetterEvent
from sen_portal.casework.letters.kinds import LetterKind, get
from sen_portal.casework.letters.law import service_date
from sen_portal.casework.models import Child, CouncilContacts, Letter
from sen_portal.casework.pdf import render_pdf
from sen_portal.casework.services import chronology_record, delete_files_on_error, document_store
from sen_portal.dates import long_date
from sen_portal.task_queue import enqueue_on_commit


def letter_key(kind: str, subject: models.Model, extra: str = "") -> str:
    key = f"{kind}:{subject._meta.label_lower}:{subject.pk}"
    return f"{key}:{extra}" if extra else key


def expected_service(delivery: str, sent_on: datetime.date) -> datetime.date:
    """The day a letter sent on ``sent_on`` is served (Interpretation Act 1978 s7 for
    post; the same day by email where the family agreed to email)."""
    return service_date(delivery, sent_on)


def _act_by(kind: LetterKind, subject, letter: Letter) -> tuple[datetime.date | None, str]:
    if kind.act_by is None:
        return None, ""
    return kind.act_by(subject, letter)


@transaction.atomic
def letter_issue(
    *,
    kind: str,
    subject: models.Model,
    child: Child,
    acting_user,
    on: datetime.date | None = None,
    key_extra: str = "",
) -> Letter:
    """Write the letter for this event (once: the key makes a second call return the
    first letter), addressed to whoever holds the rights on its date, and queue its PDF
    for the worker once the transaction commits. Call inside the decision's transaction."""
    letter_kind = get(kind)
    key = letter_key(kind, subject, key_extra)
    existing = Letter.objects.filter(key=key).first()
    if existing is not None:
        return existing
    on = on or timezone.localdate()
    letter = Letter(
        child=child,
        kind=kind,
        key=key,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        title=letter_kind.title,
        dated_on=on,
        audience=letter_kind.audience,
        meaning=letter_kind.meaning,
        created_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    if letter_kind.audience == Letter.Audience.FAMILY:
        people = addressing.rights_holders(child, on)
        letter.addressees = [p.as_json() for p in people.to]
        letter.copies = [p.as_json() for p in people.copies]
        letter.address = addressing.postal_address(child)
        accounts = addressing.email_accounts(child, people)
        letter.delivery = Letter.Delivery.EMAIL if accounts else Letter.Delivery.POST
        letter.email_to = [str(user.pk) for user in accounts or []]
    else:
        recipient = letter_kind.recipient(subject)
        letter.addressees = [
            {
                "name": recipient.name,
                "role": "professional",
                "salutation": recipient.salutation or recipient.name,
            }
        ]
        letter.address = recipient.address
        # A professional with an account sees the request in the app and is emailed by
        # the workflow's own notification; anyone else gets it by post.
        letter.delivery = Letter.Delivery.EMAIL if recipient.user else Letter.Delivery.POST
        letter.email_to = [str(recipient.user.pk)] if recipient.user else []
    letter.act_by, letter.act_by_what = _act_by(letter_kind, subject, _with_service(letter, on))
    letter.service_on = None  # not served until it is sent
    letter.full_clean()
    letter.save()
    to = letter.addressee_names or "the family"
    chronology_record(
        child=child,
        actor=acting_user,
        kind=LetterEvent.WRITTEN,
        summary=f"Letter written: {letter.title}",
        note=f"To {to}, by {letter.get_delivery_display().lower()}. {letter_kind.regulation}.",
        subject=letter,
    )
    from sen_portal.casework.tasks import letter_render as letter_render_task

    enqueue_on_commit(letter_render_task, str(letter.pk))
    return letter


def _with_service(letter: Letter, sent_on: datetime.date) -> Letter:
    """The letter as it will be once sent on ``sent_on``, for the act-by date: a period
    that runs from service (the draft plan's 15 days) counts from the expected service."""
    letter.service_on = expected_service(letter.delivery, sent_on)
    letter.sent_on = None
    return letter


def letter_context(letter: Letter) -> dict:
    kind = get(letter.kind)
    subject = letter.subject
    return {
        "letter": letter,
        "kind": kind,
        "child": letter.child,
        "subject": subject,
        "contacts": CouncilContacts.current(),
        "council_name": settings.COUNCIL_NAME,
        "logo": settings.LETTER_LOGO,
        "letterhead": {
            "address": settings.COUNCIL_ADDRESS,
            "phone": settings.COUNCIL_PHONE,
            "website": settings.COUNCIL_WEBSITE,
        },
        "young_person": any(a["role"] == "young_person" for a in letter.addressees),
        **kind.context(subject),
    }


def letter_pdf(letter: Letter) -> bytes:
    return render_pdf(get(letter.kind).template, letter_context(letter))


@transaction.atomic
def letter_render(*, letter_id) -> Letter:
    """Render the letter's PDF and keep it with the case; by email, it is sent (the
    family-visible event emails a portal link). Idempotent: a retried or doubled task
    leaves one document."""
    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("child__team", "created_by")
        .get(pk=letter_id)
    )
    if letter.document_id is not None:
        return letter
    kind = get(letter.kind)
    pdf = letter_pdf(letter)
    uploader = letter.created_by or _system_user(letter.child)
    upload = SimpleUploadedFile(f"{kind.code}.pdf", pdf, content_type="application/pdf")
    with delete_files_on_error():
        document = document_store(
            child=letter.child,
            upload=upload,
            title=letter.title,
            acting_user=uploader,
            shared_with_family=letter.audience == Letter.Audience.FAMILY,
        )
    letter.document = document
    letter.rendered_at = timezone.now()
    if letter.delivery == Letter.Delivery.EMAIL:
        _mark_sent(letter, on=timezone.localdate(), actor=None)
    letter.save()
    if kind.attach_to:
        subject = letter.subject
        setattr(subject, kind.attach_to, document)
        subject.save(update_fields=[kind.attach_to, "updated_at"])
    return letter


def _system_user(child: Child):
    """Whoever the case belongs to, for a letter the system wrote (a review invitation)."""
    if child.caseworker_id:
        return child.caseworker
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


def _mark_sent(letter: Letter, *, on: datetime.date, actor) -> None:
    kind = get(letter.kind)
    letter.sent_on = on
    letter.service_on = expected_service(letter.delivery, on)
    if kind.on_posted is not None and letter.delivery == Letter.Delivery.POST:
        kind.on_posted(letter.subject, letter)
    # A period that runs from service now runs from the real service date.
    letter.act_by, letter.act_by_what = _act_by(kind, letter.subject, letter)
    how = "emailed" if letter.delivery == Letter.Delivery.EMAIL else "posted"
    chronology_record(
        child=letter.child,
        actor=actor,
        kind=LetterEvent.EMAILED if how == "emailed" else LetterEvent.POSTED,
        summary=f"Letter {how}: {letter.title}",
        note=f"Served on {long_date(letter.service_on)}.",
        subject=letter,
        # The family's history shows letters to them; this event also emails the family
        # portal accounts a link (family/notifications.py): no details in the email.
        visible_to_family=letter.audience == Letter.Audience.FAMILY,
    )


@transaction.atomic
def letters_mark_posted(*, letter_ids, on: datetime.date, acting_user) -> list[Letter]:
    """Record that these letters went in the post on ``on``: the service date follows
    (the second working day after first class posting). Letters already posted are left
    as they were, so a doubled click records nothing twice."""
    letters = list(
        Letter.objects.select_for_update(of=("self",))
        .select_related("child")
        .filter(
            pk__in=letter_ids,
            delivery=Letter.Delivery.POST,
            sent_on__isnull=True,
            document__isnull=False,
        )
        .order_by("created_at")
    )
    for letter in letters:
        letter.posted_by = acting_user
        _mark_sent(letter, on=on, actor=acting_user)
        letter.save()
    return letters


def follow_up(kind: str, *, on: Callable[[Any], datetime.date | None] = lambda step: None):
    """A transition-kernel follow-up (casework.steps.after) that issues the letter
    ``kind`` about the step's object, dated ``on(step)`` (default: the step's ``on=``,
    or today)::

        steps.after(CeasingProposal, "decide_cease")(letters.follow_up("ceasing_decided"))
    """

    def issue(step) -> None:
        letter_issue(
            kind=kind,
            subject=step.obj,
            child=step.obj.child,
            acting_user=step.user,
            on=on(step) or step.kwargs.get("on"),
        )

    issue.__name__ = f"letter_{kind}"
    return issue
