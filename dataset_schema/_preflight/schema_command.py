"""``dataset-schema schema SCHEMA``: check a definition and print it normalised."""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from .command import Command, read_schema

__all__ = ["SCHEMA"]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("schema", metavar="SCHEMA", help="JSON file, or - for stdin")


def _run(args: argparse.Namespace, out: TextIO) -> int:
    schema = read_schema(args.schema)
    out.write(json.dumps(schema.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return 0


SCHEMA = Command(
    name="schema",
    help="check a schema definition and print it normalised",
    description="Check a schema definition; print it normalised, or say what is wrong.",
    arguments=_arguments,
    run=_run,
)
