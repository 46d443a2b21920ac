from django.core.exceptions import ValidationError
from django_fsm import can_proceed

from local_offer.models import LocalOfferChange


def change_record(
    *,
    acting_user,
    action: str,
    object_type: str,
    object_id,
    summary: str,
    fields: list[str] | None = None,
) -> LocalOfferChange:
    """Append one row to the local offer's change log. Call it inside the change's transaction."""
    change = LocalOfferChange(
        actor=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        fields=fields or [],
    )
    change.full_clean()
    change.save()
    return change


def transition_recorded(
    obj, transition: str, *, refused: str, acting_user, action: str, object_type: str, summary: str
):
    """Take a publishing step (a django-fsm transition) on a locked row, save it and log it.
    ``refused``: the message when the step is not possible now."""
    method = getattr(obj, transition)
    if not can_proceed(method):
        raise ValidationError(refused)
    method()
    obj.save()
    change_record(
        acting_user=acting_user,
        action=action,
        object_type=object_type,
        object_id=obj.pk,
        summary=summary,
    )
    return obj
