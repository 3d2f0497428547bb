"""The monthly dataset quota: the seed's keys, the store protocol, an in-memory store.

Keys (exactly as the API's Redis uses them)::

    quota_limit:datasets:<userId>             the user's monthly limit; -1 = unlimited
    usage_total:datasets:<userId>:YYYY-MM     records accepted this month (UTC)
    usage_delta:datasets:<userId>:YYYY-MM     the same count, for a consumer to drain

A reservation checks and increments in one atomic step: either
``used + count <= limit`` and both usage counters grow by ``count``, or nothing
is counted.  The Redis store lives in ``redis_quota.py``.

Every figure (limit, usage, count) is at most ``MAX_QUOTA`` = 2**53 - 1, the
largest integer a Lua number (a double) holds exactly: both stores refuse
anything larger alike, so they never disagree (docs/ingest.md, "Bounds").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, NamedTuple, Protocol, runtime_checkable

from .._errors import QuotaUnavailable

__all__ = [
    "MAX_QUOTA",
    "UNLIMITED",
    "MemoryQuotaStore",
    "QuotaKeys",
    "QuotaResult",
    "QuotaStore",
    "check_count",
    "check_limit",
    "quota_keys",
    "quota_period",
]

#: The limit value that means "no limit", as the seed defines it.
UNLIMITED = -1

#: The largest limit, usage or count a store holds: 2**53 - 1 (exact in a Lua number).
MAX_QUOTA = 2**53 - 1


class QuotaKeys(NamedTuple):
    """The three keys of one user's quota for one month (unpacks as three strings)."""

    limit: str
    total: str
    delta: str

    @property
    def period(self) -> str:
        """The month the usage keys count, ``YYYY-MM`` (UTC)."""
        return self.total.rsplit(":", 1)[1]


def quota_period(now: datetime) -> str:
    """``YYYY-MM`` of ``now`` in UTC.  ``now`` must be timezone-aware."""
    if not isinstance(now, datetime):
        raise TypeError(f"now must be a datetime, got {type(now).__name__}")
    if now.tzinfo is None or now.utcoffset() is None:
        # A naive datetime could be local time or UTC; guessing would put the
        # last hours of a month into the wrong bucket on some servers.
        raise ValueError(
            "now must be a timezone-aware datetime (e.g. datetime.now(timezone.utc)); "
            "naive datetimes are refused because their month in UTC is unknown"
        )
    utc = now.astimezone(timezone.utc)
    return f"{utc.year:04d}-{utc.month:02d}"


def quota_keys(user_id: str, now: datetime | None = None) -> QuotaKeys:
    """The seed's three quota keys for ``user_id`` in the UTC month of ``now``.

    ``now`` defaults to the current time and must be timezone-aware.
    """
    if not isinstance(user_id, str) or user_id == "":
        raise ValueError(f"user_id must be a non-empty string, got {user_id!r}")
    period = quota_period(datetime.now(timezone.utc) if now is None else now)
    return QuotaKeys(
        f"quota_limit:datasets:{user_id}",
        f"usage_total:datasets:{user_id}:{period}",
        f"usage_delta:datasets:{user_id}:{period}",
    )


@dataclass(frozen=True)
class QuotaResult:
    """The outcome of one reservation.

    ``used`` is the month's usage *before* this request, ``requested`` the
    records asked for, ``limit`` the limit applied (``-1`` when unlimited).
    """

    admitted: bool
    limit: int
    used: int
    requested: int
    period: str

    @property
    def unlimited(self) -> bool:
        return self.limit == UNLIMITED

    @property
    def remaining(self) -> int | None:
        """Records still allowed this month after this request; ``None`` when unlimited."""
        if self.unlimited:
            return None
        after = self.used + self.requested if self.admitted else self.used
        return max(self.limit - after, 0)

    def details(self) -> dict[str, Any]:
        """The figures a 429 response carries under ``"quota"``."""
        return {
            "limit": self.limit,
            "used": self.used,
            "requested": self.requested,
            "period": self.period,
        }


@runtime_checkable
class QuotaStore(Protocol):
    """Where quota limits and usage live.

    ``reserve`` must be atomic: concurrent callers (threads, processes,
    servers) sharing the store must never admit more than the limit.
    """

    def reserve(self, user_id: str, count: int, now: datetime) -> QuotaResult:
        """Admit ``count`` records for ``user_id`` in the month of ``now``, or count nothing."""
        ...


def check_count(count: object) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_QUOTA:
        raise ValueError(f"count must be an int from 1 to 2**53-1, got {count!r}")
    return count


def check_limit(limit: object, what: str = "limit") -> int:
    if not isinstance(limit, int) or isinstance(limit, bool) or not UNLIMITED <= limit <= MAX_QUOTA:
        raise ValueError(f"{what} must be an int >= -1 (-1 = unlimited) and <= 2**53-1, got {limit!r}")
    return limit


def decide(limit: int, used: int, count: int) -> bool:
    """The one admission rule both stores apply (the Lua script spells it again)."""
    return limit == UNLIMITED or used + count <= limit


class MemoryQuotaStore:
    """A thread-safe quota store in one process's memory, for tests, notebooks, local servers.

    ``limits`` maps user ids to monthly limits; a user without one gets
    ``default_limit`` (``None``: unlimited).  Values are kept under the seed's
    Redis keys, so ``get(key)`` reads them the way ``GET`` would.
    """

    def __init__(
        self,
        limits: Mapping[str, int] | None = None,
        default_limit: int | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, int] = {}
        self._default = None if default_limit is None else check_limit(default_limit, "default_limit")
        for user_id, limit in (limits or {}).items():
            self.set_limit(user_id, limit)

    @property
    def default_limit(self) -> int | None:
        return self._default

    def set_limit(self, user_id: str, limit: int | None) -> None:
        """Set (or with ``None`` remove) ``user_id``'s monthly limit."""
        key = quota_keys(user_id).limit
        with self._lock:
            if limit is None:
                self._values.pop(key, None)
            else:
                self._values[key] = check_limit(limit)

    def get(self, key: str) -> int | None:
        """The value stored under ``key``, or ``None``."""
        with self._lock:
            return self._values.get(key)

    def reserve(self, user_id: str, count: int, now: datetime) -> QuotaResult:
        keys = quota_keys(user_id, now)
        check_count(count)
        with self._lock:
            stored = self._values.get(keys.limit)
            limit = stored if stored is not None else self._default
            if limit is None:
                limit = UNLIMITED
            used = self._values.get(keys.total, 0)
            admitted = decide(limit, used, count)
            if admitted and used + count > MAX_QUOTA:
                # Only an unlimited user gets here; Redis refuses the same way.
                raise QuotaUnavailable() from OverflowError(f"usage at {keys.total} would pass 2**53-1")
            if admitted:
                self._values[keys.total] = used + count
                self._values[keys.delta] = self._values.get(keys.delta, 0) + count
        return QuotaResult(admitted, limit, used, count, keys.period)
