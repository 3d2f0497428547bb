"""What every export shares with the core: the timestamp grammar, the number bound, the depth limit.

Taken from the core's own objects, never restated, so an export cannot drift from the
validator: the timestamp pattern is the very text of the core's compiled expression.
"""

from __future__ import annotations

import re

from .._core.body import MAX_DEPTH
from .._core.timestamp import TIMESTAMP_MATCH

__all__ = ["ECMA_TIMESTAMP_PATTERN", "INT_LIMIT", "MAX_DEPTH"]

#: Numbers strictly between -INT_LIMIT and INT_LIMIT round to a finite float64; the
#: rest overflow (docs/contract.md: magnitude >= 2**1024 - 2**970).
INT_LIMIT = 2**1024 - 2**970


def _core_pattern() -> str:
    compiled = getattr(TIMESTAMP_MATCH, "__self__", None)
    if not isinstance(compiled, re.Pattern) or not isinstance(compiled.pattern, str):
        raise RuntimeError("the core's TIMESTAMP_MATCH is no longer a compiled pattern's method")
    return compiled.pattern


# The core's expression only uses syntax that ECMA-262 reads the same way: groups
# (?:...), ASCII classes, counted repeats and escaped dots.  Anything else (a \d, a
# named group, a lookbehind) would mean re-checking this translation by hand.
_ECMA_SAFE = re.compile(r"(?:\(\?:|[()|?+*\-:.TtZz0-9\[\]{},]|\\\.)*")

_CORE = _core_pattern()
if _ECMA_SAFE.fullmatch(_CORE) is None:  # pragma: no cover - guards a change in the core
    raise RuntimeError("the core's timestamp pattern uses syntax the JSON Schema export cannot carry")

#: The timestamp grammar as an ECMA-262 pattern, anchored.  ECMA's ``$`` without the
#: ``m`` flag matches only at the very end of the input (Python's ``$`` also matches
#: before a final newline: see docs/interop.md).
ECMA_TIMESTAMP_PATTERN = f"^(?:{_CORE})$"
