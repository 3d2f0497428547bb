"""Reading the API's answers, sans-IO: status and body bytes in, result or error out.

One function, ``parse_response``, turns any response into what the server meant, and
every transport (stdlib, in-process, httpx) goes through it.  An error body is rebuilt
into the very ``IngestError`` the server raised: the server sends ``err.body``, which
is ``{"success": false, "error", "code"}`` plus ``field``, ``index`` and the
``details`` entries, so everything but those keys is ``details``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Mapping

from .._errors import IngestError
from ._errors import DeliveryError

__all__ = ["Response", "SendResult", "parse_response", "response_body"]

_ENVELOPE = frozenset(("success", "error", "code", "field", "index"))


@dataclass(frozen=True)
class Response:
    """What a transport read: the status, the headers (names lowercased), the body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class SendResult:
    """An accepted request: the status (202), the API's JSON body, how many records it
    took, and the ``X-Request-Id`` it was sent with (``__traceId`` downstream)."""

    status: int
    body: dict[str, Any]
    count: int
    request_id: str


def response_body(body: bytes | str) -> Any:
    """The body as JSON, or ``None`` when it is not JSON."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _error_from(status: int, data: Mapping[str, Any]) -> IngestError | None:
    message, code = data.get("error"), data.get("code")
    if type(message) is not str or type(code) is not str:
        return None
    field = data.get("field")
    index = data.get("index")
    details = {key: value for key, value in data.items() if key not in _ENVELOPE}
    return IngestError(
        message,
        code,
        status,
        field if type(field) is str else None,
        index if type(index) is int and index >= 0 else None,
        details or None,
    )


def parse_response(status: int, body: bytes | str) -> IngestError | DeliveryError | None:
    """The API's answer: ``None`` when accepted (2xx), else the error it stands for.

    An API error body gives the server's ``IngestError`` (message, code, status,
    field, index, details); any other non-2xx answer (a proxy's page, an empty body)
    gives a ``DeliveryError`` carrying the status.
    """
    if 200 <= status < 300:
        return None
    data = response_body(body)
    error = _error_from(status, data) if isinstance(data, dict) else None
    if error is not None:
        return error
    return DeliveryError(f"HTTP {status} without an API error body", status=status)
