"""The OpenAPI 3.1 document, generated from the code that answers the requests.

Each view declares itself with `@endpoint(...)`: its path, the parameters it parses
(api/parameters.py) and the shape it answers with (api/representations.py). The document
is assembled from those declarations, so a field or filter cannot be added to the API
without appearing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from local_offer.api import representations as oruk
from local_offer.api.parameters import Query
from local_offer.api.shapes import Shape, page_envelope


@dataclass(frozen=True)
class Endpoint:
    path: str
    operation_id: str
    summary: str
    response: Shape
    paged: bool = False
    parameters: tuple[Query, ...] = ()
    identifies: str = ""  # what the {id} in the path is the id of
    # Other shapes the items take with full=true or full_service=true.
    alternatives: tuple[Shape, ...] = ()


ENDPOINTS: list[Endpoint] = []


def endpoint(**declaration):
    """Register a view's contract; the view itself is returned unchanged."""
    spec = Endpoint(**declaration)
    ENDPOINTS.append(spec)

    def register(view):
        view.endpoint = spec
        return view

    return register


def _ref(shape: Shape) -> dict:
    return {"$ref": f"#/components/schemas/{shape.name}"}


def page_name(shape: Shape) -> str:
    return f"{shape.name}Page"


def page_schema(shape: Shape) -> dict:
    """The ORUK page envelope around a list of `shape`."""
    return page_envelope(_ref(shape), f"A page of {shape.name} items (the ORUK page envelope).")


def _any_of(schemas: list[dict]) -> dict:
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _operation(spec: Endpoint) -> dict:
    shapes = (spec.response, *spec.alternatives)
    if spec.paged:
        schemas = [{"$ref": f"#/components/schemas/{page_name(shape)}"} for shape in shapes]
        if any(item.name == "minimal" for item in spec.parameters):
            schemas.append(oruk.MINIMAL_SERVICES)
        ok = _json_response(f"A page of {spec.response.name} items.", _any_of(schemas))
        if any(item.name == "format" for item in spec.parameters):
            ok["content"]["application/x-ndjson"] = {
                "schema": _any_of([_ref(shape) for shape in shapes])
            }
    else:
        ok = _json_response(spec.response.description, _any_of([_ref(s) for s in shapes]))
    responses = {"200": ok}
    if spec.parameters:
        responses["400"] = _json_response(
            "A query parameter is malformed or out of range.", _ref(oruk.BAD_PARAMETER)
        )
    if spec.identifies:
        responses["404"] = _json_response(
            f"No published {spec.identifies} has this id.", _ref(oruk.NOT_FOUND)
        )
    operation = {
        "operationId": spec.operation_id,
        "summary": spec.summary,
        "responses": responses,
    }
    if spec.parameters:
        operation["parameters"] = [parameter.openapi() for parameter in spec.parameters]
    return operation


def document(*, server_url: str) -> dict:
    schemas: dict[str, dict] = {}
    paths: dict[str, dict] = {}
    for spec in ENDPOINTS:
        for response in (spec.response, *spec.alternatives):
            for shape in response.nested():
                schemas.setdefault(shape.name, shape.schema())
            if spec.paged:
                schemas.setdefault(page_name(response), page_schema(response))
        item: dict = {"get": _operation(spec)}
        if spec.identifies:
            item["parameters"] = [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": f"The id of the {spec.identifies}.",
                    "schema": {"type": "string", "format": "uuid"},
                }
            ]
        paths[spec.path] = item
    for shape in (oruk.BAD_PARAMETER, oruk.NOT_FOUND):
        schemas.setdefault(shape.name, shape.schema())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Local offer: Open Referral UK API",
            "version": "3.0",
            "description": (
                "The council's local offer of services for children and young people aged 0 "
                "to 25 with special educational needs or disabilities, published in the Open "
                "Referral UK 3.0 standard (the UK profile of HSDS 3.0). Read-only and public; "
                "only published services appear. Generated from the code that serves it."
            ),
            "license": {
                "name": "Open Government Licence v3.0",
                "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            },
        },
        "servers": [{"url": server_url}],
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.items()))},
    }
