"""One batch, every attempt: send, read the answer, wait, try again or give up.

The same request (same bytes, same ``X-Request-Id``) goes out on every attempt, so a
batch whose answer was lost can be de-duplicated downstream by ``__traceId``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Union

from .._errors import IngestError
from ._errors import DeliveryError
from ._request import Request
from ._response import SendResult, parse_response, response_body
from ._retry import RetryPolicy, retry_after
from ._transport import NETWORK_ERRORS, Transport

__all__ = ["Outcome", "deliver", "result_of"]

Failure = Union[IngestError, DeliveryError]


@dataclass(frozen=True)
class Outcome:
    """How a batch ended: ``result`` when accepted, else ``error``; after ``attempts``."""

    result: SendResult | None
    error: Failure | None
    attempts: int


def result_of(request: Request, status: int, body: bytes) -> SendResult:
    data = response_body(body)
    data = data if isinstance(data, dict) else {}
    count = data.get("count")
    return SendResult(status, data, count if type(count) is int else request.count, request.request_id)


def _attempt(transport: Transport, request: Request, timeout: float) -> tuple[SendResult | None, Failure | None, float | None]:
    try:
        response = transport.send(request, timeout)
    except NETWORK_ERRORS as exc:
        kind = "timed out" if isinstance(exc, TimeoutError) else f"failed: {type(exc).__name__}: {exc}"
        return None, DeliveryError(f"request {kind}", cause=exc), None
    error = parse_response(response.status, response.body)
    if error is None:
        return result_of(request, response.status, response.body), None, None
    return None, error, retry_after(response.headers)


def deliver(
    transport: Transport,
    request: Request,
    policy: RetryPolicy,
    timeout: float,
    abort: threading.Event,
) -> Outcome:
    """Send ``request`` until it is accepted, refused for good, or out of attempts.

    ``abort`` cuts a wait short (the client is closing past its deadline): the batch
    then ends with a ``DeliveryError`` whose ``cause`` is the last failure.
    """
    attempt = 0
    while True:
        attempt += 1
        result, error, server_wait = _attempt(transport, request, timeout)
        if error is None:
            return Outcome(result, None, attempt)
        delay = policy.delay(attempt, error, server_wait)
        if delay is None:
            return Outcome(None, error, attempt)
        if abort.wait(delay):
            stopped = DeliveryError(f"client closed before delivery (last: {error})", cause=error)
            return Outcome(None, stopped, attempt)
