"""Strict decoding of raw request bodies: UTF-8 JSON text as RFC 8259 defines it.

The stdlib parser is more lenient than the API, so the gaps are closed here:

- bytes are decoded as strict UTF-8 by us, never by ``json.loads``' encoding guess
  (which takes UTF-16/32); invalid UTF-8, surrogate bytes (``ED A0 80``) and a BOM
  are ``Invalid JSON body``;
- ``NaN``, ``Infinity`` and ``-Infinity`` are not JSON;
- an integer literal of more than ``MAX_INT_DIGITS`` digits is far beyond float64 and
  becomes ``±inf``, as ``JSON.parse`` gives ``±Infinity``; shorter ones are exact ints,
  whatever ``sys.set_int_max_str_digits`` says.  ``1e400`` likewise becomes ``inf``.
  Both are then invalid in a number field;
- nesting deeper than ``MAX_DEPTH`` levels is ``Invalid JSON body``.  The stdlib
  parser recurses on the C stack; under the default recursion limit it stops itself
  in time and the parsed value is walked, but with a raised limit or on a thread with
  a small stack a deep body would crash the interpreter, so there the depth is read
  from the text before the parser runs (``refuse_deep``).
Duplicate keys keep the last value, at the first key's position, as ``JSON.parse`` does.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from itertools import accumulate
from typing import Any, Callable, Union

from .._errors import IngestError, make_error

__all__ = [
    "Body", "MAX_DEPTH", "MAX_INT_DIGITS", "SAFE_RECURSION_LIMIT", "SAFE_STACK", "batch_too_deep", "body_text",
    "decode", "decode_body", "digit_limit_is_ours", "nests_deeper", "parser_may_crash", "record_too_deep",
    "refuse_deep", "text_nests_deeper",
]

#: The deepest nesting a body may have: ``[]`` and ``{}`` are one level, a batch of
#: records with an empty ``context`` three.  Far beyond any real record, and well
#: inside what the stdlib parser can recurse on a fresh stack.
MAX_DEPTH = 512

#: An integer literal of more digits than this is ±inf (its magnitude is at least
#: 10**4300, far past float64).  Our own rule, stated here: it is CPython's default
#: int-conversion limit, but it is never read from the interpreter's setting, so
#: every ``sys.set_int_max_str_digits`` gives the same answers.
MAX_INT_DIGITS = 4300

# A text nesting deeper than MAX_DEPTH needs more than MAX_DEPTH opening and as many
# closing brackets; anything shorter is known to be shallow enough without a look.
_SHALLOW_LENGTH = 2 * MAX_DEPTH + 1

# Python converts this many digits whatever the limit is set to (the smallest
# non-zero limit it allows); longer literals are converted piece by piece.
_SAFE_DIGITS: int = getattr(sys.int_info, "str_digits_check_threshold", 640)

#: Up to this recursion limit (the default) the C parser stops, with RecursionError,
#: within about 140 KiB of C stack (measured: CPython 3.11, x86-64 Linux).
SAFE_RECURSION_LIMIT = 1000
#: A stack this large holds SAFE_RECURSION_LIMIT levels of the parser with room to spare.
SAFE_STACK = 256 * 1024

Body = Union[bytes, bytearray, memoryview, str]


class _NotJSON(ValueError):
    """Raised from the parser hooks for text that RFC 8259 does not allow."""


def _raise_not_json(literal: str) -> Any:
    """NaN, Infinity and -Infinity in a body: not JSON, caught below as Invalid JSON body."""
    raise _NotJSON(literal)


def _int_or_inf(literal: str) -> int | float:
    """An integer literal's value by our rule (``MAX_INT_DIGITS``), never the interpreter's limit."""
    negative = literal[0] == "-"
    digits = literal[1:] if negative else literal
    if len(digits) > MAX_INT_DIGITS:
        return float("-inf") if negative else float("inf")
    value = 0
    for start in range(0, len(digits), _SAFE_DIGITS):
        piece = digits[start:start + _SAFE_DIGITS]
        value = value * 10 ** len(piece) + int(piece)
    return -value if negative else value


_STRICT = json.JSONDecoder(parse_constant=_raise_not_json)
_STRICT_BIG_INTS = json.JSONDecoder(parse_constant=_raise_not_json, parse_int=_int_or_inf)
# The C scanner behind _STRICT: ``_scan(text, index) -> (value, end)``.
_scan: Callable[[str, int], tuple[Any, int]] = _STRICT.scan_once  # type: ignore[attr-defined]


def _invalid() -> IngestError:
    return make_error("invalid_json")


def body_text(body: object) -> str:
    """The body as text, or IngestError(invalid_json) when it is not UTF-8."""
    kind = type(body)  # the real type: isinstance believes a __class__ property
    if issubclass(kind, str):
        text = str.__str__(body)
        if not text.isascii():
            try:
                text.encode("utf-8")  # lone surrogates cannot have come from UTF-8 bytes
            except UnicodeEncodeError:
                raise _invalid() from None
        return text
    if issubclass(kind, (bytes, bytearray, memoryview)):
        try:
            return str(body, "utf-8")  # type: ignore[call-overload,no-any-return]
        except UnicodeDecodeError:
            raise _invalid() from None
    raise TypeError(f"a request body must be bytes or str, not {kind.__name__}")


# -- the nesting limit, before the parser runs -------------------------------------------
#
# The C scanner's depth at any point is the number of brackets open outside strings in
# the text it has read, which is valid JSON so far.  So the brackets outside strings
# bound it, exactly for valid JSON; on invalid JSON an overestimate only gives the
# answer the text has anyway (Invalid JSON body).

_MARKS = bytes.maketrans(b"{}", b"[]")  # objects nest like arrays
_NOT_MARKS = bytes(sorted(set(range(256)) - set(b'"[]{}')))  # every byte but quotes and brackets
_STRING_MARKS = re.compile(rb'"[^"]*"')
_STEP = {ord("["): 1, ord("]"): -1}
_PASSES = 8


def _brackets_outside_strings(data: bytes) -> bytes:
    """The brackets of a UTF-8 JSON text that are not inside strings, braces as ``[``/``]``."""
    if b"\\" in data:
        # Escapes pair from the left: drop escaped backslashes, then escaped quotes.
        data = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    marks = data.translate(_MARKS, _NOT_MARKS)
    brackets = marks.replace(b'""', b"")
    if b'"' in brackets:  # a bracket inside some string: drop the strings one by one
        brackets = _STRING_MARKS.sub(b"", marks).replace(b'"', b"")
    return brackets


def text_nests_deeper(data: bytes, limit: int) -> bool:
    """True when the JSON text ``data`` nests deeper than ``limit`` levels, or is not JSON.

    Exact for JSON text; False guarantees the parser never recurses past ``limit`` on
    ``data``, JSON or not.  Linear time; no recursion.
    """
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # the common case, two fast counts
    brackets = _brackets_outside_strings(data)
    if b"[" * (limit + 1) in brackets:
        return True
    # Each pass drops the innermost pairs, one level; real bodies are a few deep.  A
    # balanced text is empty after as many passes as it is deep.  Past a few passes,
    # the highest running count of what is left, plus the passes, bounds the depth
    # instead (a pass lowers it by at most one), in one linear walk.
    for passes in range(_PASSES):
        if not brackets:
            return False  # balanced, and as deep as the passes so far
        if passes == limit:
            return True  # still nested after `limit` levels were dropped
        shorter = brackets.replace(b"[]", b"")
        if len(shorter) == len(brackets):
            return True  # brackets that do not match: not JSON
        brackets = shorter
    return _PASSES + max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def _main_stack_is_safe() -> bool:
    try:
        import resource
    except ImportError:  # not Unix: the main thread's stack is the executable's (1 MiB on Windows)
        return True
    soft, _ = resource.getrlimit(resource.RLIMIT_STACK)
    return soft == resource.RLIM_INFINITY or soft >= SAFE_STACK


_MAIN_THREAD = threading.main_thread().ident
_MAIN_STACK_IS_SAFE = _main_stack_is_safe()


def parser_may_crash() -> bool:
    """Whether the C parser could exhaust the C stack before its recursion limit stops it.

    Under a recursion limit of at most ``SAFE_RECURSION_LIMIT`` it stops within ~140 KiB
    of stack, so the main thread is safe when its stack (``ulimit -s``) has ``SAFE_STACK``
    bytes or more.  Another thread's stack size cannot be read (``threading.stack_size()``
    is the setting for threads to come, and reading it resets it), so on every other
    thread, as under a raised recursion limit, the parser may crash.
    """
    return (sys.getrecursionlimit() > SAFE_RECURSION_LIMIT or threading.get_ident() != _MAIN_THREAD
            or not _MAIN_STACK_IS_SAFE)


def refuse_deep(body: bytes | str) -> bool:
    """Raise IngestError(invalid_json) for a body found to nest past MAX_DEPTH before parsing.

    True when the depth is settled (too short to be deep, or scanned); False when the
    scan was not needed (``parser_may_crash()`` is False) and the parsed value must
    still be walked (``nests_deeper``): the scan reads every byte, the walk only the
    containers, so the scan runs only where a deep body could crash the parser.
    """
    if len(body) <= _SHALLOW_LENGTH:
        return True
    if not parser_may_crash():
        return False
    data = body if type(body) is bytes else body.encode("utf-8", "surrogatepass")  # type: ignore[union-attr]
    if text_nests_deeper(data, MAX_DEPTH):
        raise _invalid()
    return True


# -- parsing ------------------------------------------------------------------------------


def _exact_decode(text: str) -> Any:
    """The full, strict decode; IngestError for non-JSON, RecursionError passes through."""
    if not digit_limit_is_ours(text):
        return _decode_big_ints(text)
    try:
        return _STRICT.decode(text)
    except (json.JSONDecodeError, _NotJSON):
        raise _invalid() from None
    except ValueError:
        pass  # an integer literal past the interpreter's digit limit: parse again, slowly
    return _decode_big_ints(text)


def _decode_big_ints(text: str) -> Any:
    try:
        return _STRICT_BIG_INTS.decode(text)
    except ValueError:
        raise _invalid() from None


def digit_limit_is_ours(text: str | bytes) -> bool:
    """False when the interpreter would convert a literal that our rule makes inf.

    Only a text longer than MAX_INT_DIGITS can hold such a literal, and only a limit
    of 0 (none) or above MAX_INT_DIGITS lets the fast parser take it.
    """
    if len(text) <= MAX_INT_DIGITS:
        return True
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    return 0 < limit <= MAX_INT_DIGITS


def on_fresh_stack(function: Callable[[str], Any], text: str) -> Any:
    """``function(text)`` run on a new thread, whose stack is empty, with its outcome.

    The stdlib parser recurses, so whether it can take a body (never deeper than
    MAX_DEPTH by then) depends on how deep the caller already is.  Bodies it refuses
    from the caller's stack are parsed again from here, so the answer never depends
    on where the caller stands.
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
    # The fresh thread's stack is whatever threading.stack_size() says, maybe small:
    # it is given no body nested past MAX_DEPTH.
    if text_nests_deeper(text.encode("utf-8", "surrogatepass"), MAX_DEPTH):
        raise _invalid()
    try:
        return on_fresh_stack(_exact_decode, text)
    except RecursionError:  # too deep even from an empty stack: far past MAX_DEPTH
        raise _invalid() from None


# -- the nesting limit on parsed values ------------------------------------------------------

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

    ``may_be_deep`` is True when the depth is not settled yet (``refuse_deep``): the
    caller must still rule out nesting past MAX_DEPTH (``decode_body`` walks it whole,
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
    may_be_deep = False
    if len(text) > _SHALLOW_LENGTH:  # short bodies, the common case, skip both calls
        may_be_deep = not refuse_deep(body if type(body) is bytes else text)
        if not digit_limit_is_ours(text):
            return _decode_text(text), may_be_deep
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
