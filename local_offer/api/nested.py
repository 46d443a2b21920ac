"""Fully nested services for the API: a page of services with everything ORUK nests in
them, in one query per table, read without the ORM's per-row costs.

`prefetch_related` gave the same objects, but a page of 50 fully nested services is
about 700 child rows, and for each Django ran `Model.__init__` (a loop over every field)
and, per service and relation, built a related manager and a queryset to hold the rows:
about 35 ms of CPU a page against 2 ms for PostgreSQL to find the rows
(bench/local_offer.py, "API services, full, page 1"). Here each table is read with
`values_list` (Django's own conversions: UUIDs, decimals, JSON), each row becomes an
instance of its model without `__init__` (`_instances`: the attributes set as
`Model.from_db` would, so the model's properties work), and the rows are handed to their
parents the way `prefetch_related` does (`_prefetched_objects_cache`, read by
representations.related; a foreign key's object in `_state.fields_cache`).

The rows are the ones prefetch_related read, in the same order (each model's default
ordering, attributes by term position, places by location name), so the documents are
the same; tests/local_offer/test_api.py pins the queries.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet
from django.db.models.base import ModelState

from local_offer.constants import NEEDS_TAXONOMY_ID
from local_offer.models import (
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    OrganizationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)

# Not part of any nested document: not read.
UNUSED = frozenset({"created_at", "updated_at"})

# The service's own lists, as prefetch_related would name them.
SERVICE_LISTS = {
    "languages": Language,
    "schedules": Schedule,
    "cost_options": CostOption,
    "service_areas": ServiceArea,
    "funding": Funding,
}


def _columns(model: type[Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname not in UNUSED]


def _instances(queryset: QuerySet, joined: dict[str, type[Model]] | None = None) -> list[Model]:
    """The rows of `queryset` as instances of its model, without Model.__init__; each
    `joined` foreign key (name -> model) read in the same query and cached on its row."""
    model = queryset.model
    own = _columns(model)
    joined = joined or {}
    parts = [(name, other, _columns(other)) for name, other in joined.items()]
    names = own + [f"{name}__{column}" for name, _, columns in parts for column in columns]
    db = queryset.db
    found = []
    for row in queryset.values_list(*names):
        obj = _instance(model, own, row, db)
        start = len(own)
        for name, other, columns in parts:
            end = start + len(columns)
            obj._state.fields_cache[name] = _instance(other, columns, row[start:end], db)
            start = end
        found.append(obj)
    return found


def _instance(model: type[Model], names: list[str], values: Iterable, db: str) -> Model:
    obj = model.__new__(model)
    state = ModelState()
    state.adding, state.db, state.fields_cache = False, db, {}
    obj.__dict__.update(zip(names, values, strict=False))
    obj._state = state
    return obj


def _hand_out(parents: Iterable[Model], name: str, rows: list[Model], key: str) -> None:
    """Give each parent its rows under `name`, as prefetch_related does."""
    by_parent = defaultdict(list)
    for row in rows:
        by_parent[getattr(row, key)].append(row)
    for parent in parents:
        cache = parent.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = by_parent.get(parent.pk, [])


def _contacts_with_phones(service_ids: set) -> list[Contact]:
    """The services' contacts, each with its phones: one query (a contact without a phone
    comes with nulls), in the order of the models (created_at; ids break ties)."""
    contact_columns, phone_columns = _columns(Contact), _columns(Phone)
    rows = (
        Contact.objects.filter(service_id__in=service_ids)
        .order_by("created_at", "id", "phones__created_at", "phones__id")
        .values_list(*contact_columns, *(f"phones__{name}" for name in phone_columns))
    )
    contacts: dict[uuid.UUID, Contact] = {}
    split = len(contact_columns)
    for row in rows:
        contact = contacts.get(row[0])
        if contact is None:
            contact = _instance(Contact, contact_columns, row[:split], rows.db)
            contact._prefetched_objects_cache = {"phones": []}
            contacts[contact.pk] = contact
        if row[split] is not None:
            phone = _instance(Phone, phone_columns, row[split:], rows.db)
            contact._prefetched_objects_cache["phones"].append(phone)
    return list(contacts.values())


def nest_services(services: list[Service]) -> dict[uuid.UUID, TaxonomyTerm]:
    """Give each of `services` (with their organisations, select_related) everything the
    fully nested document shows; return the needs terms (SEN, disability) that
    representations.service_attributes derives attributes from. Ten queries, whatever
    the number of services (none for no service; none for the organisations'
    identifiers where the caller has them already)."""
    if not services:
        return {}
    ids = {service.pk for service in services}
    attributes = _instances(
        ServiceAttribute.objects.filter(service_id__in=ids).order_by("taxonomy_term__position")
    )
    # The attributes' terms and the needs terms, with their taxonomies: one query.
    term_ids = {item.taxonomy_term_id for item in attributes}
    terms = {
        term.pk: term
        for term in TaxonomyTerm.objects.filter(
            Q(pk__in=term_ids) | Q(taxonomy_id=NEEDS_TAXONOMY_ID)
        ).select_related("taxonomy")
    }
    for item in attributes:
        item._state.fields_cache["taxonomy_term"] = terms[item.taxonomy_term_id]
    _hand_out(services, "attributes", attributes, "service_id")

    organizations = [
        service.organization
        for service in services
        if "identifiers" not in getattr(service.organization, "_prefetched_objects_cache", {})
    ]
    if organizations:
        identifiers = _instances(
            OrganizationIdentifier.objects.filter(
                organization_id__in={item.pk for item in organizations}
            )
        )
        _hand_out(organizations, "identifiers", identifiers, "organization_id")

    for name, model in SERVICE_LISTS.items():
        rows = _instances(model.objects.filter(service_id__in=ids))
        _hand_out(services, name, rows, "service_id")

    contacts = _contacts_with_phones(ids)
    _hand_out(services, "contacts", contacts, "service_id")

    links = _instances(
        ServiceAtLocation.objects.filter(service_id__in=ids).order_by("location__name"),
        {"location": Location},
    )
    _hand_out(services, "service_at_locations", links, "service_id")
    return {term.pk: term for term in terms.values() if term.taxonomy_id == NEEDS_TAXONOMY_ID}
