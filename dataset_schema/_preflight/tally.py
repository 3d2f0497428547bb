"""Counting problems as both pre-flight tools count them: the CLI and ``check_records``.

Kept below both (neither the CLI's output nor the notebook report owns it), so the
report does not depend on the command line.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable

from .._errors import CATALOGUE, IngestError
from .._core.validator import Validator

__all__ = ["Problems", "ordered_counts", "problem_finder"]

#: A decoded record -> its problems: none when valid, else the first or every one.
Problems = Callable[[Any], "list[IngestError]"]


def problem_finder(validator: Validator, all_problems: bool) -> Problems:
    """The first problem of a record (``check``), or every one (``errors``)."""
    if all_problems:
        return validator.errors
    check = validator.check

    def first(record: Any) -> list[IngestError]:
        error = check(record)
        return [] if error is None else [error]

    return first


def ordered_counts(counts: Counter[str]) -> dict[str, int]:
    """Counts per code in catalogue order (the order the API applies its rules)."""
    order = {code: rank for rank, code in enumerate(CATALOGUE)}
    return {code: counts[code] for code in sorted(counts, key=lambda c: (order.get(c, len(order)), c))}
