"""Which failures are worth another attempt, and how long to wait: sans-IO.

Retried: network errors and timeouts (a ``DeliveryError`` without status), 408, every
5xx (503 whatever its body: an overloaded server or quota store comes back), and 429
unless its code is ``quota_exceeded``.  Never retried: 400, 401, 404, 429
``quota_exceeded`` (a monthly quota does not come back in seconds), or anything else.
The wait is capped exponential backoff with full jitter, and never shorter than the
server's ``Retry-After``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable, Mapping

from .._errors import IngestError
from ._errors import DeliveryError

__all__ = ["RetryPolicy", "is_retryable", "retry_after"]


def is_retryable(error: BaseException) -> bool:
    """Whether another attempt of the same request could succeed."""
    if isinstance(error, IngestError):
        status, code = error.status, error.code
    elif isinstance(error, DeliveryError):
        if error.status is None:
            return True  # no answer at all: network error, timeout, reset
        status, code = error.status, ""
    else:
        return False
    if status == 429:
        return code != "quota_exceeded"
    return status == 408 or 500 <= status <= 599


def retry_after(headers: Mapping[str, str] | None, now: datetime | None = None) -> float | None:
    """Seconds the server asked to wait (``Retry-After``: delta-seconds or an HTTP-date)."""
    value = (headers or {}).get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None  # unreadable: fall back to our own backoff
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a batch gets and how long to wait between them.

    Before attempt ``n + 1`` the wait is ``uniform(0, min(max_backoff, backoff * 2**(n-1)))``,
    raised to the server's ``Retry-After`` when it asks for longer.  A ``Retry-After``
    beyond ``max_retry_after`` ends the retries: the failure is reported rather than
    holding the sender that long.
    """

    max_attempts: int = 5
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 300.0

    def __post_init__(self) -> None:
        if type(self.max_attempts) is not int or self.max_attempts < 1:
            raise ValueError("max_attempts must be an int >= 1")
        for name in ("backoff", "max_backoff", "max_retry_after"):
            if not isinstance(getattr(self, name), (int, float)) or getattr(self, name) < 0:
                raise ValueError(f"{name} must be a number >= 0")

    def delay(
        self,
        attempt: int,
        error: BaseException,
        server_wait: float | None = None,
        rand: Callable[[], float] = random.random,
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None``: give up with ``error``."""
        if attempt >= self.max_attempts or not is_retryable(error):
            return None
        if server_wait is not None and server_wait > self.max_retry_after:
            return None
        ceiling = min(self.max_backoff, self.backoff * 2.0 ** (attempt - 1))
        return max(rand() * ceiling, server_wait or 0.0)
