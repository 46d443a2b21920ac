"""Changes to the directory. Views, commands and imports call these; each writes the local
offer's change log in the same transaction as the change it records."""

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection, models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from local_offer.constants import SEARCH_CONFIG
from local_offer.models import (
    Contact,
    CostOption,
    Language,
    LocalOfferChange,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)
from local_offer.services.audit import change_record, transition_recorded
from local_offer.services.geography import location_coordinates_default

SERVICE = LocalOfferChange.ObjectType.SERVICE
ORGANIZATION = LocalOfferChange.ObjectType.ORGANIZATION


def _changed_fields(instance: models.Model, data: dict[str, Any]) -> list[str]:
    return [name for name, value in data.items() if getattr(instance, name) != value]


def _labels(model: type[models.Model], names: Iterable[str]) -> str:
    labels = []
    for name in names:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a form-only field such as "phone"
            labels.append(name.replace("_", " "))
    return ", ".join(label[:1].upper() + label[1:] for label in labels)


def _touch(service: Service) -> None:
    """A change to anything a service shows is a change to the service (ORUK last_modified)."""
    Service.objects.filter(pk=service.pk).update(updated_at=timezone.now())


def service_search_refresh(*, service_ids: Iterable) -> None:
    """Rebuild the full-text search document of these services, in one statement.

    Name weighs most, then categories, then description and organisation. PostgreSQL only:
    on SQLite the public search falls back to icontains and the column stays empty.
    """
    if connection.vendor != "postgresql":
        return
    organization_name = Subquery(
        Organization.objects.filter(pk=OuterRef("organization_id")).values("name")[:1]
    )
    category_names = Subquery(
        ServiceAttribute.objects.filter(service_id=OuterRef("pk"))
        .values("service_id")
        .annotate(names=StringAgg("taxonomy_term__term", delimiter=" "))
        .values("names")
    )
    Service.objects.filter(pk__in=list(service_ids)).update(
        search_document=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector(category_names, weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", organization_name, weight="C", config=SEARCH_CONFIG)
    )


# Organisations


@transaction.atomic
def organization_create(*, acting_user, **fields: Any) -> Organization:
    organization = Organization(**fields)
    organization.full_clean()
    organization.save()
    change_record(
        acting_user=acting_user,
        action="organization_created",
        object_type=ORGANIZATION,
        object_id=organization.pk,
        summary=f"Organisation added: {organization.name}",
    )
    return organization


@transaction.atomic
def organization_update(
    *,
    acting_user,
    organization: Organization,
    data: dict[str, Any],
    version: str | None = None,
) -> tuple[Organization, list[str]]:
    changed = _save_fields(organization, data, version)
    if not changed:
        return organization, []
    change_record(
        acting_user=acting_user,
        action="organization_changed",
        object_type=ORGANIZATION,
        object_id=organization.pk,
        summary="Organisation details changed: " + _labels(Organization, changed),
        fields=changed,
    )
    if "name" in changed:
        service_ids = list(organization.services.values_list("pk", flat=True))
        service_search_refresh(service_ids=service_ids)
        Service.objects.filter(pk__in=service_ids).update(updated_at=timezone.now())
    return organization, changed


# Services


def _set_categories(service: Service, terms: Iterable[TaxonomyTerm]) -> bool:
    """Keep the attribute rows (and their ids) of terms that stay; returns whether any changed."""
    wanted = {term.pk for term in terms}
    current = set(service.attributes.values_list("taxonomy_term_id", flat=True))
    if wanted == current:
        return False
    service.attributes.filter(taxonomy_term_id__in=current - wanted).delete()
    ServiceAttribute.objects.bulk_create(
        ServiceAttribute(service=service, taxonomy_term_id=term_id)
        for term_id in sorted(wanted - current, key=str)
    )
    return True


def _set_languages(service: Service, names: Iterable[str]) -> bool:
    wanted = {}
    for name in names:
        name = " ".join(name.split())
        if name:
            wanted.setdefault(name.casefold(), name)
    current = {language.name.casefold(): language for language in service.languages.all()}
    removed = [language.pk for key, language in current.items() if key not in wanted]
    added = [name for key, name in wanted.items() if key not in current]
    if not removed and not added:
        return False
    Language.objects.filter(pk__in=removed).delete()
    for name in added:
        language = Language(service=service, name=name)
        language.full_clean()
        language.save()
    return True


@transaction.atomic
def service_create(
    *,
    acting_user,
    categories: Iterable[TaxonomyTerm] = (),
    languages: Iterable[str] = (),
    **fields: Any,
) -> Service:
    """A new entry starts as a draft; publishing it is a separate, deliberate step."""
    service = Service(**fields)
    service.full_clean()
    service.save()
    _set_categories(service, categories)
    _set_languages(service, languages)
    change_record(
        acting_user=acting_user,
        action="service_created",
        object_type=SERVICE,
        object_id=service.pk,
        summary=f"Entry created as a draft: {service.name}",
    )
    service_search_refresh(service_ids=[service.pk])
    return service


@transaction.atomic
def service_update(
    *, acting_user, service: Service, data: dict[str, Any], version: str | None = None
) -> tuple[Service, list[str]]:
    """Update the given fields (and categories or languages); log which changed, not values.
    StaleEdit, and nothing written, if the entry is no longer at ``version``."""
    service.check_version(version)
    data = dict(data)
    categories = data.pop("categories", None)
    languages = data.pop("languages", None)
    changed = _changed_fields(service, data)
    for name in changed:
        setattr(service, name, data[name])
    if changed:
        service.full_clean()
        service.save_if_version(version, changed)
    if categories is not None and _set_categories(service, categories):
        changed.append("categories")
    if languages is not None and _set_languages(service, languages):
        changed.append("languages")
    if not changed:
        return service, []
    _touch(service)
    change_record(
        acting_user=acting_user,
        action="service_changed",
        object_type=SERVICE,
        object_id=service.pk,
        summary="Details changed: " + _labels(Service, changed),
        fields=changed,
    )
    service_search_refresh(service_ids=[service.pk])
    return service, changed


def _locked(service: Service) -> Service:
    """The row, locked, so that two editors pressing the same button cannot both win."""
    return Service.objects.select_for_update().get(pk=service.pk)


@transaction.atomic
def service_publish(*, acting_user, service: Service) -> Service:
    service = _locked(service)
    if service.status == Service.Status.PUBLISHED:
        raise ValidationError("This entry is already published.")
    problems = service.publication_problems()
    if problems:
        raise ValidationError(" ".join(problems))
    return transition_recorded(
        service,
        "publish",
        refused="Add a way to get in touch (an email address, a website or a contact) "
        "before publishing this entry.",
        acting_user=acting_user,
        action="service_published",
        object_type=SERVICE,
        summary="Published",
    )


@transaction.atomic
def service_unpublish(*, acting_user, service: Service) -> Service:
    service = _locked(service)
    return transition_recorded(
        service,
        "unpublish",
        refused="This entry is not published.",
        acting_user=acting_user,
        action="service_unpublished",
        object_type=SERVICE,
        summary="Unpublished: the public can no longer see it",
    )


def _record_item(acting_user, service: Service, action: str, summary: str, fields=None) -> None:
    _touch(service)
    change_record(
        acting_user=acting_user,
        action=action,
        object_type=SERVICE,
        object_id=service.pk,
        summary=summary,
        fields=fields,
    )


def _save_fields(
    instance: models.Model, data: dict[str, Any], version: str | None = None
) -> list[str]:
    """Write the changed fields if ``instance`` is still at ``version`` (the one its edit
    form was built from); StaleEdit otherwise (sen_portal.concurrency)."""
    instance.check_version(version)
    changed = _changed_fields(instance, data)
    for name in changed:
        setattr(instance, name, data[name])
    if changed:
        instance.full_clean()
        instance.save_if_version(version, changed)
    return changed


# Places


@transaction.atomic
def location_add(*, acting_user, service: Service, **fields: Any) -> Location:
    location = Location(**fields)
    location.full_clean()
    # Saved without coordinates: its postcode's, so that distance searches find it.
    location_coordinates_default(location)
    location.save()
    link = ServiceAtLocation(service=service, location=location)
    link.full_clean()
    link.save()
    _record_item(acting_user, service, "location_added", f"Place added: {location.name}")
    return location


@transaction.atomic
def location_update(
    *,
    acting_user,
    service: Service,
    location: Location,
    data: dict[str, Any],
    version: str | None = None,
) -> list[str]:
    changed = _save_fields(location, data, version)
    if location.latitude is None and location.longitude is None:
        location_coordinates_default(location)
        if location.latitude is not None:
            location.save(update_fields=["latitude", "longitude", "updated_at"])
            changed += [name for name in ("latitude", "longitude") if name not in changed]
    if changed:
        # A place can be shared: every entry at it has changed for the API's last_modified.
        Service.objects.filter(service_at_locations__location=location).update(
            updated_at=timezone.now()
        )
        _record_item(
            acting_user,
            service,
            "location_changed",
            f"Place changed ({_labels(Location, changed)}): {location.name}",
            changed,
        )
    return changed


@transaction.atomic
def location_remove(*, acting_user, service: Service, location: Location) -> None:
    ServiceAtLocation.objects.filter(service=service, location=location).delete()
    if not location.service_at_locations.exists():
        location.delete()
    _record_item(acting_user, service, "location_removed", f"Place removed: {location.name}")


# Contacts


def _set_phone(contact: Contact, number: str) -> None:
    number = number.strip()
    first = contact.phones.first()
    if not number:
        if first is not None:
            first.delete()
        return
    if first is None:
        first = Phone(contact=contact)
    first.number = number
    first.full_clean()
    first.save()


@transaction.atomic
def contact_add(*, acting_user, service: Service, phone: str = "", **fields: Any) -> Contact:
    contact = Contact(service=service, **fields)
    contact.full_clean()
    contact.save()
    _set_phone(contact, phone)
    _record_item(acting_user, service, "contact_added", f"Contact added: {contact}")
    return contact


@transaction.atomic
def contact_update(
    *,
    acting_user,
    service: Service,
    contact: Contact,
    data: dict[str, Any],
    version: str | None = None,
) -> list[str]:
    data = dict(data)
    phone = data.pop("phone", None)
    changed = _save_fields(contact, data, version)
    if phone is not None:
        first = contact.phones.first()
        if (first.number if first else "") != phone.strip():
            _set_phone(contact, phone)
            changed.append("phone")
    if changed:
        _record_item(
            acting_user,
            service,
            "contact_changed",
            f"Contact changed ({_labels(Contact, changed)}): {contact}",
            changed,
        )
    return changed


@transaction.atomic
def contact_remove(*, acting_user, service: Service, contact: Contact) -> None:
    label = str(contact)
    contact.delete()
    _record_item(acting_user, service, "contact_removed", f"Contact removed: {label}")


# Opening times and costs: rows that belong to one service only.


@transaction.atomic
def schedule_add(*, acting_user, service: Service, **fields: Any) -> Schedule:
    schedule = Schedule(service=service, **fields)
    schedule.full_clean()
    schedule.save()
    _record_item(acting_user, service, "schedule_added", "Opening times added")
    return schedule


@transaction.atomic
def schedule_update(
    *,
    acting_user,
    service: Service,
    schedule: Schedule,
    data: dict[str, Any],
    version: str | None = None,
) -> list[str]:
    changed = _save_fields(schedule, data, version)
    if changed:
        _record_item(acting_user, service, "schedule_changed", "Opening times changed", changed)
    return changed


@transaction.atomic
def schedule_remove(*, acting_user, service: Service, schedule: Schedule) -> None:
    schedule.delete()
    _record_item(acting_user, service, "schedule_removed", "Opening times removed")


@transaction.atomic
def cost_option_add(*, acting_user, service: Service, **fields: Any) -> CostOption:
    cost = CostOption(service=service, **fields)
    cost.full_clean()
    cost.save()
    _record_item(acting_user, service, "cost_added", f"Cost added: £{cost.amount}")
    return cost


@transaction.atomic
def cost_option_update(
    *,
    acting_user,
    service: Service,
    cost_option: CostOption,
    data: dict[str, Any],
    version: str | None = None,
) -> list[str]:
    changed = _save_fields(cost_option, data, version)
    if changed:
        _record_item(acting_user, service, "cost_changed", "Cost changed", changed)
    return changed


@transaction.atomic
def cost_option_remove(*, acting_user, service: Service, cost_option: CostOption) -> None:
    cost_option.delete()
    _record_item(acting_user, service, "cost_removed", f"Cost removed: £{cost_option.amount}")
