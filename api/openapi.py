"""The OpenAPI document of the JSON API, with what FastAPI does not declare by itself: the ``API-Version``
header on every answer and the problem-details answers of every operation (NL API Design Rules)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from api.words import API_VERSION, PROBLEM

#: the error answers every operation may give, and what they mean
ERRORS = {
    "401": "no token, or an unknown one",
    "403": "the token is for another region",
    "404": "no such region, scenario or run",
    "409": "the run is not in a state for this, or another version of the scenario was saved meanwhile "
           "(`currentVersion`, `currentId`: make the change on that version)",
    "413": "the request body is too large",
    "422": "a field cannot be used: `errors` names each with its path (`loc`) and the reason (`msg`)",
    "429": "too many unknown tokens from this address: wait the seconds `Retry-After` says",
}
PUBLIC = {"401", "403", "429"}  # not for the public region list

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details, worded in the reader's language (`?lang=`, `Accept-Language`)",
    "type": "object",
    "required": ["type", "title", "status", "detail", "instance"],
    "properties": {
        "type": {"type": "string", "description": "`about:blank`: the status says what kind of problem"},
        "title": {"type": "string", "description": "the status's phrase"},
        "status": {"type": "integer", "description": "the HTTP status"},
        "detail": {"type": "string", "description": "what went wrong"},
        "instance": {"type": "string", "description": "the path asked for"},
        "currentVersion": {"type": "integer", "description": "for a version conflict (409): the version saved "
                                                             "meanwhile"},
        "currentId": {"type": "integer", "description": "for a version conflict (409): that version's id"},
        "errors": {
            "type": "array",
            "description": "for refused input (422): one entry per field",
            "items": {
                "type": "object",
                "required": ["loc", "msg", "type"],
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                            "description": "the field's path: where it came (`body`, `query`, `path`) and "
                                           "its names"},
                    "msg": {"type": "string", "description": "why the field cannot be used"},
                    "type": {"type": "string", "description": "the kind of refusal"},
                    "input": {"description": "the value given, where there is one"},
                },
            },
        },
    },
}


def document(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document, made once per application."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                      tags=app.openapi_tags)
    components = doc.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["headers"] = {"API-Version": {
        "description": "the full version of the API (semantic versioning)",
        "schema": {"type": "string", "example": API_VERSION}}}
    problem = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, answer in responses.items():
                if code.startswith(("2", "3")):
                    answer.setdefault("headers", {})["API-Version"] = {"$ref": "#/components/headers/API-Version"}
            secured = "security" in operation
            for code, meaning in ERRORS.items():
                if code in PUBLIC and not secured:
                    continue
                if code == "409" and not (path.startswith("/v1/runs/{run_id}/") or method == "delete"
                                          or path == "/v1/compare" or path.startswith("/v1/scenarios")
                                          and method == "post"):
                    continue
                if code in ("413", "422") and "requestBody" not in operation and not (
                        code == "422" and operation.get("parameters")):
                    continue
                if code == "404" and "{" not in path and path != "/v1/compare":
                    continue
                responses[code] = {"description": meaning, **problem}
    for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's 422 body, replaced by Problem
        components["schemas"].pop(unused, None)
    app.openapi_schema = doc
    return doc

