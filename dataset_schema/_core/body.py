"""Strict decoding of raw request bodies: UTF-8 JSON text as RFC 8259 defines it.

The stdlib parser is more lenient than the API, so the gaps are closed here:

- bytes are decoded as strict UTF-8 by us, never by ``json.loads``' encoding guess
  (which takes UTF-16/32); invalid UTF-8, surrogate bytes (``ED A0 80``) and a BOM
  are ``Invalid JSON body``;
- ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON;
- an integer literal longer than the interpreter's int-conversion limit (4300 digits)
  is far beyond float64 and becomes ``±inf``, as ``JSON.parse`` gives ``±Infinity``;
  ``1e400`` likewise becomes ``inf``.  Both are then invalid in a number field;
- nesting deeper than ``MAX_DEPTH`` levels is ``Invalid JSON body``, decided the same
  way whatever the caller's own stack depth (never a ``RecursionError``).
Duplicate keys keep the last value, at the first key's position, as ``JSON.parse`` does.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Callable, Union

from .._errors import IngestError, make_error

__all__ = ["Body", "MAX_DEPTH", "batch_too_deep", "decode", "decode_body", "nests_deeper", "record_too_deep"]

#: The deepest nesting a body may have: ``[]`` and ``{}`` are one level, a batch of
#: records with an empty ``context`` three.  Far beyond any real record, and well
#: inside what the stdlib parser can recurse on a fresh stack.
MAX_DEPTH = 512

# A text nesting deeper than MAX_DEPTH needs more than MAX_DEPTH opening and as many
# closing brackets; anything shorter is known to be shallow enough without a look.
_SHALLOW_LENGTH = 2 * MAX_DEPTH + 1

Body = Union[bytes, bytearray, memoryview, str]


class _NotJSON(ValueError):
    """Raised from the parser hooks for text that RFC 8259 does not allow."""


def _raise_not_json(literal: str) -> Any:
    """NaN, Infinity and -Infinity in a body: not JSON, caught below as Invalid JSON body."""
    raise _NotJSON(literal)


def _int_or_inf(literal: str) -> int | float:
    # Only used after the fast parse failed on the int digit limit.  Past 4300
    # digits a literal's magnitude is at least 10**4300, so it is infinite as a float64.
    digits = len(literal) - (literal[0] == "-")
    if digits > 4300:
        return float("-inf") if literal[0] == "-" else float("inf")
    return int(literal)


_STRICT = json.JSONDecoder(parse_constant=_raise_not_json)
_STRICT_BIG_INTS = json.JSONDecoder(parse_constant=_raise_not_json, parse_int=_int_or_inf)
# The C scanner behind _STRICT: ``_scan(text, index) -> (value, end)``.
_scan: Callable[[str, int], tuple[Any, int]] = _STRICT.scan_once  # type: ignore[attr-defined]


def _invalid() -> IngestError:
    return make_error("invalid_json")


def body_text(body: object) -> str:
    """The body as text, or IngestError(invalid_json) when it is not UTF-8."""
    if isinstance(body, str):
        if not body.isascii():
            try:
                body.encode("utf-8")  # lone surrogates cannot have come from UTF-8 bytes
            except UnicodeEncodeError:
                raise _invalid() from None
        return str.__str__(body)
    if isinstance(body, (bytes, bytearray, memoryview)):
        try:
            return str(body, "utf-8")
        except UnicodeDecodeError:
            raise _invalid() from None
    raise TypeError(f"a request body must be bytes or str, not {type(body).__name__}")


def _exact_decode(text: str) -> Any:
    """The full, strict decode; IngestError for non-JSON, RecursionError passes through."""
    try:
        return _STRICT.decode(text)
    except (json.JSONDecodeError, _NotJSON):
        raise _invalid() from None
    except ValueError:
        pass  # an integer literal past the digit limit: parse again, slowly, below
    try:
        return _STRICT_BIG_INTS.decode(text)
    except ValueError:
        raise _invalid() from None


def on_fresh_stack(function: Callable[[str], Any], text: str) -> Any:
    """``function(text)`` run on a new thread, whose stack is empty, with its outcome.

    The stdlib parser recurses, so how deep a body it takes depends on how deep the
    caller already is.  Bodies it refuses from the caller's stack are parsed again
    from here, so the answer never depends on where the caller stands.
    """
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append((True, function(text)))
        except BaseException as exc:  # handed back to the caller below
            outcome.append((False, exc))

    thread = threading.Thread(target=run, name="dataset_schema-json", daemon=True)
    thread.start()
    thread.join()
    succeeded, result = outcome[0]
    if succeeded:
        return result
    raise result


def _decode_text(text: str) -> Any:
    """The full, exact decode of ``text``: what every fast path falls back to."""
    try:
        return _exact_decode(text)
    except RecursionError:
        pass
    try:
        return on_fresh_stack(_exact_decode, text)
    except RecursionError:  # too deep even from an empty stack: far past MAX_DEPTH
        raise _invalid() from None


def nests_deeper(value: Any, limit: int) -> bool:
    """True when ``value``'s arrays and objects nest more than ``limit`` levels.

    A scalar is 0 levels, ``[]`` and ``{}`` are 1.  Level by level, without recursion.
    """
    level = [value] if type(value) is dict or type(value) is list else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below = []
        for node in level:
            for child in node.values() if type(node) is dict else node:
                if type(child) is dict or type(child) is list:
                    below.append(child)
        level = below
    return False


# -- the nesting limit on parsed bodies ------------------------------------------------
#
# A body nested deeper than MAX_DEPTH is not JSON we take (docs/contract.md).  Only
# long texts can be that deep (``decode`` says which), and for a record the
# validator has accepted only ``context`` can nest: its other values are scalars.
# So the walk of a valid body looks at contexts alone; an invalid one is walked whole,
# because its JSON answer comes before the record's.

def record_too_deep(record: Any, valid: bool) -> bool:
    """Whether a decoded single-record body nests past MAX_DEPTH; ``valid``: it passed ``check``."""
    if valid:  # record (1) > context (1) > what the context holds
        return nests_deeper(record["context"], MAX_DEPTH - 1)
    return nests_deeper(record, MAX_DEPTH)


def batch_too_deep(records: Any, valid: bool) -> bool:
    """Whether a decoded batch body nests past MAX_DEPTH; ``valid``: it passed ``check_batch``."""
    if not valid:
        return nests_deeper(records, MAX_DEPTH)
    limit = MAX_DEPTH - 3  # batch (1) > record (1) > context (1) > each value it holds
    for record in records:
        for value in record["context"].values():
            if (type(value) is dict or type(value) is list) and nests_deeper(value, limit):
                return True
    return False


def decode(body: object) -> tuple[Any, bool]:
    """Parse a raw body: ``(value, may_be_deep)``, or raise IngestError(invalid_json).

    ``may_be_deep`` is False when the text is too short to nest past ``MAX_DEPTH``;
    when True the caller must still rule that out (``decode_body`` does it whole,
    ``record_too_deep`` and ``batch_too_deep`` more cheaply for checked records).

    ``json.loads`` spends about a third of its time on a small body outside the
    parser: type checks, a BOM test, and two whitespace regex matches.  Here the
    C scanner is called directly on the text; when it does not consume exactly the
    whole text (leading or trailing whitespace, invalid JSON, huge integers) the
    full decode above runs instead, so every answer is the full decode's.
    """
    text: str
    if type(body) is bytes:
        try:
            text = body.decode()  # strict UTF-8; a BOM stays and is then rejected
        except UnicodeDecodeError:
            raise _invalid() from None
    elif type(body) is str and body.isascii():
        text = body
    else:
        text = body_text(body)
    may_be_deep = len(text) > _SHALLOW_LENGTH
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        # Not a value at offset 0 (whitespace or invalid), a huge integer, deep
        # nesting, a rejected constant: the full decode gives the exact answer.
        return _decode_text(text), may_be_deep
    if end == len(text):
        return value, may_be_deep
    return _decode_text(text), may_be_deep  # trailing whitespace is fine, anything else is not


def decode_body(body: object) -> Any:
    """Parse a raw body into Python data, or raise IngestError(invalid_json)."""
    value, may_be_deep = decode(body)
    if may_be_deep and nests_deeper(value, MAX_DEPTH):
        raise _invalid()
    return value
