"""The background sender: a bounded queue of encoded records drained in batches.

One daemon thread per client takes records in arrival order and sends a batch when
``max_batch_records`` or ``max_batch_bytes`` is reached, when the oldest record has
waited ``flush_interval``, or when ``flush``/``close`` asks.  Every record taken in ends
exactly one way: in an accepted batch, or handed to ``report`` with the reason.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Callable

from ._errors import DeliveryError, QueueFull
from ._options import BatchLimits

__all__ = ["BackgroundSender", "QUEUE_FULL_POLICIES"]

#: What ``enqueue`` does when the queue holds ``max_queue_records``.
QUEUE_FULL_POLICIES = ("drop", "block", "raise")

# deliver(parts, abort) -> None when accepted, else (the error that ended it, its request id).
Deliver = Callable[[list[bytes], threading.Event], "tuple[BaseException, str | None] | None"]
# report(parts, error, request_id): records that will not be delivered.
Report = Callable[[list[bytes], BaseException, "str | None"], None]


class BackgroundSender:
    def __init__(self, deliver: Deliver, report: Report, limits: BatchLimits) -> None:
        self._deliver = deliver
        self._report = report
        self._max_records, self._max_bytes, self._interval, self._capacity = limits
        self.closed = False
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._items: deque[tuple[float, bytes]] = deque()
        self._bytes = 0
        self._enqueued = 0  # records taken in
        self._taken = 0  # records the thread has taken out
        self._done = 0  # records delivered or reported
        self._flush_upto = 0
        self._abort = threading.Event()
        self._inflight: list[bytes] | None = None
        self._thread: threading.Thread | None = None
        self._idle = False  # the thread waits for a first record: only then must put() wake it

    def after_fork_in_child(self) -> None:
        """A fresh queue and thread: the parent's records are the parent's to send."""
        self._reset()

    # -- the caller's side -----------------------------------------------------------

    def put(self, body: bytes, policy: str, block_timeout: float | None) -> bool:
        """Queue one encoded record; False when the queue is full (policy ``drop``/``block``)."""
        with self._cond:
            if self.closed:
                raise RuntimeError("the client is closed")
            if len(self._items) >= self._capacity:
                if policy == "block":
                    self._cond.wait_for(self._has_room, block_timeout)
                if len(self._items) >= self._capacity or self.closed:
                    if policy == "raise":
                        raise QueueFull(f"the queue holds {self._capacity} records")
                    return False
            self._items.append((time.monotonic(), body))
            self._bytes += len(body) + 1
            self._enqueued += 1
            if self._thread is None:
                self._start()
            # Waking the thread for every record would cost a context switch each; it
            # needs waking only to learn of a first record or of a full batch.
            if self._idle or len(self._items) >= self._max_records or self._bytes >= self._max_bytes:
                self._cond.notify_all()
        return True

    def _has_room(self) -> bool:
        return len(self._items) < self._capacity or self.closed

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="dataset_schema-client-sender", daemon=True)
        self._thread.start()

    def flush(self, timeout: float | None) -> bool:
        """Send everything queued so far now; True once it is all delivered or reported."""
        with self._cond:
            target = self._enqueued
            self._flush_upto = max(self._flush_upto, target)
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._done >= target, timeout)

    def close(self, timeout: float | None) -> bool:
        """Stop taking records, deliver what is queued within ``timeout``, report the rest."""
        with self._cond:
            self.closed = True
            self._cond.notify_all()
            finished = self._cond.wait_for(lambda: self._done >= self._enqueued, timeout)
        if not finished:
            self._abort.set()  # ends backoff waits: the sender reports instead of retrying
            with self._cond:
                self._cond.notify_all()
        thread = self._thread
        if thread is not None:
            thread.join(None if finished else 0.5)
        if not finished:
            self._report_leftovers()
        return finished

    def _report_leftovers(self) -> None:
        """What the sender could not finish in time (stuck in I/O): reported from here."""
        with self._cond:
            leftovers = [body for _, body in self._items]
            self._items.clear()
            if self._inflight is not None:
                leftovers[:0], self._inflight = self._inflight, None
            self._done = self._enqueued
            self._cond.notify_all()
        if leftovers:
            self._report(leftovers, DeliveryError("client closed before delivery"), None)

    # -- the thread's side -----------------------------------------------------------

    def _run(self) -> None:
        while True:
            parts = self._take()
            if parts is None:
                return
            if self._abort.is_set():
                failed: tuple[BaseException, str | None] | None = (DeliveryError("client closed before delivery"), None)
            else:
                failed = self._deliver(parts, self._abort)
            with self._cond:
                mine = self._inflight is parts  # else close() has reported it already
                self._inflight = None
            if failed is not None and mine:
                self._report(parts, *failed)
            with self._cond:
                if mine:
                    self._done += len(parts)
                self._cond.notify_all()

    def _ready(self, now: float) -> bool:
        return (
            self.closed
            or self._abort.is_set()
            or self._flush_upto > self._taken
            or len(self._items) >= self._max_records
            or self._bytes >= self._max_bytes
            or now >= self._items[0][0] + self._interval
        )

    def _take(self) -> list[bytes] | None:
        with self._cond:
            while True:
                if self._items:
                    now = time.monotonic()
                    if self._ready(now):
                        return self._pop()
                    self._cond.wait(self._items[0][0] + self._interval - now)
                elif self.closed:
                    return None
                else:
                    self._idle = True
                    self._cond.wait()
                    self._idle = False

    def _pop(self) -> list[bytes]:
        """The next batch: up to max_records, within max_bytes (one record at least)."""
        parts: list[bytes] = []
        size = 1  # "[" and "]" less the first record's comma
        while self._items and len(parts) < self._max_records:
            body = self._items[0][1]
            if parts and size + len(body) + 1 > self._max_bytes:
                break
            self._items.popleft()
            parts.append(body)
            size += len(body) + 1
            self._bytes -= len(body) + 1
        self._taken += len(parts)
        self._inflight = parts
        self._cond.notify_all()  # room for a blocked enqueue
        return parts
