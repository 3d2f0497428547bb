"""What a subcommand of ``dataset-schema`` is, and the helpers every subcommand uses.

A subcommand is one :class:`Command` value; ``cli.COMMANDS`` lists them, and the
parser, ``--help`` and dispatch are built from that table.  Adding one is adding a
module that defines a ``Command`` and one entry to the table.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Callable, TextIO

from .._errors import SchemaError
from .._schema import Schema
from .inputs import STDIN_NAME, describe_os_error

__all__ = ["PROG", "Command", "UsageError", "natural", "positive", "read_schema", "warn"]

PROG = "dataset-schema"


class UsageError(Exception):
    """Bad arguments, unreadable inputs or a bad schema: exit status 2."""


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its help texts, its arguments and what it does."""

    name: str
    #: The one line shown by ``dataset-schema --help``.
    help: str
    #: The paragraph at the top of ``dataset-schema NAME --help``.
    description: str
    #: Adds the subcommand's arguments to its parser.
    arguments: Callable[[argparse.ArgumentParser], None]
    #: Runs it with the parsed arguments, writing to ``out``; returns the exit status.
    run: Callable[[argparse.Namespace, TextIO], int]


def natural(text: str) -> int:
    """An argparse type: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def positive(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    value = natural(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def read_bytes(path: str) -> bytes:
    """The whole file ``path`` (``-``: stdin), or a one-line UsageError."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as stream:
            return stream.read()
    except OSError as exc:
        raise UsageError(describe_os_error(path, exc)) from None


def read_schema(path: str) -> Schema:
    """The schema in the JSON file ``path`` (``-``: stdin), or a one-line UsageError."""
    data = read_bytes(path)
    try:
        return Schema.from_json(data)
    except SchemaError as exc:
        raise UsageError(f"bad schema {STDIN_NAME if path == '-' else path}: {exc.message}") from None


def warn(message: str) -> None:
    """One line on stderr that is not an error: the run goes on."""
    sys.stderr.write(f"{PROG}: warning: {message}\n")
    sys.stderr.flush()
