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
