"""The `hand` baseline: the fastest plain Python I could write by hand for the seed schema.

Exactly the contract's answers (tests/core/test_hand_baseline.py checks it against the
reference on the table cases and with hypothesis) for one fixed schema::

    country: string, plan: string, amount: number, active: boolean, signup_at: timestamp

It uses only the public API (``IngestError`` and the ``CATALOGUE`` of messages)
and the stdlib; nothing from the package's internals.  Written the way a person
tuning one validator would: straight-line checks on ``dict.get``, one regex for
RFC 3339 with the calendar folded in, the batch loop inlined, errors copied from
prebuilt models, and a literal slow path for everything unusual.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from dataset_schema import CATALOGUE, IngestError

__all__ = [
    "W6_FIELDS",
    "check",
    "check_batch",
    "check_w6",
    "decode",
    "parse_batch",
    "parse_record",
]

FIELDS = (("country", "string"), ("plan", "string"), ("amount", "number"), ("active", "boolean"),
          ("signup_at", "timestamp"))
_ALLOWED = frozenset(("timestamp", "context", "country", "plan", "amount", "active", "signup_at"))
_SUPERSET = _ALLOWED.issuperset
_LIMIT = 2**1024 - 2**970  # ints at or past this magnitude are infinite as float64
_LOW = -_LIMIT

# RFC 3339 date-time; month/day and leap years spelled as digit patterns.
_TS = re.compile(
    r"(?:[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])"
    r"|(?:[02468][048]|[13579][26])00)-02-29)"
    r"[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
).fullmatch


# -- errors: copies of prebuilt models ----------------------------------------------

def _model(code: str, field: str | None = None) -> tuple[tuple[Any, ...], dict[str, Any]]:
    row = CATALOGUE[code]
    message = row.template.format(field=field) if field is not None else row.template
    error = IngestError(message, row.code, row.status, field)
    return error.args, dict(vars(error))


_new = IngestError.__new__


def _error(model: tuple[tuple[Any, ...], dict[str, Any]], index: int | None) -> IngestError:
    args, attributes = model
    error = _new(IngestError, *args)
    error.__dict__ = attributes.copy()
    if index is not None:
        error.args = args[:4] + (index,) + args[5:]
        error.index = index
    return error


_PAYLOAD = _model("payload_not_object")
_TIMESTAMP = _model("invalid_timestamp")
_CONTEXT = _model("context_not_object")
_BATCH = _model("batch_not_array")
_MISSING_ERR = {name: _model("missing_field", name) for name, _ in FIELDS}
_INVALID_ERR = {name: _model(f"invalid_{kind}_field", name) for name, kind in FIELDS}


def _extra(key: str, index: int | None) -> IngestError:
    name = str.__str__(key)
    return _error(_model("extra_field", name), index)


# -- the slow path: the rules, literally ------------------------------------------------

def _timestamp_ok(value: object) -> bool:
    return isinstance(value, str) and _TS(str.__str__(value)) is not None


def _number_ok(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return -_LIMIT < int.__index__(value) < _LIMIT
    return False


_TYPE_OK = {
    "string": lambda value: isinstance(value, str),
    "number": _number_ok,
    "boolean": lambda value: value is True or value is False,
    "timestamp": _timestamp_ok,
}
_ABSENT = object()


# -- JSON first: a record is judged as its JSON encoding would be (docs/contract.md) --

_INT_BOUND = 10**4300  # ints of more digits are not JSON we take


def _scalar(value: object) -> bool:
    kind = type(value)
    if kind is float:
        return value - value == 0.0  # type: ignore[operator]
    if kind is int:
        return -_INT_BOUND < value < _INT_BOUND  # type: ignore[operator]
    return value is None or value is True or value is False or kind is str


def _json_value(value: Any, depth: int) -> bool:
    """JSON (str keys, finite numbers, ints of at most 4300 digits) nesting at most ``depth``."""
    if isinstance(value, dict):
        if depth == 0:
            return False
        for key, child in dict.items(value):
            if not isinstance(key, str) or not _json_value(child, depth - 1):
                return False
        return True
    if isinstance(value, list):
        if depth == 0:
            return False
        for child in list.__iter__(value):
            if not _json_value(child, depth - 1):
                return False
        return True
    if isinstance(value, str) or value is None or value is True or value is False:
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, int):
        return -_INT_BOUND < int.__index__(value) < _INT_BOUND
    return False


def _nests(value: Any, depth: int) -> bool:
    """Dicts, lists and tuples (arrays and objects once encoded) nest past ``depth`` (a cycle does)."""
    if not isinstance(value, (dict, list, tuple)):
        return False
    if depth == 0:
        return True
    for child in dict.values(value) if isinstance(value, dict) else value:
        if _nests(child, depth - 1):
            return True
    return False


def _batch_answer(records: list[Any], error: IngestError) -> IngestError:
    """A later record's nesting beats an earlier record's error."""
    for record in records:
        if _nests(record, _MAX_DEPTH - 1):
            return _error(_INVALID_JSON, None)
    return error


def _slow(record: object, index: int | None, json_first: bool = True) -> IngestError | None:
    """The rules, literally; ``json_first``: a record given as Python data, judged as its
    JSON would be (nesting first, a context of JSON values), not a parsed body."""
    try:
        if json_first and _nests(record, _MAX_DEPTH if index is None else _MAX_DEPTH - 1):
            return _error(_INVALID_JSON, None)
        if not isinstance(record, dict):
            return _error(_PAYLOAD, index)
        keys = list(dict.keys(record))
        for key in keys:
            if not isinstance(key, str):
                return _error(_PAYLOAD, index)
        if not _timestamp_ok(dict.get(record, "timestamp")):
            return _error(_TIMESTAMP, index)
        context = dict.get(record, "context")
        if not isinstance(context, dict):
            return _error(_CONTEXT, index)
        if json_first and not _json_value(context, _MAX_DEPTH):
            return _error(_INVALID_JSON, index)
        for key in keys:
            if key not in _ALLOWED:
                return _extra(key, index)
        for name, kind in FIELDS:
            value = dict.get(record, name, _ABSENT)
            if value is _ABSENT:
                return _error(_MISSING_ERR[name], index)
            if not _TYPE_OK[kind](value):
                return _error(_INVALID_ERR[name], index)
        return None
    except Exception:  # keys whose __eq__/__hash__ raise: not a JSON object
        return _error(_PAYLOAD, index)


def _bad_field(record: dict[Any, Any], name: str, index: int | None) -> IngestError | None:
    """Timestamp and context passed and the fields before `name` too; `name` looked wrong."""
    if not _SUPERSET(record) or _nests(record, _MAX_DEPTH if index is None else _MAX_DEPTH - 1):
        return _slow(record, index)
    value = record.get(name, _ABSENT)
    if value is _ABSENT:
        return _error(_MISSING_ERR[name], index)
    if not _TYPE_OK[dict(FIELDS)[name]](value):
        return _error(_INVALID_ERR[name], index)
    return _slow(record, index)  # a str subclass or the like: valid here, go on slowly


# -- the fast path ----------------------------------------------------------------------

def check(record: object) -> IngestError | None:
    try:
        if type(record) is not dict:
            return _slow(record, None)
        if len(record) != 7 and not _SUPERSET(record):
            return _slow(record, None)
        get = record.get
        value = get("timestamp")
        if type(value) is not str or _TS(value) is None:
            return _slow(record, None)
        context = get("context")
        if type(context) is not dict:
            return _slow(record, None)
        if context:
            for key, value in context.items():
                if type(key) is not str or (type(value) is not str and not _scalar(value)):
                    if not _json_value(context, _MAX_DEPTH - 1):
                        return _slow(record, None)
                    break
        if type(get("country")) is not str:
            return _bad_field(record, "country", None)
        if type(get("plan")) is not str:
            return _bad_field(record, "plan", None)
        value = get("amount")
        if type(value) is float:
            if value - value != 0.0:
                return _bad_field(record, "amount", None)
        elif type(value) is not int or not _LOW < value < _LIMIT:
            return _bad_field(record, "amount", None)
        value = get("active")
        if value is not True and value is not False:
            return _bad_field(record, "active", None)
        value = get("signup_at")
        if type(value) is not str or _TS(value) is None:
            return _bad_field(record, "signup_at", None)
        return None
    except Exception:
        return _slow(record, None)


def check_batch(records: object) -> IngestError | None:
    if type(records) is not list:
        if not isinstance(records, list):
            return _error(_INVALID_JSON if _nests(records, _MAX_DEPTH) else _BATCH, None)
        records = list(list.__iter__(records))
    if not records:
        return _error(_BATCH, None)
    for index, record in enumerate(records):
        try:
            if type(record) is not dict or len(record) != 7:
                error = _slow(record, index)
                if error is not None:
                    return _batch_answer(records, error)
                continue
            get = record.get
            value = get("timestamp")
            amount = get("amount")
            active = get("active")
            signup_at = get("signup_at")
            if (
                type(value) is str and _TS(value) is not None
                and type(get("context")) is dict
                and type(get("country")) is str
                and type(get("plan")) is str
                and ((type(amount) is float and amount - amount == 0.0)
                     or (type(amount) is int and _LOW < amount < _LIMIT))
                and (active is True or active is False)
                and type(signup_at) is str and _TS(signup_at) is not None
            ):
                context = get("context")
                for key, value in context.items():
                    if type(key) is not str or (type(value) is not str and not _scalar(value)):
                        if not _json_value(context, _MAX_DEPTH - 2):
                            return _batch_answer(records, _slow(record, index) or _error(_INVALID_JSON, None))
                        break
                continue
        except Exception:
            pass
        error = _slow(record, index)
        if error is not None:
            return _batch_answer(records, error)
    return None


# -- bodies: the best stdlib parse I could write ----------------------------------------

def _no_constant(literal: str) -> Any:
    raise ValueError(literal)


def _int_or_inf(literal: str) -> Any:
    if len(literal.lstrip("-")) > 4300:
        return -math.inf if literal[0] == "-" else math.inf
    return int(literal)


_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_BIG_INT_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_int=_int_or_inf)
_SCAN = _DECODER.scan_once  # type: ignore[attr-defined]
_INVALID_JSON = _model("invalid_json")


def _decode_slowly(text: str) -> Any:
    for decoder in (_DECODER, _BIG_INT_DECODER):
        try:
            return decoder.decode(text)
        except (json.JSONDecodeError, RecursionError):
            break
        except ValueError as error:
            if "digits" not in str(error):
                break
    raise _error(_INVALID_JSON, None)


def decode(body: bytes | str) -> tuple[Any, bool]:
    """Strict UTF-8 JSON text (RFC 8259) to Python and whether it is long enough to
    nest too deep, or IngestError(invalid_json)."""
    if type(body) is bytes:
        try:
            text = body.decode()
        except UnicodeDecodeError:
            raise _error(_INVALID_JSON, None) from None
    elif isinstance(body, str):
        text = str.__str__(body)
        if not text.isascii():
            try:
                text.encode()
            except UnicodeEncodeError:
                raise _error(_INVALID_JSON, None) from None
    else:
        try:
            text = bytes(body).decode()
        except UnicodeDecodeError:
            raise _error(_INVALID_JSON, None) from None
    try:
        value, end = _SCAN(text, 0)
    except (StopIteration, ValueError, RecursionError):
        return _decode_slowly(text), len(text) > _SHORT
    if end != len(text):
        return _decode_slowly(text), len(text) > _SHORT
    return value, len(text) > _SHORT


# The contract's nesting limit: 512 levels.  Texts of up to 1025 characters cannot
# exceed it; past that, a valid record can only nest inside `context`.
_MAX_DEPTH = 512
_SHORT = 2 * _MAX_DEPTH + 1


def _deeper(value: Any, limit: int) -> bool:
    level = [value] if type(value) is dict or type(value) is list else []
    while level:
        limit -= 1
        if limit < 0:
            return True
        level = [child for node in level for child in (node.values() if type(node) is dict else node)
                 if type(child) is dict or type(child) is list]
    return False


def parse_record(body: bytes | str) -> Any:
    record, long = decode(body)
    error = check(record)
    if error is not None and error.code == "invalid_json":
        error = _slow(record, None, json_first=False)  # parsed text is JSON: the rules alone
    if long and (_deeper(record["context"], _MAX_DEPTH - 1) if error is None else _deeper(record, _MAX_DEPTH)):
        raise _error(_INVALID_JSON, None)
    if error is not None:
        raise error
    return record


def _rules_batch(records: Any) -> IngestError | None:
    if not isinstance(records, list) or not records:
        return _error(_BATCH, None)
    for index, record in enumerate(records):
        error = _slow(record, index, json_first=False)
        if error is not None:
            return error
    return None


def parse_batch(body: bytes | str) -> Any:
    records, long = decode(body)
    error = check_batch(records)
    if error is not None and error.code == "invalid_json":
        error = _rules_batch(records)
    if long:
        if error is not None:
            if _deeper(records, _MAX_DEPTH):
                raise _error(_INVALID_JSON, None)
        else:
            for record in records:
                for value in record["context"].values():
                    if (type(value) is dict or type(value) is list) and _deeper(value, _MAX_DEPTH - 3):
                        raise _error(_INVALID_JSON, None)
    if error is not None:
        raise error
    return records


# -- W6: ten timestamp fields, valid-path check only (straight-line, as by hand) ---------

W6_FIELDS = tuple(f"t{i}" for i in range(10))


def check_w6(record: object) -> bool:
    """True for a valid record of the ten-timestamp schema (W6 times valid records only)."""
    if type(record) is not dict or len(record) != 12:
        return False
    get = record.get
    value = get("timestamp")
    if type(value) is not str or _TS(value) is None or type(get("context")) is not dict:
        return False
    value = get("t0")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t1")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t2")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t3")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t4")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t5")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t6")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t7")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t8")
    if type(value) is not str or _TS(value) is None:
        return False
    value = get("t9")
    return type(value) is str and _TS(value) is not None
