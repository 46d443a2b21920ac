"""Declarative JSON shapes: one list of fields gives both the response body and its schema.

A `Shape` is an object the API sends (a service, a location...). Each `Field` names its
JSON key, its JSON Schema, and how to read the value from our row. `Shape.render` builds
the body; `Shape.schema` builds the OpenAPI component. Because both read the same
declarations, the OpenAPI document cannot drift from what the views answer.

Optional fields with no value are left out rather than sent as null (the standard types
them as strings or numbers); fields marked `always` are always sent, and arrays always are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
URI = {"type": "string", "format": "uri"}
EMAIL = {"type": "string", "format": "email"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
# ORUK's opens_at and closes_at are local times without an offset, "09:30:00".
TIME = {"type": "string", "pattern": r"^[0-2][0-9]:[0-5][0-9]:[0-5][0-9]$"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}


def page_envelope(items: dict, description: str, *, most_pages: int | None = None) -> dict:
    """The ORUK page envelope around a list of ``items`` (schema/service_list.json and the
    other *_list.json of the official schemas): its counts, flags and contents."""
    count = {**INTEGER, "minimum": 0}
    pages = count if most_pages is None else {**count, "maximum": most_pages}
    return {
        "type": "object",
        "description": description,
        "required": [
            "total_items",
            "total_pages",
            "page_number",
            "size",
            "first_page",
            "last_page",
            "empty",
            "contents",
        ],
        "properties": {
            "total_items": count,
            "total_pages": pages,
            "page_number": {**INTEGER, "minimum": 1},
            "size": count,
            "first_page": BOOLEAN,
            "last_page": BOOLEAN,
            "empty": BOOLEAN,
            "contents": {"type": "array", "items": items},
        },
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class Field:
    name: str
    schema: dict | Shape
    get: Callable[[Any, Any], Any]
    always: bool = False
    many: bool = False
    description: str = ""

    def value(self, obj, context) -> Any:
        value = self.get(obj, context)
        if isinstance(self.schema, Shape):
            if self.many:
                return [self.schema.render(item, context) for item in value]
            return None if value is None else self.schema.render(value, context)
        return value

    def json_schema(self) -> dict:
        item = (
            {"$ref": f"#/components/schemas/{self.schema.name}"}
            if isinstance(self.schema, Shape)
            else dict(self.schema)
        )
        if self.many:
            item = {"type": "array", "items": item}
        if self.description:
            item["description"] = self.description
        return item


@dataclass(frozen=True)
class Kept:
    """An entry kept whole from a source feed (a second address, say): rendered as it came
    wherever a shape of its kind is expected."""

    data: dict


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    # An open shape also sends the row's `extra`: the fields a source feed had that we keep
    # without a column (services/oruk_import.py), so that they round-trip. The declared
    # fields win over them.
    open: bool = False
    # What render does for each field, worked out once: a page of 50 fully nested
    # services renders about 8,000 fields (bench/local_offer.py).
    _plan: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        plan = tuple(
            (
                item.name,
                item.get,
                item.always or item.many,
                item.schema if isinstance(item.schema, Shape) else None,
                item.many,
            )
            for item in self.fields
        )
        object.__setattr__(self, "_plan", plan)

    def render(self, obj, context=None) -> dict:
        """The object as JSON: what Field.value gives for each field, without the empty
        optional ones; an open shape adds the row's `extra`."""
        if isinstance(obj, Kept):
            return dict(obj.data)
        data = {}
        for name, get, kept, shape, many in self._plan:
            value = get(obj, context)
            if shape is not None:
                if many:
                    value = [shape.render(item, context) for item in value]
                elif value is not None:
                    value = shape.render(value, context)
            if kept or (value is not None and value != ""):
                data[name] = value
        if self.open:
            for key, value in (getattr(obj, "extra", None) or {}).items():
                data.setdefault(key, value)
        return data

    def extend(self, name: str, description: str, *fields: Field) -> Shape:
        """This shape with more fields (or some replaced, by name), under another name."""
        names = {item.name for item in fields}
        kept = tuple(item for item in self.fields if item.name not in names)
        return Shape(name, description, kept + tuple(fields), self.open)

    def without(self, name: str, description: str, *names: str) -> Shape:
        return Shape(
            name, description, tuple(f for f in self.fields if f.name not in names), self.open
        )

    def nested(self) -> list[Shape]:
        """Every shape this one refers to, itself first, each once."""
        found: dict[str, Shape] = {self.name: self}
        for item in self.fields:
            if isinstance(item.schema, Shape):
                for shape in item.schema.nested():
                    found.setdefault(shape.name, shape)
        return list(found.values())

    def schema(self) -> dict:
        schema = {"type": "object", "description": self.description}
        required = [item.name for item in self.fields if item.always or item.many]
        if required:
            schema["required"] = required
        schema["properties"] = {item.name: item.json_schema() for item in self.fields}
        # What the views send is exactly what is declared here, and nothing else, but for
        # the fields an open shape passes on from its source feed.
        schema["additionalProperties"] = self.open
        return schema


def attribute(name: str, schema: dict | Shape, source: str | None = None, *, convert=None, **kw):
    """A field read from an attribute of the row, converted (str, isoformat...) when set."""
    source = source or name

    def get(obj, context):
        value = getattr(obj, source)
        if value is None or convert is None:
            return value
        return convert(value)

    return Field(name, schema, get, **kw)


def computed(name: str, schema: dict | Shape, get: Callable[[Any, Any], Any], **kw) -> Field:
    return Field(name, schema, get, **kw)
