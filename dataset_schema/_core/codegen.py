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

Wide schemas are cut into parts of ``PART_FIELDS`` fields, each its own function:
``compile()`` of one huge function grows faster than its length (694 ms for 10,000
fields against 43 ms for 1000), of many small ones linearly.

``check_batch`` does not match timestamps record by record: it collects them and
matches them all in one call (``timestamp.all_timestamps``) after the loop.  Any other
failure, or a failed match, sends the batch to the exact per-record loop
(``check_batch_from``), from the failing record when the timestamps before it passed.

The fast path only answers "valid" itself.  Wherever a record leaves the common
shape (a dict subclass, a str subclass, a missing key, a wrong type) it hands
over to the exact engine in ``engine.py`` with the stage it reached, and the
engine's answer is returned unchanged; ``tests/core/test_fast_paths.py`` proves the
two equal to the reference on generated and edge-case records.  ``check`` first reads
on past a failure that leaves the shape plain (a timestamp that is not a date-time, a
scalar context, an extra key, a field of the wrong type), so that the engine's answer,
which must know that no later key or value comes first, need not read them again.
"""

from __future__ import annotations

import itertools
import linecache
import weakref
from types import CodeType
from typing import Any, Callable, Iterable, Mapping, NamedTuple, Sequence

from .body import MAX_DEPTH
from .engine import Engine
from .errors import with_index
from .jsonrule import batch_answer, batch_contexts_too_deep
from .jsonvalue import LEAVES, is_json_scalar, json_context
from .plan import FieldPlan
from .rules import FIXED_KEYS, INT_LIMIT, STAGE_CONTEXT, STAGE_TIMESTAMP, STAGE_UNKNOWN
from .timestamp import TIMESTAMP_MATCH, all_timestamps

__all__ = ["INLINE_BATCH_LIMIT", "PART_FIELDS", "GeneratedCode", "generate"]

#: Up to this many fields ``check_batch`` has the checks inlined in its loop; above
#: it the loop calls ``check`` (one call is nothing next to that many fields, and
#: the source, hence the compile time, stays linear with one copy of each check).
INLINE_BATCH_LIMIT = 64

#: ``check`` of a wider schema is cut into functions of this many fields.
PART_FIELDS = 256

_counter = itertools.count()

# The templates below say what happens where a record leaves the fast path; each mode
# (check, the exact batch loop, the fast batch loop) fills them in its own way:
#   {resume_<stage>}: hand the record to _resume(record, stage, index), which may find
#                     it valid after all;
#   {fail_timestamp}: the present timestamp failed the regex: _fail(record, stage, index);
#   {bad_context}:    the context is not an exact dict: _resume at the context's stage;
#   {key_test}:       whether the record holds an undeclared key, from its key count (the
#                     schema's names, `size`) and, with another count, its keys;
#   {extra}:          it does, timestamp and context passed: _extra;
#   {failed}:         the field's `value` failed the fast test: _failed[i](record, value, index);
#   {stamp}:          a timestamp field's value: test it (or collect it);
#   {no_match}:       a timestamp field's str failed the regex: _stamp_failed[i](record, index);
# {read} reads the field's value (from its parameter, _f<i>).
# The context must hold only JSON nesting at most {depth} levels (the body's limit less
# the record's level, and in a batch the batch's; docs/contract.md): an empty one costs a
# test, a flat one of exact scalars a loop; any other goes to _json_context, and one that
# fails it always gets an error from the engine ({not_json}).

# Up to the first declared field: the record's type, timestamp, context, key count.
# More keys than the schema allows can only mean an undeclared key; it is tested after
# the context, so that its answer needs no second look at the timestamp.
_RECORD_TEMPLATE = """\
if type(record) is not dict:
    {resume_timestamp}
{bind}
value = {read_timestamp}
{timestamp}
context = {read_context}
if type(context) is not dict:
    {bad_context}
elif context:
    for key, value in context.items():
        if type(key) is not str or type(value) is not str and not _json_scalar(value):
            if not _json_context(context, {depth}):
                {not_json}
            break
if {key_test}:
    {extra}"""

# One check per field type.  Few statements per field: compile time is linear in them
# (W5), and a failed test hands the value over to its field's handler in the engine.
_FIELD_TEMPLATES: Mapping[str, str] = {
    "string": """\
value = {read}
if type(value) is not str:
    {failed}""",
    # `is` twice, no call: cheaper than type().
    "boolean": """\
value = {read}
if value is not True and value is not False:
    {failed}""",
    # A finite float, or an int that a float64 holds; nan - nan and inf - inf are nan.
    "number": """\
value = {read}
if (type(value) is not float or value - value != 0.0) and (
        type(value) is not int or not _int_low < value < _int_high):
    {failed}""",
    "timestamp": """\
value = {read}
{stamp}""",
}


class _Mode(NamedTuple):
    """How one kind of loop leaves the fast path (see the templates)."""

    depth: int  #: how deep the context may nest: a record's limit less its level (and a batch's)
    resume: str  #: a hand-over that may find the record valid (takes the stage)
    failed: str  #: a field's hand-over (takes the position)
    stamp: str  #: the test of a timestamp held in `value` (takes not_str and no_match, its failures)
    read: str  #: how a key's value is read (takes the key)
    no_match: str  #: a timestamp field's failed regex (takes the position)
    fail_timestamp: str  #: the record's timestamp failed the regex
    bad_context: str  #: the context is not an exact dict
    not_json: str  #: the context is not JSON within the depth
    extra: str  #: an undeclared key
    bind: str = "get = record.get"  #: the lines before the timestamp is read
    head_stamp: str = ""  #: the record's timestamp's test, when not `stamp`
    key_test: str = "len(record) != {size} and not _allowed_superset(record)"  #: an undeclared key? (takes the size)


_TESTED_STAMP = "if type(value) is not str:\n    {not_str}\nif _timestamp(value) is None:\n    {no_match}"
_CHECK = _Mode(
    MAX_DEPTH - 1, "return _resume(record, {}, None)", "return _failed[{}](record, value, None)", _TESTED_STAMP,
    "get({})", "return _stamp_failed[{}](record, None)",
    fail_timestamp=f"return _fail(record, {STAGE_TIMESTAMP}, None)",
    bad_context=f"return _resume(record, {STAGE_CONTEXT}, None)",
    not_json=f"return _resume(record, {STAGE_CONTEXT}, None)",
    extra="return _extra(record, None)",
)
_EXACT_LOOP = _Mode(
    MAX_DEPTH - 2, "if (error := _resume(record, {}, index)) is not None: return error\n    continue",
    "if (error := _failed[{}](record, value, index)) is not None: return error\n    continue",
    _TESTED_STAMP, "get({})", "return _stamp_failed[{}](record, index)",
    fail_timestamp=f"return _fail(record, {STAGE_TIMESTAMP}, index)",
    bad_context=f"if (error := _resume(record, {STAGE_CONTEXT}, index)) is not None: return error\n    continue",
    not_json=f"return _resume(record, {STAGE_CONTEXT}, index)",
    extra="return _extra(record, index)",
)
# `check` reading on (of a schema in one part; of one in several, the last part's fields):
# the first rule that fails is noted, not answered, in `failed` (its answer) and `wrong`
# (the value), and every later field is still read, its regex skipped (a str is all it
# needs).  When all of them are there and hold exact scalars, the answer is found
# without a second look at them (the engine's `_read` answers, called with True): the
# undeclared-key, JSON and nesting rules, which come before a field's, are settled by
# what was read.  A later value that is None (absent?) or of another type (nested?)
# hands over at once (called with False), to the engine's careful answer, which reads
# the record again.
_ODD = "return failed(record, wrong, False)"
_CHECK_READING_ON = _CHECK._replace(
    failed=("if failed is None:\n        failed = _failed_read[{}]; wrong = value\n"
            f"    elif value is None or type(value) not in _leaves:\n        {_ODD}"),
    stamp="if type(value) is not str:\n    {not_str}\nelif failed is None and _timestamp(value) is None:\n    {no_match}",
    no_match="failed = _stamp_failed_read[{}]; wrong = value",
    fail_timestamp="failed = _timestamp_read; wrong = value",
    bad_context=(f"if type(context) not in _leaves:\n        return _resume(record, {STAGE_CONTEXT}, None) "
                 f"if failed is None else failed(record, wrong, False)\n"
                 "    if failed is None:\n        failed = _context_read; wrong = context"),
    not_json=f"return _resume(record, {STAGE_CONTEXT}, None) if failed is None else failed(record, wrong, False)",
    extra="if failed is None:\n        failed = _extra_read; wrong = None",
    bind="get = record.get\nfailed = None",
    head_stamp=_TESTED_STAMP,  # nothing can have failed before the timestamp
    # More keys than `size` (the schema's names) must include an undeclared one.  Fewer: a
    # declared field is missing, and reading on finds it; with one missing there is no
    # room for an undeclared key, with two the second is odd.  The keys are not read here.
    key_test="len(record) > {size}",
)
#: The lines of a part reading on: before its field lines and after.
_READING_ON_START = ["failed = None"]
_READING_ON_END = ["if failed is not None:", "    return failed(record, wrong, True)"]
# The fast batch loop: every way out goes to the exact loop; timestamps are collected
# untested, even their type: all_timestamps is False for a list holding a non-str, and
# judges a str subclass by its characters, as the engine does.
_LEFT = "return _left(records, stamps)"
_FAST_LOOP = _Mode(
    # A batch's depth; no position is counted here (the exact loop finds it again).
    MAX_DEPTH - 2, resume=_LEFT, failed=_LEFT, stamp="add(value)", read="record[{}]", no_match="",
    fail_timestamp=_LEFT, bad_context=_LEFT, not_json=_LEFT, extra=_LEFT, bind="",
)


def _field_parameter(field: FieldPlan) -> str:
    return f"_f{field.position}"


def _head_lines(plan: Sequence[FieldPlan], mode: _Mode) -> list[str]:
    """The checks before the first field, for the record held in ``record``."""
    text = _RECORD_TEMPLATE.format(
        resume_timestamp=mode.resume.format(STAGE_TIMESTAMP),
        timestamp=(mode.head_stamp or mode.stamp).format(not_str=mode.resume.format(STAGE_TIMESTAMP),
                                                         no_match=mode.fail_timestamp),
        bad_context=mode.bad_context, key_test=mode.key_test.format(size=len(plan) + len(FIXED_KEYS)),
        extra=mode.extra, not_json=mode.not_json,
        depth=mode.depth, bind=mode.bind,
        read_timestamp=mode.read.format('"timestamp"'), read_context=mode.read.format('"context"'),
    )
    return [line for line in text.split("\n") if line]


def _field_lines(plan: Sequence[FieldPlan], mode: _Mode) -> list[str]:
    """The checks of ``plan``'s fields; a record that gets past them all is valid.

    A missing key reads as None, which no test passes (in the fast batch loop, which
    reads by subscript, it raises KeyError), so every declared key is there, and with
    them the key count test leaves no room for another.
    """
    texts = []
    for field in plan:
        texts.append(_FIELD_TEMPLATES[field.kind].format(
            read=mode.read.format(_field_parameter(field)), failed=mode.failed.format(field.position),
            stamp=mode.stamp.format(not_str=mode.failed.format(field.position),
                                    no_match=mode.no_match.format(field.position)),
        ))
    return [line for text in texts for line in text.split("\n")]


def _indented(lines: Sequence[str], indent: int) -> list[str]:
    return [" " * indent + line for line in lines]


def _parts(plan: Sequence[FieldPlan]) -> list[Sequence[FieldPlan]]:
    """The fields of ``check`` itself, then those of each part it calls."""
    return [plan[at:at + PART_FIELDS] for at in range(0, len(plan), PART_FIELDS)] or [plan]


def _part_lines(number: int, part: Sequence[FieldPlan], parameters: Sequence[str], last: bool) -> list[str]:
    """A factory of ``_part<number>``, which checks ``part``'s fields (_PASS or the answer).

    The last part reads on past a failure; the others answer at once (the parts share no
    state, and a careful answer reads every later field itself).
    """
    fields = _READING_ON_START + _field_lines(part, _CHECK_READING_ON) + _READING_ON_END if last \
        else _field_lines(part, _CHECK)
    return [
        f"def __create_part{number}__({', '.join(parameters)}):",
        f"    def _part{number}(record, get):", *_indented(fields, 8),
        "        return _PASS",
        "",
        f"    return _part{number}",
        "",
    ]


def _check_lines(plan: Sequence[FieldPlan], parts: int) -> list[str]:
    """``check``: the record's head, its first fields, then a call of each part."""
    if parts == 1:
        body = _head_lines(plan, _CHECK_READING_ON) + _field_lines(plan, _CHECK_READING_ON) + _READING_ON_END
    else:
        calls = [f"if (answer := _part{number}(record, get)) is not _PASS: return answer" for number in range(1, parts)]
        body = _head_lines(plan, _CHECK) + _field_lines(_parts(plan)[0], _CHECK) + calls
    return [
        "    def check(record):",
        "        try:",
        *_indented(body, 12),
        "        except Exception:",
        # Only keys whose __eq__ or __hash__ raise get here; the engine decides.
        f"            return _resume(record, {STAGE_UNKNOWN}, None)",
        "        return None",
        "",
    ]


def _main_lines(plan: Sequence[FieldPlan], parameters: Sequence[str]) -> list[str]:
    """The factory of ``check`` and ``check_batch``."""
    lines = [f"def __create_fn__({', '.join(parameters)}):", *_check_lines(plan, len(_parts(plan)))]
    if len(plan) <= INLINE_BATCH_LIMIT:
        lines += _inline_batch_loops(plan)
    else:
        lines += _calling_batch_loop()
    lines += ["", "    return check, check_batch", ""]
    return lines


def _inline_batch_loops(plan: Sequence[FieldPlan]) -> list[str]:
    # Each record adds this many timestamps to `stamps` in the fast loop: its own and
    # its timestamp fields'.  The records before `index` added index * per_record.
    per_record = 1 + sum(1 for field in plan if field.kind == "timestamp")
    return [
        "    def check_batch_from(records, start):",
        "        try:",
        "            for index, record in enumerate(_islice(records, start, None), start):",
        *_indented(_head_lines(plan, _EXACT_LOOP) + _field_lines(plan, _EXACT_LOOP), 16),
        "        except Exception:",
        "            return _check_batch_slowly(records)",
        "        return None",
        "",
        "    def _finish(records, stamps, index):",
        "        # The records before `index` passed all but their timestamps.  A later",
        "        # record's JSON problem beats an error: _batch_answer, on the error path only.",
        f"        error = check_batch_from(records, index if _all_timestamps(stamps[:index * {per_record}]) else 0)",
        "        return None if error is None else _batch_answer(records, error)",
        "",
        "    def _left(records, stamps):",
        "        # A record left the fast loop (which counts no index: enumerate costs).  Each",
        f"        # record before it added {per_record} stamps, it fewer or as many (failing after its last",
        "        # timestamp field): the exact loop starts at it or at the one before.",
        f"        return _finish(records, stamps, (len(stamps) - 1) // {per_record} if stamps else 0)",
        "",
        "    def check_batch(records):",
        "        if type(records) is not list or not records:",
        "            return _check_batch_slowly(records)",
        "        stamps = []",
        "        add = stamps.append",
        "        try:",
        "            for record in records:",
        *_indented(_head_lines(plan, _FAST_LOOP) + _field_lines(plan, _FAST_LOOP), 16),
        "        except KeyError:",
        "            # A key missing from the record (read by subscript here: cheaper than",
        "            # get, and no test of None needed); the exact loop names it.",
        "            return _left(records, stamps)",
        "        except Exception:",
        "            return _check_batch_slowly(records)",
        "        if _all_timestamps(stamps):",
        "            return None",
        "        return _finish(records, stamps, 0)",
    ]


def _calling_batch_loop() -> list[str]:
    return [
        "    def check_batch(records):",
        "        if type(records) is not list or not records:",
        "            return _check_batch_slowly(records)",
        "        for index, record in enumerate(records):",
        "            error = check(record)",
        "            if error is not None:",
        "                # check lets a record nest one level more than a batch may.",
        "                return _batch_contexts_too_deep(records[:index]) or _batch_answer(records, _with_index(error, index))",
        "        return _batch_contexts_too_deep(records)",
    ]


_PASS = object()  # a part of `check` found its fields valid


def _helpers(engine: Engine) -> dict[str, object]:
    """Every value the generated code uses but the field names, by its parameter name."""
    return {
        "_resume": engine.resume,
        "_fail": engine.fail,
        "_extra": engine.extra,
        "_failed": engine.field_failures,
        "_stamp_failed": engine.stamp_failures,
        "_failed_read": engine.field_failures_read,
        "_stamp_failed_read": engine.stamp_failures_read,
        "_timestamp_read": engine.timestamp_read,
        "_context_read": engine.context_read,
        "_extra_read": engine.extra_read,
        "_leaves": LEAVES,
        "_check_batch_slowly": engine.check_batch_slowly,
        "_with_index": with_index,
        "_batch_answer": batch_answer,
        "_batch_contexts_too_deep": batch_contexts_too_deep,
        "_json_scalar": is_json_scalar,
        "_json_context": json_context,
        "_allowed_superset": engine.allowed_superset,
        "_timestamp": TIMESTAMP_MATCH,
        "_all_timestamps": all_timestamps,
        "_islice": itertools.islice,
        "_int_low": -INT_LIMIT,
        "_int_high": INT_LIMIT,
        "_PASS": _PASS,
        **_BUILTINS,
    }


# The builtins the generated code calls or compares with, passed in like the helpers: a
# read of a factory's parameter (a closure cell) is cheaper than a builtin's, which
# looks in the module's globals first, and the checks read them about 20 times a record.
_BUILTINS = {function.__name__: function for function in (type, str, dict, list, len, float, int)}

#: The helpers a part of ``check`` uses (its field lines, in either `check` mode).
_PART_HELPERS = ("_failed", "_stamp_failed", "_failed_read", "_stamp_failed_read", "_leaves", "_timestamp",
                 "_int_low", "_int_high", "_PASS", *_BUILTINS)


def _names(part: Sequence[FieldPlan]) -> dict[str, object]:
    """The field names of ``part`` by their parameter."""
    return {_field_parameter(field): field.name for field in part}


class GeneratedCode(NamedTuple):
    """The generated functions of one schema and their source text."""

    check: Callable[[object], Any]
    check_batch: Callable[[object], Any]
    source: str


def generate(plan: Sequence[FieldPlan], engine: Engine) -> GeneratedCode:
    """Write, register and compile the fast path for the fields of ``plan``."""
    helpers, parts = _helpers(engine), _parts(plan)
    part_arguments = [{name: helpers[name] for name in _PART_HELPERS} | _names(part) for part in parts[1:]]
    part_names = [f"_part{number}" for number in range(1, len(parts))]
    pieces = [_part_lines(number, part, list(arguments), number == len(parts) - 1)
              for number, (part, arguments) in enumerate(zip(parts[1:], part_arguments), 1)]
    pieces.append(_main_lines(plan, [*helpers, *_names(parts[0]), *part_names]))
    source = "\n".join(line for piece in pieces for line in piece)
    filename = f"<dataset_schema generated validator {next(_counter)}>"
    # Registered before compiling, as attrs does, so even a failure points at real lines.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    offsets = list(itertools.accumulate((len(piece) for piece in pieces), initial=0))
    made = [_run(piece, offset, filename, arguments.values())
            for piece, offset, arguments in zip(pieces, offsets, part_arguments)]
    check, check_batch = _run(pieces[-1], offsets[-2], filename, [*helpers.values(), *_names(parts[0]).values(), *made])
    # Every generated function holds `resume`, so it outlives them all: when it goes,
    # nothing can show a line of this source any more.
    weakref.finalize(engine.resume, linecache.cache.pop, filename, None)
    return GeneratedCode(check, check_batch, source)


def _run(lines: Sequence[str], offset: int, filename: str, arguments: Iterable[object]) -> Any:
    """Compile one factory of the source (its text starts at line ``offset + 1``) and call it.

    Each factory is compiled on its own: ``compile()`` of one function holding every part
    grows faster than its length (13.8x the time for 10x the fields), of separate
    factories linearly.  Their line numbers are moved to where they sit in the source.
    """
    code = _moved(compile("\n".join(lines), filename, "exec"), offset)
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(code, namespace)  # noqa: S102 - our own text, see module doc
    (factory,) = (value for name, value in namespace.items() if name.startswith("__create"))
    # Positionally: matching 10,000 keyword arguments to their parameters is quadratic.
    return factory(*arguments)


def _moved(code: CodeType, offset: int) -> CodeType:
    """``code`` and every function in it, ``offset`` lines further down."""
    constants = tuple(_moved(value, offset) if isinstance(value, CodeType) else value for value in code.co_consts)
    return code.replace(co_firstlineno=code.co_firstlineno + offset, co_consts=constants)
