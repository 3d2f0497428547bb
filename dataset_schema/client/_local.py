"""``LocalTransport``: the server's answers without a server, for tests and offline work.

Each request goes through ``Registry.ingest`` in this process, exactly as the embedding
example does over HTTP, and comes back as the same status and JSON bytes.  Accepted
records (with ``__traceId``) are kept in ``records``, the stand-in for the dataset queue.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .._errors import IngestError
from ._request import Request
from ._response import Response

if TYPE_CHECKING:  # the ingest room is only needed by whoever builds a registry
    from .._ingest.quota import QuotaStore
    from .._ingest.registry import Registry

__all__ = ["LocalTransport"]

_JSON_HEADERS = {"content-type": "application/json"}


class LocalTransport:
    """Answers through ``registry.ingest(..., claims=claims, quota=quota)`` in-process.

    ``claims`` stand for the verified API key (the key itself is never looked at, as
    the server turns it into claims before ``ingest``); ``now`` is a callable giving
    the time for the quota month (default: the current time).
    """

    def __init__(
        self,
        registry: Registry,
        *,
        claims: Mapping[str, Any] | None,
        quota: QuotaStore | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.registry = registry
        self.claims = claims
        self.quota = quota
        self._now = now
        self._lock = threading.Lock()
        self.records: list[dict[str, Any]] = []
        self.requests = 0

    def send(self, request: Request, timeout: float) -> Response:
        with self._lock:
            self.requests += 1
        try:
            accepted = self.registry.ingest(
                path=request.path, headers=request.headers, body=request.body,
                claims=self.claims, quota=self.quota, now=None if self._now is None else self._now(),
            )
        except IngestError as error:
            return Response(error.status, _JSON_HEADERS, json.dumps(error.body).encode())
        with self._lock:
            self.records.extend(accepted.records)
        return Response(accepted.status, _JSON_HEADERS, json.dumps(accepted.body).encode())

    def close(self) -> None:
        pass
