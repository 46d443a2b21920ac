"""Set-based reads and writes for import_oruk: a batch of services at a time.

A batch (BATCH_SIZE services) is read with one query per table: every row whose id the
feed gives, and every row that belongs to the batch's services (to find what the feed no
longer has). Each service is then compared in memory (`Stage`: its own writes, kept apart
until the whole service has been read, so that a service the import refuses leaves
nothing behind), and the batch is written with one bulk statement per table and kind
(delete, create, update). About 16 queries read a batch and about 20 write it, whatever
its size; a feed already imported is read and nothing is written.

`Rows.load` holds the rows as the batch will leave them: the stages of the services read
so far are merged into it (`Stage.commit`), so that an organisation, a term or a location
the feed repeats is compared with what an earlier service of the batch made of it.
"""

from __future__ import annotations

import copy
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from local_offer.api.parameters import UUID_PATTERN
from local_offer.models import (
    Contact,
    CostOption,
    Funding,
    Language,
    LocalOfferChange,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.models.directory import normalise_postcode

BATCH_SIZE = 500

# The rows that belong to a parent, and the field that names it: what the feed no longer
# has under a parent it gives is removed.
PARENT = {
    OrganizationIdentifier: "organization_id",
    ServiceAttribute: "service_id",
    ServiceAtLocation: "service_id",
    Contact: "service_id",
    Phone: "contact_id",
    Schedule: "service_id",
    CostOption: "service_id",
    Language: "service_id",
    ServiceArea: "service_id",
    Funding: "service_id",
}
# The lists of a service in the feed, and their rows.
SERVICE_LISTS = {
    "schedules": Schedule,
    "cost_options": CostOption,
    "languages": Language,
    "service_areas": ServiceArea,
    "funding": Funding,
    "attributes": ServiceAttribute,
    "service_at_locations": ServiceAtLocation,
    "contacts": Contact,
}
# Parents before children (foreign keys); deletes go the other way, before any insert, so
# that a row the feed moved (a term under another attribute id) does not meet its old self
# in a unique constraint.
WRITE_ORDER = (
    Taxonomy,
    TaxonomyTerm,
    Organization,
    OrganizationIdentifier,
    Location,
    Service,
    ServiceAttribute,
    ServiceAtLocation,
    Contact,
    Phone,
    Schedule,
    CostOption,
    Language,
    ServiceArea,
    Funding,
)


def _uuids(values: Iterable[Any]) -> set[uuid.UUID]:
    """The well-formed ids among `values` (a malformed one is refused later, with its
    service)."""
    return {
        uuid.UUID(value) for value in values if isinstance(value, str) and UUID_PATTERN.match(value)
    }


def _dicts(value: Any) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class Rows:
    """The rows of one batch: as read, then as the batch's services leave them."""

    def __init__(self):
        self.known: dict[type, dict] = defaultdict(dict)  # model -> pk -> instance
        self.by_parent: dict[tuple, set] = defaultdict(set)  # (model, parent pk) -> pks
        self.created: dict[type, dict] = defaultdict(dict)
        self.updated: dict[type, dict] = defaultdict(dict)
        self.update_fields: dict[type, set] = defaultdict(set)
        self.deleted: dict[type, set] = defaultdict(set)
        self.postcodes: dict[str, tuple] = {}
        self.memo: dict = {}  # organisations, terms and locations settled by earlier services
        self.changes: list[LocalOfferChange] = []
        self.refresh: set = set()  # services whose search document must be rebuilt
        self.renamed: set = set()  # organisations whose name changed: their services too
        self.service_times: dict = {}  # service pk -> updated_at to keep (the feed's)
        self.parents: dict = {}  # term pk -> parent pk not known yet (oruk_import)

    # Reading

    def load(self, services: list) -> None:
        """Every row the batch names or owns, one query per table."""
        ids: dict[type, list] = defaultdict(list)
        postcodes: set[str] = set()
        for data in services:
            if not isinstance(data, dict):
                continue
            ids[Service].append(data.get("id"))
            ids[Organization].append(data.get("organization_id"))
            organization = data.get("organization")
            if isinstance(organization, dict):
                ids[Organization].append(organization.get("id"))
                ids[OrganizationIdentifier] += [
                    item.get("id") for item in _dicts(organization.get("organization_identifiers"))
                ]
            for attribute in _dicts(data.get("attributes")):
                ids[TaxonomyTerm].append(attribute.get("taxonomy_term_id"))
                term = attribute.get("taxonomy_term")
                if isinstance(term, dict):
                    ids[TaxonomyTerm] += [term.get("id"), term.get("parent_id")]
            for link in _dicts(data.get("service_at_locations")):
                ids[Location].append(link.get("location_id"))
                location = link.get("location")
                if isinstance(location, dict):
                    ids[Location].append(location.get("id"))
                    for address in _dicts(location.get("addresses")):
                        code = address.get("postal_code")
                        if isinstance(code, str) and code:
                            postcodes.add(normalise_postcode(code))
            for contact in _dicts(data.get("contacts")):
                ids[Phone] += [item.get("id") for item in _dicts(contact.get("phones"))]
            for name, model in SERVICE_LISTS.items():
                ids[model] += [item.get("id") for item in _dicts(data.get(name))]
        from local_offer.services.oruk_import import NO_ORGANIZATION_ID

        service_ids = _uuids(ids[Service])
        self._add(
            Service.objects.select_for_update(of=("self",))
            .defer("search_document")
            .filter(pk__in=service_ids)
        )
        self._add(
            Organization.objects.annotate(lower_name=Lower("name")).filter(
                Q(pk__in=_uuids(ids[Organization]) | {NO_ORGANIZATION_ID})
                | Q(lower_name__in=organization_names(services))
            )
        )
        # Few vocabularies, each with its name: all of them, to find one by name.
        self._add(Taxonomy.objects.all())
        self._add(TaxonomyTerm.objects.filter(pk__in=_uuids(ids[TaxonomyTerm])))
        self._add(Location.objects.filter(pk__in=_uuids(ids[Location])))
        self._add(
            OrganizationIdentifier.objects.filter(
                Q(pk__in=_uuids(ids[OrganizationIdentifier]))
                | Q(organization_id__in=list(self.known[Organization]))
            )
        )
        for model in SERVICE_LISTS.values():
            self._add(
                model.objects.filter(Q(pk__in=_uuids(ids[model])) | Q(service_id__in=service_ids))
            )
        contact_ids = set(self.known[Contact])
        self._add(
            Phone.objects.filter(Q(pk__in=_uuids(ids[Phone])) | Q(contact_id__in=contact_ids))
        )
        if postcodes:
            self.postcodes = {
                code: (latitude, longitude)
                for code, latitude, longitude in Postcode.objects.filter(
                    pk__in=postcodes
                ).values_list("postcode", "latitude", "longitude")
            }

    def _add(self, queryset: models.QuerySet) -> None:
        model = queryset.model
        parent = PARENT.get(model)
        for instance in queryset:
            self.known[model][instance.pk] = instance
            if parent:
                self.by_parent[(model, getattr(instance, parent))].add(instance.pk)

    def organization_named(self, name: str) -> Organization | None:
        lower = name.lower()
        return next(
            (item for item in self.known[Organization].values() if item.name.lower() == lower),
            None,
        )

    def taxonomy_named(self, name: str) -> Taxonomy | None:
        return next((item for item in self.known[Taxonomy].values() if item.name == name), None)

    # Writing

    def flush(self) -> None:
        """The batch's changes: one statement per table and kind."""
        for model in reversed(WRITE_ORDER):
            if self.deleted[model]:
                model.objects.filter(pk__in=self.deleted[model]).delete()
        for model in WRITE_ORDER:
            if self.created[model]:
                model.objects.bulk_create(list(self.created[model].values()))
            if self.updated[model]:
                model.objects.bulk_update(
                    list(self.updated[model].values()), sorted(self.update_fields[model])
                )
        # Creating stamps updated_at now; a service keeps the time its source last changed it.
        times = [
            service
            for pk, service in self.created[Service].items()
            if self.service_times.get(pk) is not None
        ]
        for service in times:
            service.updated_at = self.service_times[service.pk]
        if times:
            Service.objects.bulk_update(times, ["updated_at"])
        from local_offer.services.directory import service_search_refresh

        refresh = set(self.refresh)
        if self.renamed:
            # Their services are found by the organisation's name.
            refresh |= set(
                Service.objects.filter(organization_id__in=self.renamed).values_list(
                    "pk", flat=True
                )
            )
        if refresh:
            service_search_refresh(service_ids=refresh)
        if self.changes:
            LocalOfferChange.objects.bulk_create(self.changes)


def organization_names(services: list) -> set[str]:
    names = set()
    for data in services:
        organization = data.get("organization") if isinstance(data, dict) else None
        if isinstance(organization, dict) and isinstance(organization.get("name"), str):
            names.add(organization["name"].lower())
    return names


class Stage:
    """One service's writes, over the batch's rows, until the service has been read whole."""

    def __init__(self, rows: Rows):
        self.rows = rows
        self.changed = False
        self.staged: dict[tuple, tuple] = {}  # (model, pk) -> (instance, fields or None: new)
        self.deletes: set[tuple] = set()
        self.staged_children: dict[tuple, set] = defaultdict(set)  # (model, parent) -> pks
        self.pending: dict = {}
        self.changes: list[LocalOfferChange] = []
        self.refresh: set = set()
        self.renamed: set = set()
        self.service_times: dict = {}
        self.parents: dict = {}

    def remembered(self, key):
        return self.rows.memo.get(key)

    def remember(self, key, value):
        self.pending[key] = value
        return value

    def get(self, model: type[models.Model], pk) -> Any:
        if pk is None or (model, pk) in self.deletes:
            return None
        staged = self.staged.get((model, pk))
        return staged[0] if staged else self.rows.known[model].get(pk)

    def children(self, model: type[models.Model], parent_pk) -> set:
        """The rows under a parent as this service leaves them so far."""
        pks = self.rows.by_parent[(model, parent_pk)] | self.staged_children[(model, parent_pk)]
        return {pk for pk in pks if (model, pk) not in self.deletes}

    def row(
        self,
        model: type[models.Model],
        pk,
        values: dict[str, Any],
        what: str,
        *,
        lenient: tuple[str, ...] = (),
        new: dict[str, Any] | None = None,
    ):
        """Upsert by id: staged, and validated as the model says (`lenient` fields skip our
        validators: the caller warned about them). `new`: values a new row starts with."""
        current = self.get(model, pk)
        if current is None:
            instance = model(pk=pk, **values, **(new or {}))
            fields = None
        else:
            differ = [name for name, value in values.items() if getattr(current, name) != value]
            if not differ:
                return current
            instance = copy.copy(current)
            for name in differ:
                setattr(instance, name, values[name])
            previous = self.staged.get((model, pk))
            fields = set(differ) | (previous[1] or set() if previous else set())
            if previous and previous[1] is None:
                fields = None  # still a new row
        try:
            # The database enforces uniqueness, constraints and foreign keys when the batch
            # is written: no query per check here.
            foreign_keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
            instance.full_clean(
                exclude=[*lenient, *foreign_keys],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            from local_offer.services.oruk_import import ImportProblem, _validation_message

            raise ImportProblem(f"{what} {pk}: {_validation_message(error)}") from None
        self.staged[(model, pk)] = (instance, fields)
        if model in PARENT:
            self.staged_children[(model, getattr(instance, PARENT[model]))].add(pk)
        self.changed = True
        return instance

    def stamp(self, model: type[models.Model], pk, values: dict[str, Any]) -> None:
        """Set fields the import owns (not the feed's): no validation."""
        current = self.get(model, pk)
        instance = copy.copy(current)
        for name, value in values.items():
            setattr(instance, name, value)
        previous = self.staged.get((model, pk))
        fields = set(values) | ((previous[1] or set()) if previous else set())
        self.staged[(model, pk)] = (instance, None if previous and previous[1] is None else fields)

    def delete(self, model: type[models.Model], pk) -> None:
        self.staged.pop((model, pk), None)
        self.deletes.add((model, pk))
        self.changed = True

    def prune(self, model: type[models.Model], parent_pk, keep: set) -> None:
        """Remove the rows under `parent_pk` that the feed no longer has."""
        for pk in self.children(model, parent_pk) - keep:
            self.delete(model, pk)

    def commit(self) -> None:
        """The service has been read whole: its writes join the batch's."""
        rows = self.rows
        for (model, pk), (instance, fields) in self.staged.items():
            if fields is None or pk in rows.created[model]:
                rows.created[model][pk] = instance
            else:
                rows.updated[model][pk] = instance
                rows.update_fields[model] |= fields
            rows.known[model][pk] = instance
            if model in PARENT:
                rows.by_parent[(model, getattr(instance, PARENT[model]))].add(pk)
        for model, pk in self.deletes:
            instance = rows.known[model].pop(pk, None)
            if instance is not None and model in PARENT:
                rows.by_parent[(model, getattr(instance, PARENT[model]))].discard(pk)
            rows.updated[model].pop(pk, None)
            if rows.created[model].pop(pk, None) is None:
                rows.deleted[model].add(pk)
        rows.memo.update(self.pending)
        rows.changes += self.changes
        rows.refresh |= self.refresh
        rows.renamed |= self.renamed
        rows.service_times.update(self.service_times)
        rows.parents.update(self.parents)
