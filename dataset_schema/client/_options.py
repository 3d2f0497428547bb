"""The options both clients share, checked once: a bad value is a ValueError at construction."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

__all__ = ["BatchLimits", "batch_limits", "positive", "seconds"]


def positive(name: str, value: object, kind: type = int) -> Any:
    """``value`` if it is a positive, finite ``kind`` (an int where a float is asked is fine; a bool is not).

    Written as ``not 0 < value < inf`` so that NaN, which compares false to everything, is refused too.
    """
    if isinstance(value, bool) or not isinstance(value, (kind, int)) or not 0 < value < math.inf:  # type: ignore[operator]
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return value


def seconds(name: str, value: object) -> float:
    """A positive, finite number of seconds as a float (an int too large for one is refused)."""
    try:
        return float(positive(name, value, float))
    except OverflowError:
        raise ValueError(f"{name} must be a positive number of seconds, got an int of {int.bit_length(value)} bits") from None  # type: ignore[arg-type]


class BatchLimits(NamedTuple):
    """When a background batch is sent, and how many records may wait."""

    max_records: int  #: records per batch
    max_bytes: int  #: bytes per batch body
    interval: float  #: seconds the oldest queued record may wait
    capacity: int  #: records the queue holds


def batch_limits(max_batch_records: object, max_batch_bytes: object, flush_interval: object,
                 max_queue_records: object) -> BatchLimits:
    return BatchLimits(
        positive("max_batch_records", max_batch_records),
        positive("max_batch_bytes", max_batch_bytes),
        seconds("flush_interval", flush_interval),
        positive("max_queue_records", max_queue_records),
    )
