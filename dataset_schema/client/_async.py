"""``AsyncDatasetIngestClient``: the same client for asyncio, on httpx (extra ``[httpx]``).

It shares everything but the I/O with the threaded client: the encoders, the request
builder, ``parse_response`` and ``RetryPolicy``.  Batching runs in one task started by
the first ``enqueue``; ``aclose`` delivers what is queued and reports the rest.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import httpx

from .._core.validator import Validator
from .._schema import Schema
from ._client import DEFAULT_BASE_URL, Failure, _log_failure, logger
from ._delivery import result_of
from ._encode import encoder_for, join_batch
from ._errors import DeliveryError, QueueFull
from ._options import batch_limits, seconds
from ._request import Endpoint, Request
from ._response import SendResult, parse_response
from ._retry import RetryPolicy, retry_after

__all__ = ["AsyncDatasetIngestClient"]


class AsyncDatasetIngestClient:
    """The asyncio client; options as ``DatasetIngestClient`` (docs/client.md).

    ``http_client`` is an ``httpx.AsyncClient`` to use (its pool, proxies, TLS); by
    default one is made and closed with the client.  ``queue_full`` is ``"drop"``
    (to ``on_error``) or ``"raise"``: ``enqueue`` is not a coroutine, so it cannot block.
    """

    def __init__(
        self,
        api_key: str,
        *,
        dataset_id: int | str | None = None,
        schema: Validator | Schema | Mapping[str, Any] | None = None,
        base_url: str = DEFAULT_BASE_URL,
        http_client: httpx.AsyncClient | None = None,
        dataset_id_in_header: bool = False,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        max_batch_records: int = 500,
        max_batch_bytes: int = 1_000_000,
        flush_interval: float = 1.0,
        max_queue_records: int = 10_000,
        queue_full: str = "drop",
        on_error: Callable[[Failure], None] | None = None,
    ) -> None:
        if queue_full not in ("drop", "raise"):
            raise ValueError(f"queue_full must be drop or raise, got {queue_full!r}")
        # Every option is checked before an http client is made that would need closing.
        self._timeout = seconds("timeout", timeout)
        self._limits = batch_limits(max_batch_records, max_batch_bytes, flush_interval, max_queue_records)
        self._endpoint = Endpoint(base_url, api_key, dataset_id, bool(dataset_id_in_header))
        parts = urlsplit(base_url)
        self._origin = f"{parts.scheme}://{parts.netloc}"
        self.validator, (self._encode_record, self._encode_batch) = encoder_for(schema)
        self._own_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._retry = retry if retry is not None else RetryPolicy()
        self._queue_full = queue_full
        self._on_error = on_error if on_error is not None else _log_failure
        self._items: deque[tuple[float, bytes]] = deque()
        self._bytes = 0  # of the queued bodies, each with its separator
        self._enqueued = self._done = self._flush_upto = 0
        self._closed = False
        self._changed: asyncio.Condition | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    # -- now --------------------------------------------------------------------------

    async def send(self, record: object, *, request_id: str | None = None) -> SendResult:
        body = self._encode_record(record)
        return await self._send(self._endpoint.request(body, batch=False, count=1, request_id=request_id))

    async def send_batch(self, records: object, *, request_id: str | None = None) -> SendResult:
        body = self._encode_batch(records)
        count = len(records) if isinstance(records, list) else 0
        return await self._send(self._endpoint.request(body, batch=True, count=count, request_id=request_id))

    async def _send(self, request: Request) -> SendResult:
        result, error = await self._deliver(request)
        if error is not None:
            raise error
        assert result is not None
        return result

    async def _attempt(self, request: Request) -> tuple[SendResult | None, BaseException, float | None]:
        try:
            answer = await self._http.post(
                self._origin + request.path, content=request.body,
                headers=list(request.headers), timeout=self._timeout,
            )
        except httpx.TransportError as exc:  # connect, read, timeouts, protocol errors
            return None, DeliveryError(f"request failed: {type(exc).__name__}: {exc}", cause=exc), None
        error = parse_response(answer.status_code, answer.content)
        if error is None:
            return result_of(request, answer.status_code, answer.content), DeliveryError(""), None
        return None, error, retry_after(answer.headers)

    async def _deliver(self, request: Request) -> tuple[SendResult | None, BaseException | None]:
        attempt = 0
        while True:
            attempt += 1
            result, error, server_wait = await self._attempt(request)
            if result is not None:
                return result, None
            delay = self._retry.delay(attempt, error, server_wait)
            if delay is None:
                return None, error
            try:
                await asyncio.wait_for(self._stop.wait(), delay)
                return None, DeliveryError(f"client closed before delivery (last: {error})", cause=error)
            except asyncio.TimeoutError:
                pass

    # -- background ---------------------------------------------------------------------

    def enqueue(self, record: object) -> bool:
        """Check and encode now, queue for the background task (call it inside the loop)."""
        body = self._encode_record(record)
        if self._closed:
            raise RuntimeError("the client is closed")
        if len(self._items) >= self._limits.capacity:
            if self._queue_full == "raise":
                raise QueueFull(f"the queue holds {self._limits.capacity} records")
            self._report([body], QueueFull("the queue is full"), None)
            return False
        self._items.append((time.monotonic(), body))
        self._bytes += len(body) + 1
        self._enqueued += 1
        if self._task is None:
            self._changed = asyncio.Condition()
            self._task = asyncio.get_running_loop().create_task(self._run())
        self._poke()
        return True

    def _poke(self) -> None:
        if self._changed is not None:
            asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    def _ready(self) -> float:
        """Seconds until the next batch is due (0: now)."""
        max_records, max_bytes, interval, _ = self._limits
        if self._closed or self._flush_upto > self._done or len(self._items) >= max_records:
            return 0.0
        if self._bytes >= max_bytes:
            return 0.0
        return max(0.0, self._items[0][0] + interval - time.monotonic())

    async def _run(self) -> None:
        assert self._changed is not None
        while True:
            async with self._changed:
                while not self._items or self._ready() > 0:
                    if not self._items and self._closed:
                        return
                    wait = None if not self._items else self._ready()
                    try:
                        await asyncio.wait_for(self._changed.wait(), wait)
                    except asyncio.TimeoutError:
                        pass
                parts = self._pop()
            request = self._endpoint.request(join_batch(parts), batch=True, count=len(parts), request_id=None)
            if self._stop.is_set():  # aclose's deadline passed: report, do not send
                error: BaseException | None = DeliveryError("client closed before delivery")
            else:
                _, error = await self._deliver(request)
            if error is not None:
                self._report(parts, error, request.request_id)
            async with self._changed:
                self._done += len(parts)
                self._changed.notify_all()

    def _pop(self) -> list[bytes]:
        max_records, max_bytes, _, _ = self._limits
        parts: list[bytes] = []
        size = 1
        while self._items and len(parts) < max_records:
            body = self._items[0][1]
            if parts and size + len(body) + 1 > max_bytes:
                break
            self._items.popleft()
            self._bytes -= len(body) + 1
            parts.append(body)
            size += len(body) + 1
        return parts

    async def flush(self, timeout: float | None = None) -> bool:
        """Send what is queued now; True once all of it was delivered or reported."""
        if self._changed is None:
            return True
        target = self._enqueued
        self._flush_upto = max(self._flush_upto, target)
        async with self._changed:
            self._changed.notify_all()
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: self._done >= target), timeout)
            except asyncio.TimeoutError:
                return False
        return True

    async def aclose(self, timeout: float | None = None) -> bool:
        """Deliver what is queued (within ``timeout``), report the rest, close connections."""
        self._closed = True
        finished = await self.flush(timeout)
        self._stop.set()
        if self._task is not None:
            await self._task
        if self._items:  # reported, never silently dropped
            self._report([body for _, body in self._items], DeliveryError("client closed before delivery"), None)
            self._items.clear()
            self._bytes = 0
        if self._own_http:
            await self._http.aclose()
        return finished

    async def __aenter__(self) -> AsyncDatasetIngestClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    def _report(self, parts: list[bytes], error: BaseException, request_id: str | None) -> None:
        try:
            self._on_error(Failure(error, [json.loads(part) for part in parts], request_id))
        except Exception:
            logger.exception("dataset ingest: on_error raised")
