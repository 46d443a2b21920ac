"""Import services from any Open Referral UK 3.0 / HSDS 3.0 feed, as it is published.

What it takes (`services_in`): a page envelope (`contents`), an array, a single service,
an organisation with its `services`, or a service at a location; the command also pages
through an ORUK API (feeds.py). Every row is upserted by its id: organisations (with their
identifiers), services, taxonomies and terms it does not know yet (created, ids kept),
locations (type, UPRN, addresses, accessibility), services at locations, contacts and
phones, schedules, cost options, languages, service areas and funding. Fields the standard
carries that have no column here are kept in the row's `extra` and sent back by the API as
they came (api/shapes.py, open shapes), so a service round-trips.

Local rules are warnings, not refusals: a service for people over 25, a location outside
the UK or with a postcode that is not a UK one, or a service that does not say whether it
serves children with SEN or disabled children, is imported as a draft for an editor to
complete (Service.publication_problems); nothing is dropped silently. A service is refused
only when the standard itself is broken (no id, no name, an unknown status...), with the
reason, and leaves nothing behind. Services are read and written in batches of 500
(services/oruk_rows.py: about 30 queries a batch, whatever its size); a batch the database
refuses is retried service by service, so that one bad service does not cost the others.
Importing the same feed twice changes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import slugify

from local_offer.api.parameters import UUID_PATTERN
from local_offer.constants import DISABILITY_TERM_ID, MAX_AGE, SEN_TERM_ID, TAXONOMIES
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
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from local_offer.models.directory import UK_POSTCODE, normalise_postcode
from local_offer.services.oruk_rows import BATCH_SIZE, Rows, Stage

# An imported entry is due a check with its provider a year after it arrives.
REVIEW_AFTER_IMPORT = datetime.timedelta(days=365)
SIX_PLACES = Decimal("0.000001")
NEEDS = {
    frozenset(): "",
    frozenset({SEN_TERM_ID}): Service.NeedsServed.SEN,
    frozenset({DISABILITY_TERM_ID}): Service.NeedsServed.DISABILITY,
    frozenset({SEN_TERM_ID, DISABILITY_TERM_ID}): Service.NeedsServed.BOTH,
}
# Our own reference terms (categories, needs): a feed links to them, it does not edit them.
STANDARD_TAXONOMY_IDS = {taxonomy_id for taxonomy_id, *_ in TAXONOMIES}
STANDARD_TERM_IDS = {term[0] for *_, terms in TAXONOMIES for term in terms}
# Ids for the rows a feed implies without giving them, derived so that they are stable.
NAMESPACE = uuid.UUID("6f1c3c2e-6a0b-5d3e-9b1e-0c5d9a1b7e21")
NO_ORGANIZATION_ID = uuid.uuid5(NAMESPACE, "organization:none")


class ImportProblem(Exception):
    """Why one service cannot be imported, in words an editor can act on."""


@dataclass
class ImportReport:
    """What an import did: services created, updated, unchanged; the organisations,
    taxonomies and terms a feed gave on their own (`others`, by kind); what could not be
    imported and why, and the warnings. Labels name the kind: "service <id>"."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (label, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (label, what)
    drafts: set[str] = field(default_factory=set)  # services with warnings
    others: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> outcome -> n

    def count(self, kind: str, outcome: str) -> None:
        if kind == SERVICE:
            setattr(self, outcome, getattr(self, outcome) + 1)
        else:
            counts = self.others.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
            counts[outcome] += 1

    @property
    def services_failed_only(self) -> bool:
        return all(label.startswith(f"{SERVICE} ") for label, _ in self.failures)

    def summary(self) -> str:
        others = "".join(
            f"; {PLURALS[kind]}: "
            + ", ".join(f"{counts[outcome]} {outcome}" for outcome in OUTCOMES)
            for kind, counts in self.others.items()
        )
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.failures)} not imported"
            + others
            + (f"; {len(self.drafts)} need an editor (warnings above)" if self.drafts else "")
        )


OUTCOMES = ("created", "updated", "unchanged")
# The kinds of item a feed may hold.
SERVICE, ORGANIZATION, TAXONOMY, TERM = "service", "organization", "taxonomy", "taxonomy term"
PLURALS = {ORGANIZATION: "organizations", TAXONOMY: "taxonomies", TERM: "taxonomy terms"}


# What a feed holds


def _as_service(item: Any) -> Any:
    """A service, from a service, an organisation's (one each), or a service at a location."""
    if not isinstance(item, dict):
        return [item]
    if isinstance(item.get("services"), list) and "status" not in item:
        organization = {key: value for key, value in item.items() if key != "services"}
        return [
            {**service, "organization": service.get("organization") or organization}
            if isinstance(service, dict)
            else service
            for service in item["services"]
        ]
    if isinstance(item.get("service"), dict) and "status" not in item:
        service = dict(item["service"])
        links = list(service.get("service_at_locations") or [])
        if item.get("location") and all(link.get("id") != item.get("id") for link in links):
            links.append({key: value for key, value in item.items() if key != "service"})
        service["service_at_locations"] = links
        return [service]
    return [item]


# Keys only an item of that kind has (ORUK 3.0 / HSDS 3.0 schemas), in the order they
# are asked; an item with none of them (an id, a name, a description) is of the kind of
# the items around it.
KIND_KEYS = (
    (
        SERVICE,
        {
            "status",
            "services",
            "service",
            "organization",
            "organization_id",
            "service_at_locations",
            "schedules",
            "cost_options",
            "service_areas",
            "application_process",
            "eligibility_description",
        },
    ),
    (TAXONOMY, {"taxonomy_terms", "version"}),
    (TERM, {"taxonomy", "taxonomy_id", "parent_id", "term", "code", "term_uri"}),
    (
        ORGANIZATION,
        {
            "organization_identifiers",
            "website",
            "logo",
            "parent_organization_id",
            "legal_status",
            "year_incorporated",
            "alternate_name",
            "tax_status",
            "tax_id",
        },
    ),
)


def _kind_of(item: Any) -> str:
    if not isinstance(item, dict):
        return SERVICE  # reported as not imported
    return next((kind for kind, keys in KIND_KEYS if not keys.isdisjoint(item)), "")


def feed_items(items: Iterable) -> Iterator[tuple[str, Any]]:
    """Each item of a feed as it is read, with its kind: services (one for each of an
    organisation's services, or the service of a service at a location), organisations,
    taxonomies (with their terms) and taxonomy terms. An item that does not say what it
    is takes the kind of the items before it, or, at the start, of the first that does
    (only those are held back). A feed in which nothing says is refused."""
    held: list = []
    kind = ""
    for item in items:
        kind = _kind_of(item) or kind
        if not kind:
            held.append(item)
            continue
        for each in [*held, item]:
            if kind == SERVICE:
                for service in _as_service(each):
                    yield SERVICE, service
            else:
                yield kind, each
        held = []
    if held:
        raise ImportProblem(
            "The file holds nothing to import. It must hold an array of services, a page "
            "envelope with their contents, a single service, an organisation with its "
            "services, a service at a location, or organisations, taxonomies or taxonomy "
            "terms"
        )


def services_in(document: Any) -> list:
    """The items of a feed: a page envelope's `contents`, an array, or a single one."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]
    if isinstance(document, list):
        return document
    return [document]


def oruk_import(document: Any, *, dry_run: bool = False) -> ImportReport:
    return import_services(services_in(document), dry_run=dry_run)


def import_services(services, *, dry_run: bool = False, report=None) -> ImportReport:
    """Import the items of a feed (services, or organisations, taxonomies and terms on
    their own: dicts as the feed gives them; feed_items) in batches of BATCH_SIZE.

    A dry run is the real import inside one transaction that is rolled back at the end:
    each batch sees what the batches before it wrote (an organisation, a term, a location
    they created), so its report is what the import would do."""
    report = report or ImportReport()
    if not dry_run:
        return _import_all(services, report)
    with transaction.atomic():
        _import_all(services, report)
        transaction.set_rollback(True)
    return report


def _import_all(items, report: ImportReport) -> ImportReport:
    seen: set[str] = set()
    batch: list[tuple[str, str, Any]] = []
    # Terms whose parent was not known when they were written: linked at the end.
    parents: dict[uuid.UUID, uuid.UUID] = {}
    counts: dict[str, int] = {}
    for kind, data in feed_items(items):
        counts[kind] = counts.get(kind, 0) + 1
        pk = data.get("id") if isinstance(data, dict) else None
        label = f"{kind} {pk}" if pk else f"{kind} #{counts[kind]}"
        if label in seen:
            continue  # the same service in two places of one feed (an organisation's too)
        seen.add(label)
        batch.append((label, kind, data))
        if len(batch) == BATCH_SIZE:
            _import_batch(batch, report, parents)
            batch = []
    if batch:
        _import_batch(batch, report, parents)
    if parents:
        _link_parents(parents)
    return report


def _link_parents(parents: dict[uuid.UUID, uuid.UUID]) -> None:
    """Link each term to its parent, when the parent came later in the feed than the term
    (or not at all: then the parent's id stays in the term's `extra`, for the API)."""
    there = set(
        TaxonomyTerm.objects.filter(pk__in=set(parents.values())).values_list("pk", flat=True)
    )
    terms = list(
        TaxonomyTerm.objects.filter(
            pk__in=[pk for pk, parent in parents.items() if parent in there]
        )
    )
    for term in terms:
        term.parent_id = parents[term.pk]
        term.extra.pop("parent_id", None)
    if terms:
        TaxonomyTerm.objects.bulk_update(terms, ["parent_id", "extra"])


ITEM_ROWS = {}  # kind -> what stages an item of that kind; filled below


def _loadable(kind: str, data: Any) -> Any:
    """An item as Rows.load finds the ids it names: as if it were nested in a service."""
    if kind == ORGANIZATION:
        return {"organization": data}
    if kind == TERM:
        return {"attributes": [{"taxonomy_term": data}]}
    if kind == TAXONOMY and isinstance(data, dict):
        terms = data.get("taxonomy_terms")
        terms = terms if isinstance(terms, list) else []
        return {"attributes": [{"taxonomy_term": term} for term in terms]}
    return data


def _import_batch(
    items: list[tuple[str, str, Any]], report: ImportReport, parents: dict | None = None
) -> None:
    """Read, compare and write a batch in one transaction (a savepoint of the dry run's)."""
    outcomes: list[tuple[str, str, str, list[str]]] = []
    failures: list[tuple[str, str]] = []
    parents = {} if parents is None else parents
    try:
        with transaction.atomic():
            rows = Rows()
            rows.load([_loadable(kind, data) for _, kind, data in items])
            for label, kind, data in items:
                warnings: list[str] = []
                stage = Stage(rows)
                try:
                    outcome = ITEM_ROWS[kind](stage, data, warnings)
                except ImportProblem as problem:
                    failures.append((label, str(problem)))
                    continue
                except ValidationError as error:
                    failures.append((label, _validation_message(error)))
                    continue
                except (TypeError, ValueError, AttributeError) as error:
                    failures.append((label, f"it is malformed: {error}"))
                    continue
                stage.commit()
                outcomes.append((label, kind, outcome, warnings))
            rows.flush()
    except DatabaseError as error:
        if len(items) == 1:
            report.failures.append((items[0][0], f"the database refused it: {error}".strip()))
            return
        # One service the database refuses (a constraint the import does not check) must
        # not cost the batch's others: each is tried alone.
        for item in items:
            _import_batch([item], report, parents)
        return
    report.failures += failures
    parents.update(rows.parents)
    for label, kind, outcome, warnings in outcomes:
        report.count(kind, outcome)
        report.warnings += [(label, warning) for warning in warnings]
        if warnings and kind == SERVICE:
            report.drafts.add(label)


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


# Reading values from the feed


def _text(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise ImportProblem(f"{name} must be text")
    # Kept as given (a trailing space included), so that it round-trips.
    return str(value)


def _uuid(value: Any, what: str) -> uuid.UUID:
    if value in (None, ""):
        raise ImportProblem(f"{what} has no id")
    if not isinstance(value, str) or not UUID_PATTERN.match(value):
        raise ImportProblem(f"{what} has an id that is not a UUID: {value!r}")
    return uuid.UUID(value)


def _optional_uuid(value: Any, what: str) -> uuid.UUID | None:
    return None if value in (None, "") else _uuid(value, what)


def _date(data: dict, name: str) -> datetime.date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        parsed = parse_date(str(value)[:10])
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportProblem(f"{name} is not a date: {value!r}")
    return parsed


def _time(data: dict, name: str) -> datetime.time | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        parsed = parse_time(str(value).removesuffix("Z"))
    except ValueError:
        parsed = None
    if parsed is None:
        raise ImportProblem(f"{name} is not a time: {value!r}")
    return parsed.replace(tzinfo=None, microsecond=0)


def _decimal(data: dict, name: str) -> Decimal | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ImportProblem(f"{name} is not a number: {value!r}") from None


def _age(data: dict, name: str, default: int) -> int:
    value = data.get(name)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 32767:
        raise ImportProblem(f"{name} is {value!r}, not an age in whole years")
    return value


def _list(data: dict, name: str) -> list[dict]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ImportProblem(f"{name} must be an array of objects")
    return value


def _extra(data: dict, known: set[str]) -> dict:
    """What the feed gave that has no column: kept, to be sent back as it came."""
    return {key: value for key, value in data.items() if key not in known and value is not None}


# Writing rows


ORGANIZATION_FIELDS = {"id", "name", "description", "email", "website", "logo", "uri"}
ORGANIZATION_KNOWN = ORGANIZATION_FIELDS | {
    "parent_organization_id",
    "organization_identifiers",
    "services",
}


def _organization(upserts: Stage, data: dict, warnings: list[str]) -> Organization:
    nested = data.get("organization")
    key = (
        "organization",
        repr(nested) if isinstance(nested, dict) else data.get("organization_id"),
    )
    known = upserts.remembered(key)
    if known is not None:
        item, notes = known
        warnings += notes
        return item
    notes: list[str] = []
    item = _organization_upsert(upserts, data, notes)
    warnings += notes
    upserts.remember(key, (item, notes))
    return item


def _organization_upsert(upserts: Stage, data: dict, warnings: list[str]) -> Organization:
    nested = data.get("organization")
    if not isinstance(nested, dict):
        pk = _optional_uuid(data.get("organization_id"), "The organization")
        item = upserts.get(Organization, pk)
        if item is not None:
            return item
        warnings.append(
            "The feed does not name the organisation that runs it"
            + (f" (id {pk})" if pk else "")
            + ": it is filed under “Organisation not given”; choose the right one."
        )
        return upserts.row(
            Organization,
            NO_ORGANIZATION_ID,
            {
                "name": "Organisation not given",
                "description": "Imported services whose feed "
                "did not name the organisation that runs them.",
            },
            "Organization",
        )
    pk = _uuid(nested.get("id"), "The organization")
    name = _text(nested, "name")
    if not name:
        raise ImportProblem(f"organization {pk} has no name")
    namesake = upserts.rows.organization_named(name)
    if namesake is not None and namesake.pk != pk:
        warnings.append(
            f"The organisation {name} is here already under another id ({namesake.pk}): "
            f"the service is filed under it, and the feed's id {pk} is not kept."
        )
        return namesake
    held = upserts.get(Organization, pk)
    before = held.name if held is not None else None
    item = upserts.row(
        Organization,
        pk,
        {
            "name": name,
            "description": _text(nested, "description"),
            "email": _text(nested, "email"),
            "website": _text(nested, "website"),
            "logo": _text(nested, "logo"),
            "uri": _text(nested, "uri"),
            "parent_organization_id": _optional_uuid(
                nested.get("parent_organization_id"), "The parent organization"
            ),
            "extra": _extra(nested, ORGANIZATION_KNOWN),
        },
        "Organization",
        lenient=("description",),
    )
    keep = set()
    for identifier in _list(nested, "organization_identifiers"):
        identifier_id = _uuid(identifier.get("id"), "An organization identifier")
        upserts.row(
            OrganizationIdentifier,
            identifier_id,
            {
                "organization_id": item.pk,
                "identifier_scheme": _text(identifier, "identifier_scheme"),
                "identifier_type": _text(identifier, "identifier_type"),
                "identifier": _text(identifier, "identifier"),
            },
            "Organization identifier",
        )
        keep.add(identifier_id)
    if "organization_identifiers" in nested:
        upserts.prune(OrganizationIdentifier, item.pk, keep)
    if before is not None and before != item.name:
        # Its services are found by its name: refresh their search documents.
        upserts.renamed.add(item.pk)
    return item


TAXONOMY_KNOWN = {"id", "name", "description", "uri", "version", "taxonomy_terms"}
TERM_KNOWN = {
    "id",
    "name",
    "term",
    "code",
    "description",
    "taxonomy",
    "taxonomy_id",
    "parent_id",
    "term_uri",
    "taxonomy_detail",
}


def _taxonomy(upserts: Stage, nested: dict, term_id: uuid.UUID) -> uuid.UUID:
    """The taxonomy of a term: by id (created when new), by the name the feed gives in
    `taxonomy`, or one for the terms of feeds that give neither."""
    taxonomy_id = _optional_uuid(nested.get("taxonomy_id"), "A taxonomy")
    detail = (
        nested.get("taxonomy_detail") if isinstance(nested.get("taxonomy_detail"), dict) else {}
    )
    name = _text(nested, "taxonomy") or _text(detail, "name")
    if taxonomy_id is None:
        existing = upserts.get(TaxonomyTerm, term_id)
        taxonomy_id = existing.taxonomy_id if existing is not None else None
    if taxonomy_id is None and name:
        named = upserts.rows.taxonomy_named(name)
        taxonomy_id = named.pk if named else uuid.uuid5(NAMESPACE, f"taxonomy:{name}")
    if taxonomy_id is None:
        taxonomy_id, name = uuid.uuid5(NAMESPACE, "taxonomy:none"), "Imported terms"
    if taxonomy_id in STANDARD_TAXONOMY_IDS or upserts.get(Taxonomy, taxonomy_id) is not None:
        return taxonomy_id
    name = name or f"Taxonomy {taxonomy_id}"
    if upserts.rows.taxonomy_named(name) is not None:
        name = f"{name} ({taxonomy_id})"
    upserts.row(
        Taxonomy,
        taxonomy_id,
        {
            "name": name,
            "description": _text(detail, "description") or "Imported with an Open Referral feed.",
            "uri": _text(detail, "uri"),
            "version": _text(detail, "version"),
        },
        "Taxonomy",
    )
    return taxonomy_id


def _term(upserts: Stage, attribute: dict, warnings: list[str]) -> TaxonomyTerm:
    key = ("term", attribute.get("taxonomy_term_id"), repr(attribute.get("taxonomy_term")))
    known = upserts.remembered(key)
    if known is not None:
        item, notes = known
        warnings += notes
        return item
    notes: list[str] = []
    item = _term_upsert(upserts, attribute, notes)
    warnings += notes
    upserts.remember(key, (item, notes))
    return item


def _term_upsert(upserts: Stage, attribute: dict, warnings: list[str]) -> TaxonomyTerm:
    nested = attribute.get("taxonomy_term")
    term_id = _uuid(
        attribute.get("taxonomy_term_id") or (nested or {}).get("id"), "A taxonomy term"
    )
    existing = upserts.get(TaxonomyTerm, term_id)
    if term_id in STANDARD_TERM_IDS and existing is not None:
        return existing
    if not isinstance(nested, dict):
        if existing is not None:
            return existing
        warnings.append(
            f"The taxonomy term {term_id} is not described in the feed: it is created as "
            "“Term not described”; name it."
        )
        nested = {"id": str(term_id), "name": "Term not described"}
    name = _text(nested, "name") or _text(nested, "term") or (existing.term if existing else "")
    if not name:
        raise ImportProblem(f"taxonomy term {term_id} has no name")
    taxonomy_id = _taxonomy(upserts, nested, term_id)
    parent_id = _optional_uuid(nested.get("parent_id"), "A parent taxonomy term")
    extra = _extra(nested, TERM_KNOWN)
    if _text(nested, "term") and _text(nested, "term") != name:
        extra["term"] = _text(nested, "term")
    parent_known = parent_id is not None and (
        parent_id == term_id or upserts.get(TaxonomyTerm, parent_id) is not None
    )
    if parent_id is not None and not parent_known:
        # The parent is not here (yet): its id is kept for the API, and the term is linked
        # to it at the end of the import if a later item brings it (_link_parents).
        extra["parent_id"] = str(parent_id)
        upserts.parents[term_id] = parent_id
    code = _text(nested, "code") or (existing.code if existing else "")
    if not code:
        code = f"{slugify(name)[:40]}-{str(term_id)[:8]}".strip("-")
    return upserts.row(
        TaxonomyTerm,
        term_id,
        {
            "taxonomy_id": taxonomy_id,
            "code": code[:60],
            "term": name,
            "description": _text(nested, "description"),
            "term_uri": _text(nested, "term_uri"),
            "parent_id": parent_id if parent_known and parent_id != term_id else None,
            "extra": extra,
        },
        "Taxonomy term",
    )


ATTRIBUTE_KNOWN = {"id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "taxonomy_term"}


def _classification(upserts: Stage, data: dict, warnings: list[str]) -> tuple[str, list[tuple]]:
    """Whom the service is for, and its other attributes as (id, term, link type, extra)."""
    needs: set[uuid.UUID] = set()
    attributes: dict[uuid.UUID, tuple] = {}
    if "attributes" not in data:
        # A list's one-to-one fields: whom it serves is what we hold already, if anything.
        held = upserts.get(Service, _uuid(data.get("id"), "The service"))
        if held is not None and held.needs_served:
            return held.needs_served, []
    for attribute in _list(data, "attributes"):
        attribute_id = _uuid(attribute.get("id"), "An attribute")
        term = _term(upserts, attribute, warnings)
        if term.pk in (SEN_TERM_ID, DISABILITY_TERM_ID):
            needs.add(term.pk)
        elif term.pk not in attributes:
            attributes[term.pk] = (
                attribute_id,
                term,
                _text(attribute, "link_type") or "category",
                _extra(attribute, ATTRIBUTE_KNOWN),
            )
    if not needs:
        # CFA 2014 s.30: the local offer is for children and young people with SEN or
        # disabilities; an editor says which (SEND Regulations 2014, reg 53).
        warnings.append(
            "The feed does not say whether the service is for children and young people "
            "with SEN, disabled children and young people, or both: an editor must say."
        )
    return NEEDS[frozenset(needs)], list(attributes.values())


def _own_page(url: str, pk: uuid.UUID) -> bool:
    """Our API gives a service without a website our page's address: that is not its own."""
    return bool(url) and urlparse(url).path == reverse("local_offer_public:service", args=[pk])


SERVICE_KNOWN = {
    "id",
    "organization_id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "fees",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
    "last_modified",
    "eligibility_description",
    "application_process",
    "schedules",
    "service_areas",
    "service_at_locations",
    "languages",
    "organization",
    "funding",
    "cost_options",
    "contacts",
    "attributes",
}


def _is_free(data: dict, pk: uuid.UUID) -> bool:
    """ORUK 3.0 has no "free" flag (schema cost_option.json): our API sends a free service
    as a cost option of amount 0 with an id derived from the service's; another feed says
    so with options of nothing and none of more."""
    options = _list(data, "cost_options")
    if any(item.get("id") == str(Service(id=pk).free_cost_option_id) for item in options):
        return True
    amounts = [_decimal(item, "amount") for item in options]
    return 0 in amounts and not any(amount and amount > 0 for amount in amounts)


def _without_free(data: dict, pk: uuid.UUID) -> dict:
    """The cost options to keep as rows: not the one is_free stands for (it is derived)."""
    if "cost_options" not in data:
        return {}
    free = str(Service(id=pk).free_cost_option_id)
    return {
        "cost_options": [item for item in _list(data, "cost_options") if item.get("id") != free]
    }


def _service_values(
    data: dict, pk: uuid.UUID, organization: Organization, needs: str, warnings: list[str]
) -> tuple[dict, tuple[str, ...]]:
    name = _text(data, "name")
    if not name.strip():
        raise ImportProblem("has no name")
    status = _text(data, "status") or Service.OperatingStatus.ACTIVE
    if status not in Service.OperatingStatus.values:
        raise ImportProblem(
            f"status {status!r} is not one of " + ", ".join(Service.OperatingStatus.values)
        )
    minimum_age = _age(data, "minimum_age", 0)
    maximum_age = _age(data, "maximum_age", MAX_AGE)
    if minimum_age > maximum_age:
        raise ImportProblem(f"minimum_age {minimum_age} is above maximum_age {maximum_age}")
    lenient = ["description"]
    if maximum_age > MAX_AGE:
        # CFA 2014 s.30: the local offer is for children and young people aged 0 to 25.
        warnings.append(
            f"The service is for ages {minimum_age} to {maximum_age}; the local offer covers "
            f"0 to {MAX_AGE}: an editor must narrow the range before publishing."
        )
        lenient += ["minimum_age", "maximum_age"]
    if not _text(data, "description").strip():
        warnings.append("The service has no description: an editor should add one.")
    url = _text(data, "url")
    free = {"is_free": _is_free(data, pk)} if "cost_options" in data else {}
    return {
        **free,
        "organization_id": organization.pk,
        "name": name,
        "description": _text(data, "description"),
        "url": "" if _own_page(url, pk) else url,
        "email": _text(data, "email"),
        "operating_status": status,
        "alert": _text(data, "alert"),
        "fees": _text(data, "fees"),
        "accreditations": _text(data, "accreditations"),
        "assurer_email": _text(data, "assurer_email"),
        "minimum_age": minimum_age,
        "maximum_age": maximum_age,
        "needs_served": needs,
        "eligibility_description": _text(data, "eligibility_description"),
        "application_process": _text(data, "application_process"),
        "extra": _extra(data, SERVICE_KNOWN),
    }, tuple(lenient)


LOCATION_KNOWN = {
    "id",
    "location_type",
    "name",
    "description",
    "latitude",
    "longitude",
    "external_identifier",
    "external_identifier_type",
    "addresses",
    "accessibility",
}
ADDRESS_HELD = {
    "id",
    "location_id",
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
    "address_type",
}
ACCESSIBILITY_HELD = {"id", "location_id", "description", "details", "url", "accessibility"}


def _coordinates(data: dict, pk, extra: dict, warnings: list[str]):
    latitude, longitude = _decimal(data, "latitude"), _decimal(data, "longitude")
    if latitude is None and longitude is None:
        return None, None
    if (
        latitude is None
        or longitude is None
        or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
    ):
        # Kept as the feed gave them, and sent back so; but no place can be found there.
        extra["latitude"], extra["longitude"] = data.get("latitude"), data.get("longitude")
        warnings.append(
            f"Location {pk} has coordinates that are not a place on Earth "
            f"({data.get('latitude')}, {data.get('longitude')}): it cannot be found by "
            "distance until an editor corrects them."
        )
        return None, None
    return latitude.quantize(SIX_PLACES), longitude.quantize(SIX_PLACES)


def _location(upserts: Stage, data: dict, warnings: list[str]) -> Location:
    pk = _uuid(data.get("id"), "A location")
    location_type = _text(data, "location_type") or Location.LocationType.PHYSICAL
    if location_type not in Location.LocationType.values:
        raise ImportProblem(f"location {pk} has an unknown location_type {location_type!r}")
    addresses = _list(data, "addresses")
    for item in addresses:
        _uuid(item.get("id"), f"An address of location {pk}")
    # The address we hold: the physical one, else the first; the others are kept whole.
    held = next((a for a in addresses if a.get("address_type") == "physical"), None)
    held = held or (addresses[0] if addresses else None)
    others = [item for item in addresses if item is not held]
    address = held or {}
    extra = _extra(data, LOCATION_KNOWN)
    lenient: list[str] = []
    country = _text(address, "country").upper() or "GB"
    postcode = _text(address, "postal_code")
    if held is None:
        lenient += ["address_1", "city", "postcode"]
        if location_type == Location.LocationType.PHYSICAL and "addresses" in data:
            warnings.append(f"Location {pk} is a place people go to, but has no address.")
    elif country not in ("GB", "UK") or not _uk_postcode(postcode):
        # A local offer is for one English council's area: a place elsewhere is unusual.
        warnings.append(
            f"Location {pk} does not have a UK address (country {country!r}, postcode "
            f"{postcode!r}): an editor should check it."
        )
        lenient += ["postcode", "country"]
    else:
        country, postcode = "GB", normalise_postcode(postcode)
    latitude, longitude = _coordinates(data, pk, extra, warnings)
    if latitude is None and "latitude" not in extra and postcode and country == "GB":
        latitude, longitude = upserts.rows.postcodes.get(postcode) or (None, None)
    entries = _list(data, "accessibility")
    first = entries[0] if entries else {}
    if first:
        _uuid(first.get("id"), f"An accessibility entry of location {pk}")
    values = {
        "location_type": location_type,
        "address_id": _uuid(address["id"], "An address") if held else uuid.uuid5(pk, "address"),
        "address_type": _text(address, "address_type") or "physical",
        "attention": _text(address, "attention"),
        "region": _text(address, "region"),
        "state_province": _text(address, "state_province"),
        "other_addresses": others,
        "external_identifier": _text(data, "external_identifier"),
        "external_identifier_type": _text(data, "external_identifier_type"),
        "name": _text(data, "name") or _text(address, "address_1") or f"Location {pk}",
        "description": _text(data, "description"),
        "address_1": _text(address, "address_1"),
        "address_2": _text(address, "address_2"),
        "city": _text(address, "city"),
        "postcode": postcode,
        "country": country[:2],
        "latitude": latitude,
        "longitude": longitude,
        "accessibility": _text(first, "description") or _text(first, "accessibility"),
        "accessibility_entry_id": _optional_uuid(first.get("id"), "An accessibility entry"),
        "accessibility_details": _text(first, "details"),
        "accessibility_url": _text(first, "url"),
        "other_accessibility": entries[1:],
        "extra": extra,
    }
    if upserts.get(Location, pk) is not None:
        # A list's location has no addresses or accessibility: those we hold stay.
        absent = {
            "addresses": LOCATION_ADDRESS_FIELDS,
            "accessibility": LOCATION_ACCESSIBILITY_FIELDS,
            "latitude": ("latitude", "longitude"),
        }
        for key, fields in absent.items():
            if key not in data:
                for name in fields:
                    values.pop(name, None)
    return upserts.row(Location, pk, values, "Location", lenient=tuple(lenient))


LOCATION_ADDRESS_FIELDS = (
    "address_id",
    "address_type",
    "attention",
    "region",
    "state_province",
    "other_addresses",
    "address_1",
    "address_2",
    "city",
    "postcode",
    "country",
)
LOCATION_ACCESSIBILITY_FIELDS = (
    "accessibility",
    "accessibility_entry_id",
    "accessibility_details",
    "accessibility_url",
    "other_accessibility",
)


def _uk_postcode(postcode: str) -> bool:
    try:
        UK_POSTCODE(normalise_postcode(postcode))
    except ValidationError:
        return False
    return True


def _nested_rows(
    upserts: Stage,
    data: dict,
    name: str,
    model: type,
    parent_pk: uuid.UUID,
    values,
    known: set[str],
    what: str,
) -> None:
    """Upsert each item of `data[name]` by id with `values(item)` and its extras; remove the
    rows the feed no longer has. A feed without the key at all (a list's one-to-one
    fields) says nothing about them: they are left as they are."""
    if name not in data:
        return
    keep = set()
    for item in _list(data, name):
        pk = _uuid(item.get("id"), what)
        upserts.row(model, pk, {**values(item), "extra": _extra(item, known)}, what)
        keep.add(pk)
    upserts.prune(model, parent_pk, keep)


SCHEDULE_KNOWN = {
    "id",
    "service_id",
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "opens_at",
    "closes_at",
    "valid_from",
    "valid_to",
    "dtstart",
    "description",
    "attending_type",
    "notes",
    "schedule_link",
}


def _schedule(service_pk: uuid.UUID):
    def values(item: dict) -> dict:
        interval = item.get("interval")
        return {
            "service_id": service_pk,
            "freq": _text(item, "freq").upper() or Schedule.Frequency.WEEKLY,
            "interval": int(interval) if isinstance(interval, (int, float)) else 1,
            "byday": _text(item, "byday"),
            "bymonthday": _text(item, "bymonthday"),
            "opens_at": _time(item, "opens_at"),
            "closes_at": _time(item, "closes_at"),
            "valid_from": _date(item, "valid_from"),
            "valid_to": _date(item, "valid_to"),
            "dtstart": _date(item, "dtstart"),
            "description": _text(item, "description"),
            "attending_type": _text(item, "attending_type"),
            "notes": _text(item, "notes"),
            "schedule_link": _text(item, "schedule_link"),
        }

    return values


def _cost_option(service_pk: uuid.UUID):
    def values(item: dict) -> dict:
        amount = _decimal(item, "amount")
        return {
            "service_id": service_pk,
            "option": _text(item, "option"),
            "amount": None if amount is None else amount.quantize(Decimal("0.01")),
            "currency": _text(item, "currency").upper()[:3] or "GBP",
            "amount_description": _text(item, "amount_description"),
            "valid_from": _date(item, "valid_from"),
            "valid_to": _date(item, "valid_to"),
        }

    return values


def _children(
    upserts: Stage, service_pk: uuid.UUID, data: dict, attributes: list, warnings: list[str]
) -> None:
    """Everything nested in the service, upserted by id; rows the feed lacks are removed
    (but a key the feed does not have at all leaves those rows alone)."""
    keep = set()
    for attribute_id, term, link_type, extra in attributes:
        for other in upserts.children(ServiceAttribute, service_pk) - {attribute_id}:
            if upserts.get(ServiceAttribute, other).taxonomy_term_id == term.pk:
                upserts.delete(ServiceAttribute, other)  # the same term under another id
        upserts.row(
            ServiceAttribute,
            attribute_id,
            {
                "service_id": service_pk,
                "taxonomy_term_id": term.pk,
                "link_type": link_type,
                "extra": extra,
            },
            "Attribute",
        )
        keep.add(attribute_id)
    if "attributes" in data:
        upserts.prune(ServiceAttribute, service_pk, keep)

    keep = set()
    for link in _list(data, "service_at_locations"):
        location_data = link.get("location")
        if not isinstance(location_data, dict):
            location = upserts.get(Location, _optional_uuid(link.get("location_id"), "A location"))
            if location is None:
                raise ImportProblem("a service_at_location has no location, nested or known")
        else:
            key = ("location", repr(location_data))
            known = upserts.remembered(key)
            if known is None:
                notes: list[str] = []
                location = _location(upserts, location_data, notes)
                upserts.remember(key, (location, notes))
            else:
                location, notes = known
            warnings += notes
        link_id = _uuid(link.get("id"), "A service_at_location")
        upserts.row(
            ServiceAtLocation,
            link_id,
            {"service_id": service_pk, "location_id": location.pk},
            "Service at location",
        )
        keep.add(link_id)
    if "service_at_locations" in data:
        upserts.prune(ServiceAtLocation, service_pk, keep)

    keep = set()
    for contact_data in _list(data, "contacts"):
        contact = upserts.row(
            Contact,
            _uuid(contact_data.get("id"), "A contact"),
            {
                "service_id": service_pk,
                "name": _text(contact_data, "name"),
                "title": _text(contact_data, "title"),
                "email": _text(contact_data, "email"),
                "extra": _extra(
                    contact_data, {"id", "service_id", "name", "title", "email", "phones"}
                ),
            },
            "Contact",
        )
        keep.add(contact.pk)
        _nested_rows(
            upserts,
            contact_data,
            "phones",
            Phone,
            contact.pk,
            lambda item, contact=contact: {
                "contact_id": contact.pk,
                "number": _text(item, "number"),
                "description": _text(item, "description"),
            },
            {"id", "contact_id", "number", "description"},
            "Phone",
        )
    if "contacts" in data:
        upserts.prune(Contact, service_pk, keep)

    _nested_rows(
        upserts,
        data,
        "schedules",
        Schedule,
        service_pk,
        _schedule(service_pk),
        SCHEDULE_KNOWN,
        "Schedule",
    )
    _nested_rows(
        upserts,
        _without_free(data, service_pk),
        "cost_options",
        CostOption,
        service_pk,
        _cost_option(service_pk),
        {"id", "service_id", "option", "amount", "currency", "amount_description"}
        | {"valid_from", "valid_to"},
        "Cost option",
    )
    _nested_rows(
        upserts,
        data,
        "languages",
        Language,
        service_pk,
        lambda item: {
            "service_id": service_pk,
            "name": _text(item, "name"),
            "code": _text(item, "code"),
            "note": _text(item, "note"),
        },
        {"id", "service_id", "name", "code", "note"},
        "Language",
    )
    _nested_rows(
        upserts,
        data,
        "service_areas",
        ServiceArea,
        service_pk,
        lambda item: {
            "service_id": service_pk,
            "name": _text(item, "name"),
            "service_area": _text(item, "service_area"),
            "extent": _text(item, "extent"),
            "extent_type": _text(item, "extent_type"),
            "uri": _text(item, "uri"),
        },
        {"id", "service_id", "name", "service_area", "extent", "extent_type", "uri"},
        "Service area",
    )
    _nested_rows(
        upserts,
        data,
        "funding",
        Funding,
        service_pk,
        lambda item: {"service_id": service_pk, "source": _text(item, "source")},
        {"id", "service_id", "source"},
        "Funding",
    )


def _service_rows(upserts: Stage, data: Any, warnings: list[str]) -> str:
    """Stage the rows of one fully nested ORUK service; "created", "updated" or "unchanged".

    A new service is published (it is public in the directory it comes from), with its
    assured date from the feed and a review-by date a year on, unless a local rule needs an
    editor (`warnings`): then it is a draft. An existing one keeps its publication state and
    review-by date, which are the editors' to decide; a warning unpublishes nothing.
    """
    if not isinstance(data, dict):
        raise ImportProblem("is not a JSON object")
    pk = _uuid(data.get("id"), "The service")
    organization = _organization(upserts, data, warnings)
    needs, attributes = _classification(upserts, data, warnings)
    values, lenient = _service_values(data, pk, organization, needs, warnings)
    existing = upserts.get(Service, pk)
    assured_date = _date(data, "assured_date")
    changed_fields = []
    if existing is not None:
        if assured_date:
            values["assured_date"] = assured_date
        changed_fields = [
            name for name, value in values.items() if getattr(existing, name) != value
        ]
        if existing.status == Service.Status.PUBLISHED:
            lenient = ("description",)  # a published entry keeps to the local rules
    _children(upserts, pk, data, attributes, warnings)
    if existing is None:
        today = timezone.localdate()
        new = {"assured_date": assured_date or today, "review_by": today + REVIEW_AFTER_IMPORT}
        if not warnings:
            # Published in the directory it comes from: so here too (the local rules pass).
            new.update(status=Service.Status.PUBLISHED, published_at=timezone.now())
        service = upserts.row(Service, pk, values, "Service", lenient=lenient, new=new)
    else:
        service = upserts.row(Service, pk, values, "Service", lenient=lenient)
    outcome = "created" if existing is None else ("updated" if upserts.changed else "unchanged")
    if outcome != "unchanged":
        # last_modified: when the source last changed it, or now.
        updated_at = _last_modified(data) or timezone.now()
        if existing is None:
            upserts.service_times[pk] = updated_at
        else:
            upserts.stamp(Service, pk, {"updated_at": updated_at})
        upserts.refresh.add(pk)
        upserts.changes.append(
            LocalOfferChange(
                actor=None,
                action="service_imported",
                object_type=LocalOfferChange.ObjectType.SERVICE,
                object_id=pk,
                summary=(
                    f"Imported from an Open Referral UK feed: {service.name}"
                    + (" (a draft: " + " ".join(warnings) + ")" if warnings else "")
                    if existing is None
                    else "Updated from an Open Referral UK feed"
                    + (f" ({', '.join(changed_fields)})" if changed_fields else "")
                )[:300],
                fields=changed_fields,
            )
        )
    return outcome


def _last_modified(data: dict) -> datetime.datetime | None:
    value = data.get("last_modified")
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed


# Organisations, taxonomies and terms on their own (a feed of /organizations, /taxonomies
# or /taxonomy_terms): each is created or updated by id as when a service nests it.


def _outcome(upserts: Stage, existed: bool) -> str:
    return "updated" if existed and upserts.changed else ("unchanged" if existed else "created")


def _organization_item(upserts: Stage, data: Any, warnings: list[str]) -> str:
    if not isinstance(data, dict):
        raise ImportProblem("is not a JSON object")
    pk = _uuid(data.get("id"), "The organization")
    existed = upserts.get(Organization, pk) is not None
    item = _organization(upserts, {"organization": data}, warnings)
    if item.pk != pk:
        return "unchanged"  # here already under another id (the warning says so)
    return _outcome(upserts, existed)


def _term_item(upserts: Stage, data: Any, warnings: list[str]) -> str:
    if not isinstance(data, dict):
        raise ImportProblem("is not a JSON object")
    pk = _uuid(data.get("id"), "The taxonomy term")
    existed = upserts.get(TaxonomyTerm, pk) is not None
    _term(upserts, {"taxonomy_term_id": str(pk), "taxonomy_term": data}, warnings)
    return _outcome(upserts, existed)


def _taxonomy_item(upserts: Stage, data: Any, warnings: list[str]) -> str:
    """A taxonomy by id, and its terms (`taxonomy_terms`) under it. Our own reference
    taxonomies (categories, needs) are linked to, not edited."""
    if not isinstance(data, dict):
        raise ImportProblem("is not a JSON object")
    pk = _uuid(data.get("id"), "The taxonomy")
    existed = upserts.get(Taxonomy, pk) is not None
    if pk not in STANDARD_TAXONOMY_IDS:
        name = _text(data, "name")
        if not name:
            raise ImportProblem(f"taxonomy {pk} has no name")
        namesake = upserts.rows.taxonomy_named(name)
        if namesake is not None and namesake.pk != pk:
            name = f"{name} ({pk})"  # taxonomy names are unique here
        upserts.row(
            Taxonomy,
            pk,
            {
                "name": name,
                "description": _text(data, "description") or "Imported with an Open Referral feed.",
                "uri": _text(data, "uri"),
                "version": _text(data, "version"),
                "extra": _extra(data, TAXONOMY_KNOWN),
            },
            "Taxonomy",
        )
    for term in _list(data, "taxonomy_terms"):
        _term(
            upserts,
            {"taxonomy_term_id": term.get("id"), "taxonomy_term": {"taxonomy_id": str(pk), **term}},
            warnings,
        )
    return _outcome(upserts, existed)


ITEM_ROWS.update(
    {
        SERVICE: _service_rows,
        ORGANIZATION: _organization_item,
        TAXONOMY: _taxonomy_item,
        TERM: _term_item,
    }
)
