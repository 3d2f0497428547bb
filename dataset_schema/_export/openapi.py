"""An OpenAPI 3.1 document for the ingest endpoints as one project of a registry serves them.

The API resolves the project from the API key, so a document describes one project: its
datasets' paths (``/datasets/{id}`` and ``/batch``), the legacy paths of its default
dataset, bearer security, the optional headers, each dataset's request bodies (the JSON
Schema export), the 202 bodies, and the error body with ``code`` drawn from the catalogue,
narrowed per status.  docs/interop.md says what it guarantees.
"""

from __future__ import annotations

from typing import Any, Mapping

from .._errors import CATALOGUE
from .._ingest.registry import Registry
from .._schema import Schema
from .jsonschema import definitions, record_body

__all__ = ["openapi_document"]

_REFS = "#/components/schemas/"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REFS + name}


def _project(registry: Registry, project_id: str | None) -> tuple[str, Mapping[str, Any]]:
    config = registry.to_dict()
    if project_id is None:
        if len(config) != 1:
            raise ValueError(
                f"the registry serves {len(config)} projects; name one with project_id (an API key selects one)"
            )
        project_id = next(iter(config))
    if project_id not in config:
        raise ValueError(f"the registry has no project {project_id!r}")
    return project_id, config[project_id]


def _codes(status: int) -> list[str]:
    return [row.code for row in CATALOGUE.values() if row.status == status]


def _error_schemas() -> dict[str, Any]:
    quota = {
        "type": "object",
        "required": ["limit", "used", "requested", "period"],
        "properties": {
            "limit": {"type": "integer", "minimum": -1, "description": "the monthly limit; -1 is unlimited"},
            "used": {"type": "integer", "minimum": 0, "description": "records accepted this month before the request"},
            "requested": {"type": "integer", "minimum": 1},
            "period": {"type": "string", "pattern": "^[0-9]{4}-(?:0[1-9]|1[0-2])$", "description": "the UTC month"},
        },
        "additionalProperties": False,
    }
    error = {
        "type": "object",
        "required": ["success", "error", "code"],
        "properties": {
            "success": {"const": False},
            "error": {"type": "string", "description": "the message, word for word (docs/errors.md)"},
            "code": {"enum": list(CATALOGUE)},
            "field": {"type": "string", "description": "the field or key a record-level error is about"},
            "index": {"type": "integer", "minimum": 0, "description": "the record's position in a batch"},
            "quota": _ref("QuotaDetails"),
        },
        "additionalProperties": False,
    }
    schemas: dict[str, Any] = {"QuotaDetails": quota, "ErrorBody": error}
    for status in sorted({row.status for row in CATALOGUE.values()}):
        narrowed: dict[str, Any] = {"allOf": [_ref("ErrorBody")], "properties": {"code": {"enum": _codes(status)}}}
        if status == 429:
            narrowed["required"] = ["quota"]
        schemas[f"Error{status}"] = narrowed
    return schemas


def _accepted_schemas() -> dict[str, Any]:
    single = {
        "type": "object",
        "required": ["success", "status"],
        "properties": {"success": {"const": True}, "status": {"const": "queued"}},
        "additionalProperties": False,
    }
    batch = {
        "type": "object",
        "required": ["success", "count", "status"],
        "properties": {"success": {"const": True}, "count": {"type": "integer", "minimum": 1}, "status": {"const": "queued"}},
        "additionalProperties": False,
    }
    return {"Accepted": single, "AcceptedBatch": batch}


def _json(schema: Mapping[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _responses(batch: bool, max_body_bytes: int | None) -> dict[str, Any]:
    accepted = _ref("AcceptedBatch" if batch else "Accepted")
    responses = {
        "202": _json(accepted, "Accepted: the records are queued"),
        "400": _json(_ref("Error400"), "The body, a record, the dataset id or the X-Request-Id header is invalid"),
        "401": _json(_ref("Error401"), "The API key's claims carry no project (or, with a quota, no user)"),
        "404": _json(_ref("Error404"), "No such dataset in the project"),
        "429": _json(_ref("Error429"), "The monthly dataset quota is exhausted"),
        "503": _json(_ref("Error503"), "The quota store failed (a server with a quota only); nothing was counted"),
    }
    if max_body_bytes is not None:  # only a registry with a limit ever answers it
        responses["413"] = _json(_ref("Error413"), f"The body is longer than {max_body_bytes} bytes")
    return dict(sorted(responses.items()))


def _operation(dataset: int, batch: bool, legacy: bool, max_body_bytes: int | None) -> dict[str, Any]:
    kind = "batch" if batch else "record"
    summary = f"Ingest a {'batch of records' if batch else 'record'} into dataset {dataset}"
    if legacy:
        summary += " (legacy path: the project's default dataset, or the one X-Loguro-Dataset-Id names)"
    return {
        "operationId": f"{'legacy' if legacy else 'dataset' + str(dataset)}_{kind}",
        "summary": summary,
        "parameters": [{"$ref": "#/components/parameters/RequestId"}, {"$ref": "#/components/parameters/DatasetId"}],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(f"Dataset{dataset}{'Batch' if batch else 'Record'}")}},
        },
        "responses": _responses(batch, max_body_bytes),
    }


def _parameters() -> dict[str, Any]:
    return {
        "RequestId": {
            "name": "X-Request-Id", "in": "header", "required": False, "schema": {"type": "string"},
            "description": "Stored as __traceId in each accepted record; empty means absent.",
        },
        "DatasetId": {
            "name": "X-Loguro-Dataset-Id", "in": "header", "required": False,
            "schema": {"type": "string", "pattern": "^[1-9][0-9]*$"},
            "description": "Selects the dataset where the path has no id; where it has one, the two must agree.",
        },
    }


def openapi_document(registry: Registry, project_id: str | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``project_id``'s endpoints (the only project, if omitted)."""
    project_id, project = _project(registry, project_id)
    limit = registry.max_body_bytes
    schemas: dict[str, Any] = {**definitions()}
    paths: dict[str, Any] = {}
    for text, definition in project["datasets"].items():
        schema = Schema.from_dict(definition)
        schemas[f"Dataset{text}Record"] = record_body(schema, _REFS)
        schemas[f"Dataset{text}Batch"] = {"type": "array", "minItems": 1, "items": _ref(f"Dataset{text}Record")}
        paths[f"/datasets/{text}"] = {"post": _operation(int(text), False, False, limit)}
        paths[f"/datasets/{text}/batch"] = {"post": _operation(int(text), True, False, limit)}
    default = project.get("default")
    if default is not None:
        paths["/datasets"] = {"post": _operation(default, False, True, limit)}
        paths["/datasets/batch"] = {"post": _operation(default, True, True, limit)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dataset Ingest API",
            "version": "1",
            "description": f"The dataset ingest endpoints of project {project_id}, as dataset_schema serves them.",
        },
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "The project API key (not a PAT)."}},
            "parameters": _parameters(),
            "schemas": {**schemas, **_accepted_schemas(), **_error_schemas()},
        },
    }
