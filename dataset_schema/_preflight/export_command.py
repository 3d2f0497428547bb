"""``dataset-schema export SCHEMA --format ...``: the schema for consumers outside Python.

``jsonschema``, ``typescript`` and ``js`` take a schema file; ``openapi`` takes a registry
file, the JSON of ``Registry.to_dict()`` (``{"p_1": {"default": 13, "datasets": {...}}}``).
docs/interop.md says what each export guarantees.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from .._errors import SchemaError
from .._export.javascript import module_source
from .._export.jsonschema import batch_schema, record_schema
from .._export.typescript import declarations
from .._ingest.registry import Registry
from .command import Command, UsageError, read_bytes, read_schema
from .inputs import STDIN_NAME, describe_os_error

__all__ = ["EXPORT"]

FORMATS = ("jsonschema", "openapi", "typescript", "js")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("schema", metavar="SCHEMA",
                        help="schema JSON file (for openapi: a registry file); - for stdin")
    parser.add_argument("--format", choices=FORMATS, required=True, help="what to write")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument("--batch", action="store_true", help="jsonschema: the document of a batch")
    parser.add_argument("--project", metavar="ID", help="openapi: the project to describe "
                        "(needed when the registry has several)")


def _read_registry(path: str, project: str | None) -> dict[str, Any]:
    name = STDIN_NAME if path == "-" else path
    data = read_bytes(path)
    try:
        config = json.loads(data)
        return Registry.from_dict(config).to_openapi(project)
    except (ValueError, RecursionError) as exc:  # JSON, SchemaError and config errors alike
        message = exc.message if isinstance(exc, SchemaError) else str(exc)
        raise UsageError(f"bad registry {name}: {message}") from None


def _json_text(document: dict[str, Any]) -> str:
    text = json.dumps(document, indent=2, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a name with a lone surrogate: only its escape can carry it
        text = json.dumps(document, indent=2, ensure_ascii=True)
    return text + "\n"


def _text(args: argparse.Namespace) -> str:
    if args.format == "openapi":
        return _json_text(_read_registry(args.schema, args.project))
    schema = read_schema(args.schema)
    if args.format == "jsonschema":
        return _json_text(batch_schema(schema) if args.batch else record_schema(schema))
    return declarations(schema) if args.format == "typescript" else module_source(schema)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    if args.batch and args.format != "jsonschema":
        raise UsageError("--batch only applies to --format jsonschema")
    if args.project is not None and args.format != "openapi":
        raise UsageError("--project only applies to --format openapi")
    text = _text(args)
    if args.output is None:
        out.write(text)
        return 0
    try:
        with open(args.output, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        raise UsageError(describe_os_error(args.output, exc)) from None
    return 0


EXPORT = Command(
    name="export",
    help="write the schema as JSON Schema, OpenAPI, TypeScript or a JavaScript validator",
    description="Write a schema for consumers outside Python (docs/interop.md): a JSON Schema "
                "document, TypeScript declarations or a dependency-free JavaScript validator; "
                "or, from a registry file (the JSON of Registry.to_dict()), an OpenAPI 3.1 document.",
    arguments=_arguments,
    run=_run,
)
