"""Generating one plain Python function per schema: the validator's fast path.

A schema's checks are written out as straight-line code (one ``dict.get`` and one
or two type tests per field, no per-field call), compiled with ``exec`` once, and
called directly as ``Validator.check``.  This is what a person would write by hand
for one fixed schema; see docs/performance.md for the measurements.

Safety of the generated text, as in dataclasses and attrs:

- The source contains only identifiers and integer literals made here.  Field
  names never appear in it; each is passed in as a parameter ``_f<i>`` of the
  factory function, so a name like ``"a\\"b"`` or ``__import__('os')`` is just data.
  Every value the code uses comes in the same way, from one ordered mapping
  (``_helpers``) that gives both the parameter list and the call's arguments.
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
from typing import Any, Callable, Mapping, NamedTuple, Sequence

from .engine import Engine
from .errors import with_index
from .plan import FieldPlan
from .rules import FIXED_KEYS, INT_LIMIT, STAGE_CONTEXT, STAGE_TIMESTAMP, STAGE_UNKNOWN
from .timestamp import TIMESTAMP_MATCH

__all__ = ["INLINE_BATCH_LIMIT", "GeneratedCode", "generate"]

#: Up to this many fields ``check_batch`` has the checks inlined in its loop; above
#: it the loop calls ``check`` (one call is nothing next to that many fields, and
#: the source, hence the compile time, stays linear with one copy of each check).
INLINE_BATCH_LIMIT = 64

_counter = itertools.count()

# The templates below hand a record over to the engine (engine.py says what each
# entry point decides) with the stage reached (rules.py numbers the stages):
#   {resume}: _resume(record, stage, index), which may find the record valid after all;
#   {fail}:   _fail(record, stage, index), for a present timestamp that failed the regex.
# {field} is the parameter holding the field's name, {size} the keys a record may hold.

# Up to the first declared field: the record's type, its key count, timestamp, context.
# More keys than the schema allows can only mean an undeclared key; the engine reports
# it (after the timestamp and context rules).
_RECORD_TEMPLATE = """\
if type(record) is not dict:
    {resume_timestamp}
if len(record) != {size} and not _allowed_superset(record):
    return _undeclared(record, {index})
get = record.get
value = get("timestamp")
if type(value) is not str:
    {resume_timestamp}
if _timestamp(value) is None:
    {fail_timestamp}
if type(get("context")) is not dict:
    {resume_context}"""

# One check per field type.  Few statements per field: compile time is linear in them
# (W5), and a failed test sends the record to the engine, which re-tests just that value.
_FIELD_TEMPLATES: Mapping[str, str] = {
    "string": """\
if type(get({field})) is not str:
    {resume}""",
    # `is` twice, no call: cheaper than type().
    "boolean": """\
value = get({field})
if value is not True and value is not False:
    {resume}""",
    # A finite float, or an int that a float64 holds; nan - nan and inf - inf are nan.
    "number": """\
value = get({field})
if (type(value) is not float or value - value != 0.0) and (
        type(value) is not int or not _int_low < value < _int_high):
    {resume}""",
    # The regex is the costly test: the engine is told it failed, never runs it twice.
    "timestamp": """\
value = get({field})
if type(value) is not str:
    {resume}
if _timestamp(value) is None:
    {fail}""",
}


def _field_parameter(field: FieldPlan) -> str:
    return f"_f{field.position}"


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
    texts = [_RECORD_TEMPLATE.format(
        resume_timestamp=resume.format(STAGE_TIMESTAMP), fail_timestamp=fail.format(STAGE_TIMESTAMP),
        resume_context=resume.format(STAGE_CONTEXT), size=len(plan) + len(FIXED_KEYS), index=index,
    )]
    texts += [
        _FIELD_TEMPLATES[field.kind].format(
            field=_field_parameter(field), resume=resume.format(field.stage), fail=fail.format(field.stage),
        )
        for field in plan
    ]
    # A record that gets past all this is valid: a missing key reads as None, which
    # no test passes, so every declared key is there, and with them the key test at
    # the top leaves no room for another.
    return [indent + line for text in texts for line in text.split("\n")]


def _source(plan: Sequence[FieldPlan], parameters: Sequence[str]) -> str:
    lines = [f"def __create_fn__({', '.join(parameters)}):"]
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
        *(_inline_batch_loop(plan) if len(plan) <= INLINE_BATCH_LIMIT else _calling_batch_loop()),
        "",
        "    return check, check_batch",
        "",
    ]
    return "\n".join(lines)


def _inline_batch_loop(plan: Sequence[FieldPlan]) -> list[str]:
    return [
        "        try:",
        "            for index, record in enumerate(records):",
        *_record_lines(plan, " " * 16, "index"),
        "        except Exception:",
        "            return _check_batch_slowly(records)",
        "        return None",
    ]


def _calling_batch_loop() -> list[str]:
    return [
        "        for index, record in enumerate(records):",
        "            error = check(record)",
        "            if error is not None:",
        "                return _with_index(error, index)",
        "        return None",
    ]


def _helpers(plan: Sequence[FieldPlan], engine: Engine) -> dict[str, object]:
    """Every value the generated code uses, by its parameter name, in parameter order."""
    return {
        "_resume": engine.resume,
        "_fail": engine.fail,
        "_undeclared": engine.undeclared,
        "_check_batch_slowly": engine.check_batch_slowly,
        "_with_index": with_index,
        "_allowed_superset": engine.allowed_superset,
        "_timestamp": TIMESTAMP_MATCH,
        "_int_low": -INT_LIMIT,
        "_int_high": INT_LIMIT,
        **{_field_parameter(field): field.name for field in plan},
    }


class GeneratedCode(NamedTuple):
    """The generated functions of one schema and their source text."""

    check: Callable[[object], Any]
    check_batch: Callable[[object], Any]
    source: str


def generate(plan: Sequence[FieldPlan], engine: Engine) -> GeneratedCode:
    """Write, register and compile the fast path for the fields of ``plan``."""
    helpers = _helpers(plan, engine)
    source = _source(plan, list(helpers))
    filename = f"<dataset_schema generated validator {next(_counter)}>"
    # Registered before compiling, as attrs does, so even a failure points at real lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own text, see module doc
    check, check_batch = namespace["__create_fn__"](**helpers)
    # Every generated function holds `resume`, so it outlives them all: when it goes,
    # nothing can show a line of this source any more.
    weakref.finalize(engine.resume, linecache.cache.pop, filename, None)
    return GeneratedCode(check, check_batch, source)
