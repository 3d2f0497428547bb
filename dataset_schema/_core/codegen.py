"""Generating one plain Python function per schema: the validator's fast path.

A schema's checks are written out as straight-line code (one ``dict.get`` and one
or two type tests per field, no per-field call), compiled with ``exec`` once, and
called directly as ``Validator.check``.  This is what a person would write by hand
for one fixed schema; see docs/performance.md for the measurements.

Safety of the generated text, as in dataclasses and attrs:

- The source contains only identifiers and integer literals made here.  Field
  names never appear in it; each is passed in as a parameter ``_f<i>`` of the
  factory function, so a name like ``"a\\"b"`` or ``__import__('os')`` is just data.
- The source is registered in ``linecache`` under a unique
  ``<dataset_schema generated ...>`` filename before it is compiled, so tracebacks,
  pdb and ``inspect.getsource`` show it; the entry is dropped once no generated
  function of it is alive, so compiling many schemas does not grow the cache.

The fast path only answers "valid" itself.  Wherever a record leaves the common
shape (a dict subclass, a str subclass, a missing key, a wrong type) it hands
over to the exact engine in ``engine.py`` with the stage it reached, and the
engine's answer is returned unchanged; ``tests/core/test_fast_paths.py`` proves the
two equal to the reference on generated and edge-case records.
"""

from __future__ import annotations

import itertools
import linecache
import weakref
from typing import Any, Callable, Sequence

from .plan import FieldPlan
from .rules import FIXED_KEYS, STAGE_CONTEXT, STAGE_TIMESTAMP, STAGE_UNKNOWN

__all__ = ["INLINE_BATCH_LIMIT", "GeneratedCode", "generate"]

#: Up to this many fields ``check_batch`` has the checks inlined in its loop; above
#: it the loop calls ``check`` (one call is nothing next to that many fields, and
#: the source, hence the compile time, stays linear with one copy of each check).
INLINE_BATCH_LIMIT = 64

_counter = itertools.count()

# Stages are those of rules.py, shared with the engine.  The engine's entry points,
# all returning the exact first error (or None):
#   _resume(record, stage, index): every check before `stage` passed; decide the rest.
#   _fail(record, stage, index):   checks before `stage` passed and the (present)
#                                  timestamp at `stage` failed the regex.
#   _undeclared(record, index):    an exact dict holding a key the schema does not declare.


def _record_lines(plan: Sequence[FieldPlan], indent: str, index: str) -> list[str]:
    """The checks of the record held in ``record``, as lines of code.

    ``index`` is the batch position expression (``"None"`` or ``"index"``).  In a
    batch loop a hand-over to ``_resume`` that finds the record valid (a str subclass,
    say) goes on with the next record; ``_fail`` and ``_undeclared`` always find an error.
    """
    if index == "None":
        resume = "return _resume(record, {}, None)"
    else:
        resume = f"if (error := _resume(record, {{}}, {index})) is not None: return error\n    continue"
    fail = f"return _fail(record, {{}}, {index})"
    count = len(plan) + len(FIXED_KEYS)
    lines = [
        "if type(record) is not dict:",
        f"    {resume.format(STAGE_TIMESTAMP)}",
        # More keys than the schema allows can only mean an undeclared key; the
        # engine reports it (after the timestamp and context rules).
        f"if len(record) != {count} and not _allowed_superset(record):",
        f"    return _undeclared(record, {index})",
        "get = record.get",
        'value = get("timestamp")',
        "if type(value) is not str:",
        f"    {resume.format(STAGE_TIMESTAMP)}",
        "if _timestamp(value) is None:",
        f"    {fail.format(STAGE_TIMESTAMP)}",
        'if type(get("context")) is not dict:',
        f"    {resume.format(STAGE_CONTEXT)}",
    ]
    # Few statements per field: compile time is linear in them (W5), and a failed
    # test sends the record to the engine, which re-tests just that value.
    for position, kind, stage in ((field.position, field.kind, field.stage) for field in plan):
        if kind == "string":
            lines += [f"if type(get(_f{position})) is not str:", f"    {resume.format(stage)}"]
        elif kind == "boolean":
            lines += [
                f"value = get(_f{position})",
                "if value is not True and value is not False:",  # no call: cheaper than type()
                f"    {resume.format(stage)}",
            ]
        elif kind == "number":
            lines += [
                f"value = get(_f{position})",
                # A finite float, or an int that a float64 holds; nan - nan and inf - inf are nan.
                "if (type(value) is not float or value - value != 0.0) and (",
                "        type(value) is not int or not _int_low < value < _int_high):",
                f"    {resume.format(stage)}",
            ]
        elif kind == "timestamp":
            lines += [
                f"value = get(_f{position})",
                "if type(value) is not str:",
                f"    {resume.format(stage)}",
                "if _timestamp(value) is None:",  # the costly test: never run twice
                f"    {fail.format(stage)}",
            ]
        else:  # pragma: no cover - Schema admits only the four types
            raise AssertionError(kind)
    # A record that gets past all this is valid: a missing key reads as None, which
    # no test passes, so every declared key is there, and with them the key test at
    # the top leaves no room for another.
    return [indent + line for text in lines for line in text.split("\n")]


def _source(plan: Sequence[FieldPlan]) -> str:
    params = ", ".join(
        ["_resume", "_fail", "_undeclared", "_check_batch_slowly", "_with_index", "_allowed_superset", "_timestamp", "_int_low", "_int_high"]
        + [f"_f{field.position}" for field in plan]
    )
    lines = [f"def __create_fn__({params}):"]
    lines += [
        "    def check(record):",
        "        try:",
        *_record_lines(plan, " " * 12, "None"),
        "        except Exception:",
        # Only keys whose __eq__ or __hash__ raise get here; the engine decides.
        f"            return _resume(record, {STAGE_UNKNOWN}, None)",
        "        return None",
        "",
        "    def check_batch(records):",
        "        if type(records) is not list or not records:",
        "            return _check_batch_slowly(records)",
    ]
    if len(plan) <= INLINE_BATCH_LIMIT:
        lines += [
            "        try:",
            "            for index, record in enumerate(records):",
            *_record_lines(plan, " " * 16, "index"),
            "        except Exception:",
            "            return _check_batch_slowly(records)",
            "        return None",
        ]
    else:
        lines += [
            "        for index, record in enumerate(records):",
            "            error = check(record)",
            "            if error is not None:",
            "                return _with_index(error, index)",
            "        return None",
        ]
    lines += ["", "    return check, check_batch", ""]
    return "\n".join(lines)


class GeneratedCode:
    """The generated functions of one schema and their source text."""

    __slots__ = ("check", "check_batch", "source", "filename")

    def __init__(
        self,
        check: Callable[[object], Any],
        check_batch: Callable[[object], Any],
        source: str,
        filename: str,
    ) -> None:
        self.check = check
        self.check_batch = check_batch
        self.source = source
        self.filename = filename


def generate(
    plan: Sequence[FieldPlan],
    *,
    resume: Callable[[object, int, int | None], Any],
    fail: Callable[[Any, int, int | None], Any],
    undeclared: Callable[[Any, int | None], Any],
    check_batch_slowly: Callable[[object], Any],
    with_index: Callable[[Any, int], Any],
    allowed_superset: Callable[[Any], bool],
    timestamp: Callable[[str], object],
    int_limit: int,
) -> GeneratedCode:
    """Write, register and compile the fast path for the fields of ``plan``."""
    source = _source(plan)
    filename = f"<dataset_schema generated validator {next(_counter)}>"
    # Registered before compiling, as attrs does, so even a failure points at real lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own text, see module doc
    check, check_batch = namespace["__create_fn__"](
        resume, fail, undeclared, check_batch_slowly, with_index, allowed_superset, timestamp, -int_limit, int_limit, *(field.name for field in plan)
    )
    # Every generated function holds `resume`, so it outlives them all: when it goes,
    # nothing can show a line of this source any more.
    weakref.finalize(resume, linecache.cache.pop, filename, None)
    return GeneratedCode(check, check_batch, source, filename)
