"""The official Open Referral UK 3.0 documents (openapi.json, schemas, examples), vendored
unchanged in oruk-3.0/ with their licence (LICENCE.md there), and a validator that checks a
response body against them offline, as the ORUK validator does online."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "oruk-3.0"
SCHEMA_PREFIX = "https://openreferraluk.org/specifications/3.0/schema/"


@cache
def official_openapi() -> dict:
    return json.loads((FOLDER / "openapi.json").read_text(encoding="utf-8"))


def example(name: str):
    return json.loads((FOLDER / "examples" / name).read_text(encoding="utf-8"))


def example_names() -> list[str]:
    return sorted(path.name for path in (FOLDER / "examples").glob("*.json"))


@cache
def _registry():
    # jsonschema is a development dependency: only the tests and the bench validate.
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = []
    for path in sorted((FOLDER / "schema").glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((SCHEMA_PREFIX + path.name, Resource.from_contents(contents, DRAFT202012)))
    return Registry().with_resources(resources)


def response_schema_url(path: str) -> str:
    """The schema the official document gives for a 200 answer to GET `path`."""
    operation = official_openapi()["paths"][path]["get"]
    return operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]


def errors(body, schema_url: str) -> list[str]:
    """Every way `body` breaks the official schema at `schema_url` (draft 2020-12, with
    format checks), as "path: message"; empty when it is valid."""
    from jsonschema import Draft202012Validator

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": schema_url}
    validator = Draft202012Validator(
        schema,
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return [
        f"{error.json_path}: {error.message}"
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    ]
