"""The API's query parameters, declared once: each parses itself from the request (a
malformed value is a 400 that names it) and describes itself in the OpenAPI document, so
what is documented is what is enforced."""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass

from django.utils.dateparse import parse_date, parse_datetime

UUID_PATTERN = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000


class BadParameter(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


def _raw(request, name: str) -> str:
    # PostgreSQL cannot store or compare NUL characters; nobody types them.
    return request.GET.get(name, "").replace("\x00", "").strip()


@dataclass(frozen=True)
class Query:
    name: str
    description: str

    def schema(self) -> dict:
        return {"type": "string"}

    def openapi(self) -> dict:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema(),
        }

    def parse(self, request):
        return _raw(request, self.name)


@dataclass(frozen=True)
class Text(Query):
    max_length: int = 200

    def schema(self) -> dict:
        return {"type": "string", "maxLength": self.max_length}

    def parse(self, request) -> str:
        value = _raw(request, self.name)
        if len(value) > self.max_length:
            raise BadParameter(
                self.name, f"{self.name} must be {self.max_length} characters or fewer"
            )
        return value


@dataclass(frozen=True)
class Integer(Query):
    minimum: int = 0
    maximum: int = 0
    default: int | None = None

    def schema(self) -> dict:
        schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        if self.default is not None:
            schema["default"] = self.default
        return schema

    def parse(self, request) -> int | None:
        raw = _raw(request, self.name)
        if not raw:
            return self.default
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", raw):
            raise BadParameter(self.name, f"{self.name} must be a whole number")
        value = int(raw)
        if not self.minimum <= value <= self.maximum:
            raise BadParameter(
                self.name, f"{self.name} must be from {self.minimum} to {self.maximum}"
            )
        return value


@dataclass(frozen=True)
class Uuid(Query):
    def schema(self) -> dict:
        return {"type": "string", "format": "uuid"}

    def parse(self, request) -> uuid.UUID | None:
        raw = _raw(request, self.name)
        if not raw:
            return None
        if not UUID_PATTERN.match(raw):
            raise BadParameter(self.name, f"{self.name} must be a UUID")
        return uuid.UUID(raw)


@dataclass(frozen=True)
class DateTime(Query):
    def schema(self) -> dict:
        return {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]}

    def parse(self, request) -> datetime.datetime | None:
        raw = _raw(request, self.name)
        if not raw:
            return None
        message = f"{self.name} must be an ISO 8601 date or date-time"
        try:
            # A "+" arrives as a space when the client did not encode it.
            value = parse_datetime(raw.replace(" ", "+"))
            if value is None:
                day = parse_date(raw)
                if day is None:
                    raise BadParameter(self.name, message)
                value = datetime.datetime.combine(day, datetime.time.min)
        except ValueError:  # well formed but impossible, like 2026-02-30
            raise BadParameter(self.name, message) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        try:
            # In UTC: PostgreSQL refuses offsets beyond 15:59 that ISO 8601 allows.
            return value.astimezone(datetime.UTC)
        except OverflowError:  # year 1 or 9999 pushed out of range by the offset
            raise BadParameter(self.name, message) from None


SEARCH = Text("search", "Words to look for (full-text search); nearest matches first.")
PAGE = Integer("page", "The page number, from 1.", minimum=1, maximum=MAX_PAGE, default=1)
PER_PAGE = Integer(
    "per_page",
    f"How many items a page holds, up to {MAX_PER_PAGE}.",
    minimum=1,
    maximum=MAX_PER_PAGE,
    default=50,
)
TAXONOMY_TERM_ID = Uuid("taxonomy_term_id", "Only services with this taxonomy term.")
TAXONOMY_ID = Uuid("taxonomy_id", "Only services (or terms) with a term of this taxonomy.")
MINIMUM_AGE = Integer(
    "minimum_age",
    "Only services whose youngest age is this or older.",
    minimum=0,
    maximum=150,
)
MAXIMUM_AGE = Integer(
    "maximum_age",
    "Only services whose oldest age is this or younger.",
    minimum=0,
    maximum=150,
)
ORGANIZATION_ID = Uuid("organization_id", "Only services run by this organisation.")
MODIFIED_AFTER = DateTime(
    "modified_after", "Only services changed at or after this date-time (ISO 8601)."
)
POSTCODE = Text(
    "postcode",
    "A UK postcode. Alone: services at locations with this postcode. With proximity: "
    "services at locations within that distance of it, nearest first (400 if the postcode "
    "is not known).",
    max_length=10,
)
PROXIMITY = Integer(
    "proximity",
    "A distance in metres from the postcode (needs postcode).",
    minimum=1,
    maximum=200_000,
)

PAGING = (PAGE, PER_PAGE)
SERVICE_FILTERS = (
    SEARCH,
    TAXONOMY_TERM_ID,
    TAXONOMY_ID,
    MINIMUM_AGE,
    MAXIMUM_AGE,
    ORGANIZATION_ID,
    MODIFIED_AFTER,
)


@dataclass(frozen=True)
class Boolean(Query):
    """ORUK's booleans: "true" or "false" (1 and 0 are taken too); absent is false."""

    def schema(self) -> dict:
        return {"type": "boolean", "default": False}

    def parse(self, request) -> bool:
        raw = _raw(request, self.name).lower()
        if raw in ("", "false", "0"):
            return False
        if raw in ("true", "1"):
            return True
        raise BadParameter(self.name, f"{self.name} must be true or false")


@dataclass(frozen=True)
class Choice(Query):
    choices: tuple[str, ...] = ()

    def schema(self) -> dict:
        return {"type": "string", "enum": list(self.choices), "default": self.choices[0]}

    def parse(self, request) -> str:
        raw = _raw(request, self.name).lower() or self.choices[0]
        if raw not in self.choices:
            raise BadParameter(self.name, f"{self.name} must be one of: {', '.join(self.choices)}")
        return raw


FORMAT = Choice(
    "format",
    "json (default): a page. ndjson: every result, one JSON object a line, without paging.",
    choices=("json", "ndjson"),
)
MINIMAL = Boolean(
    "minimal",
    "true: every matching service on page 1 (per_page ignored), each with just "
    "its id, name, status and last_modified.",
)
FULL = Boolean("full", "true: each item fully nested, as its {id} endpoint gives it.")
FULL_SERVICE = Boolean(
    "full_service", "true: the organisation's services fully nested (false: one-to-one fields)."
)
TOP_ONLY = Boolean("top_only", "true: only terms at the top of their taxonomy (no parent).")
PARENT_ID = Uuid("parent_id", "Only the terms whose parent is this term.")
LIST_SEARCH = Text("search", "Words the name or description contains.")
