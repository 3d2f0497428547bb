"""The field plan: each declared field described once, for the engine and codegen alike."""

from __future__ import annotations

import sys
from typing import Callable, NamedTuple

from .._schema import Schema
from .errors import ErrorFactory, error_factory
from .rules import TYPE_TESTS, field_stage

__all__ = ["FieldPlan", "plan_fields"]


class FieldPlan(NamedTuple):
    """One declared field: where it is checked, how, and the errors it can give."""

    name: str
    kind: str
    position: int  #: its place in the schema, which is the order fields are checked in
    stage: int  #: ``rules.field_stage(position)``: the stage the fast path hands over at
    accepts: Callable[[object], bool]
    missing: ErrorFactory
    invalid: ErrorFactory


def plan_fields(schema: Schema) -> tuple[FieldPlan, ...]:
    """The plan of every declared field of ``schema``, in schema order."""
    return tuple(
        FieldPlan(
            # Interned, so a lookup meets the record's key by identity when the record's
            # keys are interned too (string literals and identifiers in the caller's code).
            sys.intern(name),
            kind,
            position,
            field_stage(position),
            TYPE_TESTS[kind],
            error_factory("missing_field", name),
            error_factory(f"invalid_{kind}_field", name),
        )
        for position, (name, kind) in enumerate(schema.items())
    )
