"""The exact engine: the contract, rule by rule, for one schema; the fast path's fallback.

The generated code (``codegen.py``) answers "valid" for the common shape only, and
hands every other record to the engine's entry points with the stage it reached
(the stages are defined in ``rules.py``):

- ``resume(record, stage, index)``: any object; every check before ``stage`` passed
  and, for an exact dict at a field stage, the generated code's key test too
  (``STAGE_UNKNOWN``: nothing is known);
- ``fail(record, stage, index)``: an exact dict whose present value at ``stage``
  (``STAGE_TIMESTAMP``, or a timestamp field's stage) is known to be invalid;
- ``undeclared(record, index)``: an exact dict known to hold an undeclared key;
- ``extra(record, index)``: the same, once its timestamp and context have passed;
- ``field_failures[i](record, value, index)``: declared field ``i`` of an exact dict,
  read as ``value``, failed the fast test, every rule before it passed (a lean
  hand-over: the engine neither reads the value again nor re-tests earlier rules);
- ``stamp_failures[i](record, index)``: timestamp field ``i`` holds a str that is not
  an accepted date-time, every rule before it passed;
- ``check_batch_slowly(records)`` and ``errors(record)``.

``check`` reads on past the first rule that fails (codegen.py), then calls that rule's
``_read`` answer as ``answer(record, value, read)``: ``field_failures_read[i]``,
``stamp_failures_read[i]``, ``timestamp_read`` (the timestamp is a str, not a
date-time), ``context_read`` (the context is a scalar) or ``extra_read`` (more keys
than the schema's names).  With ``read`` true every declared field after the failure
was there and held an exact scalar, so no undeclared key took a later field's place and
no later value nests: the answer needs no second look at them.  With ``read`` false a
later value was odd, and the answer is the careful one above.  Reading on, the key
test is left out for a record with fewer keys than the schema's names (the fields find
what is missing), so a careful field answer runs it first (``_key_test_left``).

Between the context rule and the first field the generated code tests the key count,
so at ``STAGE_TIMESTAMP`` and ``STAGE_CONTEXT`` nothing is known about the keys yet.

Each is a plain closure made by a small builder below, so generated code calls it
directly.  Every message is prebuilt or built from the catalogue's template; the
checking raises nothing.  Objects are judged by their real type, ``type(x)``, never
by ``isinstance`` (which believes a ``__class__`` property), and read through
``dict``'s and ``list``'s own methods, so a subclass is judged by what it stores,
not by its overrides (a list whose ``__len__`` raises is still a list).
"""

from __future__ import annotations

from itertools import filterfalse
from typing import Any, Callable, Sequence, final

from .._errors import IngestError
from .errors import ErrorFactory, batch_error, context_error, extra_error, invalid_json_error, payload_error, timestamp_error
from .jsonrule import IN_BATCH_LIMIT, RECORD_LIMIT, VALUE_LIMIT, batch_depth_first, depth_first_errors, settle
from .jsonvalue import LEAVES, holds_only_json, too_deep
from .plan import FieldPlan
from .rules import FIRST_FIELD_STAGE, FIXED_KEYS, STAGE_CONTEXT, STAGE_TIMESTAMP, STAGE_UNKNOWN, is_dict, is_list, is_string
from .timestamp import is_timestamp

__all__ = ["Engine"]

_MISSING: Any = object()
_dict_get = dict.get
_dict_keys = dict.keys
_dict_values = dict.values
_dict_contains = dict.__contains__

#: One declared field as the engine checks it: name, type test, missing and invalid errors.
_Check = tuple[str, Callable[[object], bool], ErrorFactory, ErrorFactory]
_KeyTest = Callable[[Any], bool]
_Answer = Callable[[dict[Any, Any], "int | None"], IngestError]
_FieldsChecker = Callable[[dict[Any, Any], int, "int | None"], "IngestError | None"]
#: The context rule's test of a dict: ``holds_only_json``, or for parsed bodies (JSON
#: already) nothing.
_ContextTest = Callable[[dict[Any, Any]], bool]


def _any_context(context: dict[Any, Any]) -> bool:
    return True


def _undeclared_keys_finder(superset: _KeyTest, declared: _KeyTest) -> Callable[[Any], list[Any] | None]:
    def undeclared_keys(keys: Any) -> list[Any] | None:
        """The undeclared keys in record order ([] for none); None if one is not a str."""
        if superset(keys):
            return []
        extras = list(filterfalse(declared, keys))
        for key in extras:
            if not is_string(key):
                return None
        return extras

    return undeclared_keys


def _fields_checker(checks: Sequence[_Check]) -> _FieldsChecker:
    count = len(checks)

    def check_fields(record: dict[Any, Any], start: int, index: int | None) -> IngestError | None:
        """Rule 5 from field ``start`` on; the record's keys are known to be declared ones."""
        for position in range(start, count):
            name, accepts, missing, invalid = checks[position]
            value = _dict_get(record, name, _MISSING)
            if value is _MISSING:
                return missing(index)
            if not accepts(value):
                return invalid(index)
        return None

    return check_fields


def _undeclared_answer(declared: _KeyTest, context_ok: _ContextTest) -> _Answer:
    def undeclared(record: dict[Any, Any], index: int | None) -> IngestError:
        # One pass over the keys, in C but for the undeclared ones; through
        # dict.keys so that a subclass's __iter__ has no say.
        extras = filterfalse(declared, _dict_keys(record))
        first = next(extras)
        if not issubclass(type(first), str):  # (is_string's test, inline: a hot error)
            return payload_error(index)
        for key in extras:
            if not issubclass(type(key), str):
                return payload_error(index)
        if not is_timestamp(_dict_get(record, "timestamp")):
            return timestamp_error(index)
        context = _dict_get(record, "context")
        if not is_dict(context):
            return context_error(index)
        if not context_ok(context):
            return invalid_json_error(index)
        return extra_error(first, index)

    return undeclared


def _extra_answer(declared: _KeyTest) -> _Answer:
    def extra(record: dict[Any, Any], index: int | None) -> IngestError:
        """``undeclared`` for a record whose timestamp and context passed: no regex again.

        Not settled here: its callers settle the nesting limit."""
        extras = filterfalse(declared, _dict_keys(record))
        first = next(extras)
        if not issubclass(type(first), str):  # (is_string's test, inline: a hot error)
            return payload_error(index)
        for key in extras:
            if not issubclass(type(key), str):
                return payload_error(index)
        return extra_error(first, index)

    return extra


_FieldFailure = Callable[[dict[Any, Any], object, "int | None"], "IngestError | None"]
_StampFailure = Callable[[dict[Any, Any], "int | None"], IngestError]


#: Up to this many fields after a failed one, their presence is tested; past it, every key.
_FEW_LATER = 16

# _BOUND: the per-field hand-overs below take what they use as parameter defaults, not
# from a closure.  A schema of n fields makes several of them per field; a closure's
# cells are objects of their own, and while a wide validator is built the garbage
# collector walks every object made so far, again and again: with closures, compiling
# 10,000 fields took far more than ten times 1000 (docs/performance.md, W5).


def _room_test(size: int, later: Sequence[str], superset: _KeyTest) -> Callable[[dict[Any, Any]], bool]:
    """Whether a record that passed the checks up to a field may hold an undeclared key.

    Only with all ``size`` keys (with fewer the generated key test has ruled it out), and
    then exactly when a field after this one is missing: cheaper to test than every key
    when few fields follow, and nothing to test after the last field.
    """
    if not later:
        return lambda record: False
    if len(later) > _FEW_LATER:
        def has_any_room(record: dict[Any, Any], size: int = size, superset: _KeyTest = superset) -> bool:
            return len(record) == size and not superset(record)

        return has_any_room

    def has_room(record: dict[Any, Any], size: int = size, expected: frozenset[str] = frozenset(later)) -> bool:
        return len(record) == size and not _dict_keys(record) >= expected

    return has_room


def _later_too_deep(record: dict[Any, Any], later: tuple[str, ...], leaves: frozenset[type] = LEAVES) -> bool:
    """Whether a value of the fields ``later`` nests past a value's limit.  (A plain loop:
    ``map``/``issuperset`` forms of the type test measured slower for a few fields.)"""
    for name in later:
        value = _dict_get(record, name)
        if type(value) not in leaves and too_deep(value, VALUE_LIMIT):
            return True
    return False


def _field_failure(field: FieldPlan, has_room: Callable[[dict[Any, Any]], bool], size: int, extra: _Answer,
                   check_fields: _FieldsChecker, names: tuple[str, ...]) -> _FieldFailure:
    # Everything is bound as defaults, not closed over (see _BOUND).
    def failed(record: dict[Any, Any], value: object, index: int | None, name: str = field.name,
               accepts: Callable[[object], bool] = field.accepts, missing: ErrorFactory = field.missing,
               invalid: ErrorFactory = field.invalid, after: int = field.position + 1,
               has_room: Callable[[dict[Any, Any]], bool] = has_room, size: int = size, extra: _Answer = extra,
               check_fields: _FieldsChecker = check_fields, names: tuple[str, ...] = names,
               leaves: frozenset[type] = LEAVES) -> IngestError | None:
        answer: IngestError | None
        try:
            if value is None and not _dict_contains(record, name):
                # With all the keys a record may hold, another key took this one's place.
                if len(record) == size:
                    return settle(record, extra(record, index), index)
                answer = missing(index)
            elif has_room(record):
                return settle(record, extra(record, index), index)
            elif type(value) in leaves or not accepts(value):
                # (The generated test is exact for an exact scalar: no need to ask again.)
                answer = invalid(index)
            else:
                answer = check_fields(record, after, index)  # a subclass of the type: valid, go on
        except Exception:
            return settle(record, payload_error(index), index)  # a key whose __eq__ or __hash__ raises
        # The nesting limit first: the values before this one are scalars, the context
        # was judged, there is no other key; this value and the later ones are left.
        if index is None:
            if type(value) not in leaves and too_deep(value, VALUE_LIMIT):
                return invalid_json_error(None)
            # _later_too_deep's loop, written out: its call costs about 500 instructions
            # on this error path, which four of the nine W2 kinds take.
            for name in names[after:]:
                value = _dict_get(record, name)
                if type(value) not in leaves and too_deep(value, VALUE_LIMIT):
                    return invalid_json_error(None)
        elif answer is None and too_deep(record, IN_BATCH_LIMIT):
            return invalid_json_error(None)
        return answer

    return failed


#: An answer for ``check`` reading on (codegen.py): given the record, the failing value,
#: and whether every later field was read and found present and an exact scalar.
_ReadAnswer = Callable[[dict[Any, Any], object, bool], "IngestError | None"]


def _key_test_left(size: int, superset: _KeyTest, settled_extra: _Answer) -> Callable[[dict[Any, Any]], "IngestError | None"]:
    """The generated key test, as ``check`` reading on leaves it for a record with fewer
    keys than ``size`` (the fields find what is missing).  The careful answers count on
    it, so a field's answer runs it before handing over to them."""
    def key_test_left(record: dict[Any, Any]) -> IngestError | None:
        return settled_extra(record, None) if len(record) < size and not superset(record) else None

    return key_test_left


def _read_field_failure(field: FieldPlan, size: int, extra: _Answer, check_fields: _FieldsChecker,
                        careful: _FieldFailure, key_test: Callable[[dict[Any, Any]], "IngestError | None"]) -> _ReadAnswer:
    """``field_failures_read[i]``: ``careful`` (``_field_failure``) unless ``read``; then
    no later value needs a second look (see the module doc)."""
    # Bound as defaults (see _BOUND).
    def failed_read(record: dict[Any, Any], value: object, read: bool, name: str = field.name,
                    accepts: Callable[[object], bool] = field.accepts, missing: ErrorFactory = field.missing,
                    invalid: ErrorFactory = field.invalid, after: int = field.position + 1, size: int = size,
                    extra: _Answer = extra, check_fields: _FieldsChecker = check_fields,
                    careful: _FieldFailure = careful, key_test: Callable[[dict[Any, Any]], IngestError | None] = key_test,
                    leaves: frozenset[type] = LEAVES) -> IngestError | None:
        if not read:
            return key_test(record) or careful(record, value, None)
        answer: IngestError | None
        try:
            if value is None and not _dict_contains(record, name):
                # Every other declared key is there: with all the keys a record may
                # hold, an undeclared one took this one's place.
                if len(record) == size:
                    return settle(record, extra(record, None), None)
                answer = missing(None)
            elif type(value) in leaves or not accepts(value):
                answer = invalid(None)
            else:
                answer = check_fields(record, after, None)  # a subclass of the type: valid, go on
        except Exception:
            return settle(record, payload_error(None), None)  # a key whose __eq__ or __hash__ raises
        # Of the values, only this one is left to judge for nesting.
        if type(value) not in leaves and too_deep(value, VALUE_LIMIT):
            return invalid_json_error(None)
        return answer

    return failed_read


def _read_stamp_failure(field: FieldPlan, careful: _StampFailure,
                        key_test: Callable[[dict[Any, Any]], "IngestError | None"]) -> _ReadAnswer:
    """``stamp_failures_read[i]``: every later field there and a scalar leaves no room for
    an undeclared key and nothing to nest, so the field's error is the answer."""
    def stamp_failed_read(record: dict[Any, Any], value: object, read: bool, invalid: ErrorFactory = field.invalid,
                          careful: _StampFailure = careful,
                          key_test: Callable[[dict[Any, Any]], IngestError | None] = key_test) -> IngestError:
        return invalid(None) if read else key_test(record) or careful(record, None)

    return stamp_failed_read


def _read_head_failure(key: str, size: int, error: ErrorFactory,
                       careful: Callable[[dict[Any, Any]], "IngestError | None"]) -> _ReadAnswer:
    """``timestamp_read`` and ``context_read``: the rule of ``key``, before the fields,
    failed on a scalar (a str that is not a date-time, a context that is not an object).
    With ``key`` and every declared field there, each a scalar, and no more keys than
    that, no key is undeclared (let alone not a str) and nothing nests: the rule's error
    is the answer."""
    def head_failed_read(record: dict[Any, Any], value: object, read: bool, key: str = key, size: int = size,
                         error: ErrorFactory = error) -> IngestError | None:
        if read and len(record) == size and (value is not None or _dict_contains(record, key)):
            return error(None)
        return careful(record)

    return head_failed_read


def _read_extra(declared: _KeyTest, careful: _Answer, resume: Callable[[object, int, int | None], IngestError | None],
                ) -> _ReadAnswer:
    """``extra_read``: timestamp and context passed, the record holds an undeclared key.
    With every declared field there and a scalar, only the undeclared keys and their
    values are left to look at, and ``careful`` (``_settled_extra``) looks at them all."""
    def extra_read(record: dict[Any, Any], value: object, read: bool, declared: _KeyTest = declared,
                   resume: Callable[[object, int, int | None], IngestError | None] = resume,
                   leaves: frozenset[type] = LEAVES) -> IngestError | None:
        if not read:
            return careful(record, None)
        first: Any = _MISSING
        try:
            for key in filterfalse(declared, _dict_keys(record)):
                if not issubclass(type(key), str):  # (is_string's test, inline)
                    first = None  # not a JSON object, unless a value nests too deep
                elif first is _MISSING:
                    first = key
                value = record[key]
                if type(value) not in leaves and too_deep(value, VALUE_LIMIT):
                    return invalid_json_error(None)
        except Exception:
            return settle(record, payload_error(None), None)  # a key whose __eq__ or __hash__ raises
        if first is _MISSING:
            # More keys than names, yet each one a declared name: keys whose equality
            # changed once they were in the dict.  The engine from the start decides.
            return resume(record, STAGE_UNKNOWN, None)
        return payload_error(None) if first is None else extra_error(first, None)

    return extra_read


def _stamp_failure(field: FieldPlan, has_room: Callable[[dict[Any, Any]], bool], extra: _Answer,
                   names: tuple[str, ...]) -> _StampFailure:
    def stamp_failed(record: dict[Any, Any], index: int | None, invalid: ErrorFactory = field.invalid,
                     has_room: Callable[[dict[Any, Any]], bool] = has_room, extra: _Answer = extra,
                     after: int = field.position + 1, names: tuple[str, ...] = names) -> IngestError:
        if after < len(names):
            try:
                if has_room(record):
                    return settle(record, extra(record, index), index)  # type: ignore[return-value]
            except Exception:
                return settle(record, payload_error(index), index)  # type: ignore[return-value]
            # As for a field's hand-over; in a batch the batch's answer looks.
            if index is None and _later_too_deep(record, names[after:]):
                return invalid_json_error(None)
        return invalid(index)

    return stamp_failed


def _resumer(
    size: int, superset: _KeyTest, undeclared_keys: Callable[[Any], list[Any] | None],
    undeclared: _Answer, check_fields: _FieldsChecker, context_ok: _ContextTest, nesting: bool,
) -> Callable[[object, int, int | None], IngestError | None]:
    """``resume``; ``nesting``: settle the nesting limit too (jsonrule.py), not for parsed bodies."""

    def resume(record: object, stage: int, index: int | None) -> IngestError | None:
        answer: Any
        try:
            if type(record) is dict:
                # The key count is tested after the context rule (see the module doc).
                if (stage < FIRST_FIELD_STAGE or len(record) == size) and not superset(record):
                    answer = undeclared(record, index)
                elif stage >= FIRST_FIELD_STAGE:
                    # Timestamp and context passed; the field at `stage` is None,
                    # absent, of a subclass or of another type.
                    answer = check_fields(record, stage - FIRST_FIELD_STAGE, index)
                else:
                    answer = _MISSING
            elif not is_dict(record):
                answer = payload_error(index)
            else:
                extras = undeclared_keys(_dict_keys(record))
                answer = payload_error(index) if extras is None else undeclared(record, index) if extras else _MISSING
            if answer is _MISSING:
                context = _dict_get(record, "context")  # type: ignore[call-overload]
                if stage <= STAGE_TIMESTAMP and not is_timestamp(_dict_get(record, "timestamp")):  # type: ignore[call-overload]
                    answer = timestamp_error(index)
                elif not is_dict(context):
                    answer = context_error(index)
                elif not context_ok(context):
                    answer = invalid_json_error(index)
                else:
                    answer = check_fields(record, 0, index)  # type: ignore[arg-type]
        except Exception:
            # Only objects no JSON parser can produce get here (keys whose __hash__
            # or __eq__ raise): such a mapping is not a JSON object.
            answer = payload_error(index)
        if nesting:
            if index is None:
                if too_deep(record, RECORD_LIMIT):
                    return invalid_json_error(None)
            elif answer is None and too_deep(record, IN_BATCH_LIMIT):
                return invalid_json_error(None)
        return answer  # type: ignore[no-any-return]

    return resume


def _settled_extra(extra: _Answer) -> _Answer:
    """``extra`` as the generated code calls it, the nesting limit settled: the context
    was judged (JSON, nesting at most as deep as the record may), the other values are
    left to look at."""

    def settled_extra(record: dict[Any, Any], index: int | None, leaves: frozenset[type] = LEAVES) -> IngestError:
        answer = extra(record, index)
        if index is None:
            context = _dict_get(record, "context")
            for value in _dict_values(record):
                if type(value) in leaves or value is context:
                    continue
                if too_deep(value, VALUE_LIMIT):
                    return invalid_json_error(None)
        return answer

    return settled_extra


def _failer(
    size: int, superset: _KeyTest, declared: _KeyTest, undeclared: _Answer, invalid: Sequence[ErrorFactory],
) -> Callable[[dict[Any, Any], int, int | None], IngestError]:
    def fail(record: dict[Any, Any], stage: int, index: int | None) -> IngestError:
        answer: IngestError | None = None
        try:
            if (stage == STAGE_TIMESTAMP or len(record) == size) and not superset(record):
                if stage != STAGE_TIMESTAMP:
                    answer = undeclared(record, index)
                else:
                    # The timestamp rule comes before the undeclared keys; only a
                    # key that is not a str (not an object at all) comes first.
                    for key in filterfalse(declared, _dict_keys(record)):
                        if not is_string(key):
                            answer = payload_error(index)
                            break
        except Exception:
            answer = payload_error(index)
        if answer is None:
            answer = timestamp_error(index) if stage == STAGE_TIMESTAMP else invalid[stage - FIRST_FIELD_STAGE](index)
        # The nesting limit first (jsonrule.py); in a batch the batch's answer looks.
        if index is None and too_deep(record, RECORD_LIMIT):
            return invalid_json_error(None)
        return answer

    return fail


def _batch_checker(resume: Callable[[object, int, int | None], IngestError | None]) -> Callable[[object], IngestError | None]:
    def check_batch_slowly(records: object) -> IngestError | None:
        """``check_batch`` for anything but a plain non-empty list of plain records."""
        if not is_list(records) or not list.__len__(records):
            return batch_error(None)
        for index, record in enumerate(list.__iter__(records)):
            error = resume(record, STAGE_UNKNOWN, index)
            if error is not None:
                return error
        return None

    return check_batch_slowly


def _errors_lister(
    checks: Sequence[_Check], undeclared_keys: Callable[[Any], list[Any] | None],
) -> Callable[[object], list[IngestError]]:
    def errors(record: object) -> list[IngestError]:
        """Every problem, in the canonical order."""
        try:
            if not is_dict(record):
                return [payload_error(None)]
            extras = undeclared_keys(_dict_keys(record))
            if extras is None:
                return [payload_error(None)]
            found: list[IngestError] = []
            if not is_timestamp(_dict_get(record, "timestamp")):
                found.append(timestamp_error(None))
            context = _dict_get(record, "context")
            if not is_dict(context):
                found.append(context_error(None))
            elif not holds_only_json(context):
                found.append(invalid_json_error(None))
            found.extend(extra_error(key, None) for key in extras)
            for name, accepts, missing, invalid in checks:
                value = _dict_get(record, name, _MISSING)
                if value is _MISSING:
                    found.append(missing(None))
                elif not accepts(value):
                    found.append(invalid(None))
            return found
        except Exception:
            return [payload_error(None)]

    return errors


@final
class Engine:
    """The entry points of one schema's engine (see the module doc)."""

    __slots__ = ("resume", "fail", "undeclared", "extra", "field_failures", "stamp_failures",
                 "field_failures_read", "stamp_failures_read", "timestamp_read", "context_read", "extra_read",
                 "check_batch_slowly", "errors", "allowed_superset", "rules_only", "batch_rules_only")

    def __init__(self, plan: Sequence[FieldPlan]) -> None:
        allowed = frozenset((*FIXED_KEYS, *(field.name for field in plan)))
        superset, declared = allowed.issuperset, allowed.__contains__
        # Plain tuples, unpacked in the loops: cheaper than attribute reads.
        checks: tuple[_Check, ...] = tuple((f.name, f.accepts, f.missing, f.invalid) for f in plan)
        # The generated code hands over an exact dict only after testing that one
        # without this many keys has no undeclared key; with it, the test is still to do.
        size = len(checks) + len(FIXED_KEYS)
        undeclared_keys = _undeclared_keys_finder(superset, declared)
        check_fields = _fields_checker(checks)
        undeclared = _undeclared_answer(declared, holds_only_json)
        resume = _resumer(size, superset, undeclared_keys, undeclared, check_fields, holds_only_json, True)
        extra = _extra_answer(declared)
        names = tuple(field.name for field in plan)
        rooms = [_room_test(size, names[f.position + 1:f.position + 2 + _FEW_LATER], superset) for f in plan]
        # Every entry point the generated code calls answers the nesting limit first
        # (jsonrule.py); the errors of a batch's records are left to the batch's answer.
        self.undeclared = undeclared
        self.resume = resume
        self.fail = _failer(size, superset, declared, undeclared, tuple(invalid for *_, invalid in checks))
        self.extra = _settled_extra(extra)
        self.field_failures = tuple(_field_failure(f, rooms[f.position], size, extra, check_fields, names) for f in plan)
        self.stamp_failures = tuple(
            _stamp_failure(f, rooms[f.position], extra, names) if f.kind == "timestamp" else None for f in plan
        )
        # `check` reading on (codegen.py): the answers given what it read.
        key_test = _key_test_left(size, superset, self.extra)
        self.field_failures_read = tuple(
            _read_field_failure(f, size, extra, check_fields, self.field_failures[f.position], key_test) for f in plan
        )
        self.stamp_failures_read = tuple(_read_stamp_failure(f, stamp, key_test) if stamp else None
                                         for f, stamp in zip(plan, self.stamp_failures))
        fail = self.fail
        self.timestamp_read = _read_head_failure("timestamp", size, timestamp_error,
                                                 lambda record: fail(record, STAGE_TIMESTAMP, None))
        self.context_read = _read_head_failure("context", size, context_error,
                                               lambda record: resume(record, STAGE_CONTEXT, None))
        self.extra_read = _read_extra(declared, self.extra, resume)
        self.check_batch_slowly = batch_depth_first(_batch_checker(self.resume))
        self.errors = depth_first_errors(_errors_lister(checks, undeclared_keys))
        self.allowed_superset: _KeyTest = superset
        # A parsed body is JSON (its nesting is the decoder's to judge): the record rules
        # alone, whose context test is the dict's type.
        parsed_resume = _resumer(size, superset, undeclared_keys, _undeclared_answer(declared, _any_context),
                                 check_fields, _any_context, False)
        self.rules_only: Callable[[object], IngestError | None] = lambda record: parsed_resume(record, STAGE_UNKNOWN, None)
        self.batch_rules_only = _batch_checker(parsed_resume)
