"""``DatasetIngestClient``: validate at the call site, send now or in background batches."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .._core.validator import Validator
from .._schema import Schema
from . import _lifecycle
from ._delivery import Outcome, deliver
from ._encode import encoder_for, join_batch
from ._errors import QueueFull
from ._options import batch_limits, seconds
from ._request import Endpoint
from ._response import SendResult
from ._retry import RetryPolicy
from ._sender import QUEUE_FULL_POLICIES, BackgroundSender
from ._transport import HTTPTransport, Transport

__all__ = ["DEFAULT_BASE_URL", "DatasetIngestClient", "Failure"]

DEFAULT_BASE_URL = "https://ingest.logu.ro"

logger = logging.getLogger("dataset_schema.client")


@dataclass(frozen=True)
class Failure:
    """Records that were not delivered, and why: what ``on_error`` receives.

    ``records`` are the batch's records (decoded back from the bytes that were sent);
    ``record`` is the one the server's ``index`` names, when it names one.  A batch is
    all-or-nothing on the server, so none of ``records`` was stored.
    """

    error: BaseException
    records: list[Any]
    request_id: str | None = None

    @property
    def record(self) -> Any:
        index = getattr(self.error, "index", None)
        if isinstance(index, int) and 0 <= index < len(self.records):
            return self.records[index]
        return None


def _log_failure(failure: Failure) -> None:
    logger.error("dataset ingest: %d record(s) not delivered: %r", len(failure.records), failure.error)


class DatasetIngestClient:
    """A client of the Dataset Ingest API (see docs/client.md for every option).

    ``send``/``send_batch`` deliver now and return the API's answer or raise its
    ``IngestError``; ``enqueue`` validates and encodes now, then a background thread
    sends in batches, retrying what can succeed and handing what cannot to ``on_error``.
    """

    def __init__(
        self,
        api_key: str,
        *,
        dataset_id: int | str | None = None,
        schema: Validator | Schema | Mapping[str, Any] | None = None,
        base_url: str = DEFAULT_BASE_URL,
        transport: Transport | None = None,
        dataset_id_in_header: bool = False,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        max_batch_records: int = 500,
        max_batch_bytes: int = 1_000_000,
        flush_interval: float = 1.0,
        max_queue_records: int = 10_000,
        queue_full: str = "drop",
        block_timeout: float | None = None,
        on_error: Callable[[Failure], None] | None = None,
        exit_timeout: float = 5.0,
    ) -> None:
        if queue_full not in QUEUE_FULL_POLICIES:
            raise ValueError(f"queue_full must be one of {', '.join(QUEUE_FULL_POLICIES)}, got {queue_full!r}")
        self._endpoint = Endpoint(base_url, api_key, dataset_id, bool(dataset_id_in_header))
        self.validator, (self._encode_record, self._encode_batch) = encoder_for(schema)
        self._transport: Transport = transport if transport is not None else HTTPTransport(base_url)
        self._timeout = seconds("timeout", timeout)
        self._retry = retry if retry is not None else RetryPolicy()
        self._queue_full = queue_full
        self._block_timeout = None if block_timeout is None else seconds("block_timeout", block_timeout)
        self._on_error = on_error if on_error is not None else _log_failure
        self._exit_timeout = seconds("exit_timeout", exit_timeout)
        self._abort = threading.Event()  # set by close(): ends waits of synchronous sends too
        self._sender = BackgroundSender(
            self._deliver_parts, self._report,
            batch_limits(max_batch_records, max_batch_bytes, flush_interval, max_queue_records),
        )
        _lifecycle.register(self)

    # -- synchronous --------------------------------------------------------------

    def send(self, record: object, *, request_id: str | None = None) -> SendResult:
        """Deliver one record now (single-record endpoint); raise the API's IngestError."""
        body = self._encode_record(record)
        return self._send(self._endpoint.request(body, batch=False, count=1, request_id=request_id))

    def send_batch(self, records: object, *, request_id: str | None = None) -> SendResult:
        """Deliver a batch now (batch endpoint): all taken, or raise the API's IngestError."""
        body = self._encode_batch(records)
        count = len(records) if isinstance(records, list) else 0
        return self._send(self._endpoint.request(body, batch=True, count=count, request_id=request_id))

    def _send(self, request: Any) -> SendResult:
        outcome: Outcome = deliver(self._transport, request, self._retry, self._timeout, self._abort)
        if outcome.error is not None:
            raise outcome.error
        assert outcome.result is not None
        return outcome.result

    # -- background ---------------------------------------------------------------

    def enqueue(self, record: object) -> bool:
        """Check and encode ``record`` now (raising its IngestError), queue it for sending.

        True when queued.  When the queue is full: ``queue_full="drop"`` (default)
        hands the record to ``on_error`` with ``QueueFull`` and returns False;
        ``"block"`` waits up to ``block_timeout`` for room first; ``"raise"`` raises ``QueueFull``.
        """
        body = self._encode_record(record)
        if self._sender.put(body, self._queue_full, self._block_timeout):
            return True
        self._report([body], QueueFull("the queue is full"), None)
        return False

    def flush(self, timeout: float | None = None) -> bool:
        """Send what is queued now; True once all of it was delivered or reported."""
        return self._sender.flush(timeout)

    def close(self, timeout: float | None = None) -> bool:
        """Deliver what is queued (within ``timeout``), report the rest, release connections.

        True when everything was delivered or reported in time.  Later ``enqueue``
        calls raise RuntimeError.  Closing twice is harmless.
        """
        finished = self._sender.close(timeout)
        self._abort.set()
        self._transport.close()
        return finished

    def __enter__(self) -> DatasetIngestClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------

    def _deliver_parts(self, parts: list[bytes], abort: threading.Event) -> tuple[BaseException, str | None] | None:
        request = self._endpoint.request(join_batch(parts), batch=True, count=len(parts), request_id=None)
        outcome = deliver(self._transport, request, self._retry, self._timeout, abort)
        return None if outcome.error is None else (outcome.error, request.request_id)

    def _report(self, parts: list[bytes], error: BaseException, request_id: str | None) -> None:
        failure = Failure(error, [json.loads(part) for part in parts], request_id)
        try:
            self._on_error(failure)
        except Exception:  # a faulty hook must not stop the sender; say so loudly
            logger.exception("dataset ingest: on_error raised")

    def _close_at_exit(self) -> None:
        if not self._sender.closed:
            self.close(self._exit_timeout)

    def _after_fork_in_child(self) -> None:
        self._abort = threading.Event()
        self._sender.after_fork_in_child()

    def __repr__(self) -> str:
        return f"DatasetIngestClient(base_url={self._endpoint.base_url!r}, dataset_id={self._endpoint.dataset_id!r})"
