"""Strict decoding of raw request bodies: UTF-8 JSON text as RFC 8259 defines it.

The stdlib parser is more lenient than the API, so the gaps are closed here:

- bytes are decoded as strict UTF-8 by us, never by ``json.loads``' encoding guess
  (which takes UTF-16/32); invalid UTF-8, surrogate bytes (``ED A0 80``) and a BOM
  are ``Invalid JSON body``;
- ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON;
- an integer literal longer than the interpreter's int-conversion limit (4300 digits)
  is far beyond float64 and becomes ``±inf``, as ``JSON.parse`` gives ``±Infinity``;
  ``1e400`` likewise becomes ``inf``.  Both are then invalid in a number field;
- nesting deeper than the parser can recurse is ``Invalid JSON body`` rather than a
  ``RecursionError``.
Duplicate keys keep the last value, at the first key's position, as ``JSON.parse`` does.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Union

from ._errors import IngestError, make_error

__all__ = ["Body", "decode_body"]

Body = Union[bytes, bytearray, memoryview, str]


class _NotJSON(ValueError):
    """Raised from the parser hooks for text that RFC 8259 does not allow."""


def _reject_constant(literal: str) -> Any:
    raise _NotJSON(literal)


def _int_or_inf(literal: str) -> int | float:
    # Only used after the fast parse failed on the int digit limit.  Past 4300
    # digits a literal's magnitude is at least 10**4300, so it is infinite as a float64.
    digits = len(literal) - (literal[0] == "-")
    if digits > 4300:
        return float("-inf") if literal[0] == "-" else float("inf")
    return int(literal)


_STRICT = json.JSONDecoder(parse_constant=_reject_constant)
_STRICT_BIG_INTS = json.JSONDecoder(parse_constant=_reject_constant, parse_int=_int_or_inf)
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


def _decode_text(text: str) -> Any:
    """The full, exact decode of ``text``: what every fast path falls back to."""
    try:
        return _STRICT.decode(text)
    except (json.JSONDecodeError, _NotJSON, RecursionError):
        raise _invalid() from None
    except ValueError:
        pass  # an integer literal past the digit limit: parse again, slowly, below
    try:
        return _STRICT_BIG_INTS.decode(text)
    except (ValueError, RecursionError):
        raise _invalid() from None


def decode_body(body: object) -> Any:
    """Parse a raw body into Python data, or raise IngestError(invalid_json).

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
    try:
        value, end = _scan(text, 0)
    except (StopIteration, ValueError, RecursionError):
        # Not a value at offset 0 (whitespace or invalid), a huge integer, deep
        # nesting, a rejected constant: the full decode gives the exact answer.
        return _decode_text(text)
    if end == len(text):
        return value
    return _decode_text(text)  # trailing whitespace is fine, anything else is not
