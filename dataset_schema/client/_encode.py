"""Records to request bodies, checked at the call site.

With a schema, the validator's ``encode_record``/``encode_batch`` check the record as the
API would and give the exact bytes.  Without one the server decides everything but
JSON itself: a record that is not JSON (NaN, a ``datetime``, a cycle) is refused here
with the API's ``Invalid JSON body`` instead of failing in the background sender.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Mapping

from .._core.validator import Validator, compile
from .._errors import make_error
from .._schema import Schema

__all__ = ["Encoder", "encoder_for", "join_batch"]

Encoder = tuple[Callable[[object], bytes], Callable[[object], bytes]]

_dumps = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode


def _plain_encode(value: object) -> bytes:
    try:
        return _dumps(value).encode("ascii")
    except (TypeError, ValueError, RecursionError):
        raise make_error("invalid_json") from None


def join_batch(parts: list[bytes]) -> bytes:
    """The batch body holding already-encoded records."""
    return b"[" + b",".join(parts) + b"]"


def encoder_for(schema: Validator | Schema | Mapping[str, Any] | None) -> tuple[Validator | None, Encoder]:
    """The validator (if any) and the ``(encode_record, encode_batch)`` pair for ``schema``."""
    if schema is None:
        return None, (_plain_encode, _plain_encode)
    validator = schema if isinstance(schema, Validator) else compile(schema)
    return validator, (validator.encode_record, validator.encode_batch)
