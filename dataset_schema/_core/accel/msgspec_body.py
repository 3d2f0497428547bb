"""Raw bodies parsed by msgspec, with the strict pure decoder whenever msgspec might differ.

msgspec's JSON parser gives the same Python values as the strict stdlib decode
(``body.decode``) on every body it accepts, which the differential tests in
``tests/core/test_accel_msgspec.py`` check over a JSON conformance corpus, the fuzz
corpus, random number literals and the strategies' bodies.  It is about twice as fast.
Where it could differ, it is not asked or its answer is not used:

- anything it refuses (invalid JSON, BOM, invalid UTF-8, an escaped lone surrogate,
  a number past float64 such as ``1e400``, an integer past the interpreter's digit
  limit, nesting past the recursion limit) goes to the pure decoder, whose answer
  (an error, ``inf``, ``"\\ud800"``...) is the contract's;
- big integers: msgspec builds them with the interpreter's own conversion, so under a
  ``sys.set_int_max_str_digits`` that lets more digits through than the contract's
  ``MAX_INT_DIGITS`` (0, or above it) long bodies go to the pure decoder, which makes
  such literals inf; under a lower one msgspec refuses them and the pure decoder answers;
- bodies other than exact ``bytes`` and ``str`` (subclasses, bytearray, memoryview)
  go to the pure decoder;
- with a recursion limit below ``MIN_RECURSION_LIMIT`` the pure decoder could refuse,
  even on a fresh stack, a body within ``MAX_DEPTH`` that msgspec accepts, so such a
  process gets the pure decoder throughout;
- msgspec recurses on the C stack as deep as the recursion limit allows and crashes
  the process far past it (a limit raised to 10**7 and a body 50,000 levels deep), so
  above ``MAX_RECURSION_LIMIT`` only bodies too short to nest that deep are given to it.

Importing this module raises ImportError when msgspec is missing or outside the
tested versions (``TESTED``), and the validator then uses the pure decoder.
"""

from __future__ import annotations

import sys
from typing import Any

import msgspec

from ..body import MAX_DEPTH, decode as pure_decode, digit_limit_is_ours, parser_may_crash, refuse_deep

# A body this short nests at most half as many levels: few enough for msgspec on any
# thread the contract supports (docs/contract.md, 128 KiB).
_MSGSPEC_ANY_STACK = 256

__all__ = ["MAX_RECURSION_LIMIT", "MIN_RECURSION_LIMIT", "TESTED", "decode", "msgspec_version"]

#: msgspec versions (major, minor) the differential tests have passed on: [low, high).
TESTED = ((0, 18), (0, 24))

#: The pure decoder parses MAX_DEPTH levels on a fresh stack from a recursion limit of
#: about MAX_DEPTH + 8 (tests/core/test_accel_msgspec.py measures it); below this the
#: pure decoder is used for every body.
MIN_RECURSION_LIMIT = MAX_DEPTH + 88

#: The highest recursion limit at which msgspec is given any body: a thread with the
#: platform's default stack decodes this many levels (tests/core/test_accel_msgspec.py).
MAX_RECURSION_LIMIT = 10_000

def msgspec_version() -> tuple[int, int]:
    major, minor = msgspec.__version__.split(".")[:2]
    return int(major), int("".join(c for c in minor if c.isdigit()) or 0)


if not TESTED[0] <= msgspec_version() < TESTED[1]:
    raise ImportError(f"msgspec {msgspec.__version__} is outside the tested range {TESTED}")

_msgspec_decode = msgspec.json.Decoder().decode
_recursion_limit = sys.getrecursionlimit


def decode(body: object) -> tuple[Any, bool]:
    """``body.decode``'s answer: ``(value, may_be_deep)`` or IngestError(invalid_json)."""
    kind = type(body)
    if (kind is bytes or kind is str) and _msgspec_may_take(body) and digit_limit_is_ours(body):  # type: ignore[arg-type]
        if len(body) > _MSGSPEC_ANY_STACK and parser_may_crash():  # type: ignore[arg-type]
            # A thread whose stack is unknown: msgspec's frames are larger than the stdlib
            # parser's, whose need at MAX_DEPTH sets the documented minimum stack.
            return pure_decode(body)
        settled = refuse_deep(body)  # type: ignore[arg-type]  # where a deep body could crash a parser
        try:
            value = _msgspec_decode(body)  # type: ignore[arg-type]
        except Exception:  # refused (see above) or unencodable text: the pure decoder answers
            return pure_decode(body)
        return value, not settled
    return pure_decode(body)


def _msgspec_may_take(body: bytes | str) -> bool:
    limit = _recursion_limit()
    return MIN_RECURSION_LIMIT <= limit and (limit <= MAX_RECURSION_LIMIT or len(body) <= 2 * MAX_RECURSION_LIMIT)
