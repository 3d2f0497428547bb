"""enqueue and the background sender: batching, concurrency, full queue, close, fork, exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from typing import Any

import pytest

import dataset_schema as ds
from dataset_schema.client import DatasetIngestClient, Failure, LocalTransport, QueueFull, RetryPolicy

from ..support.example_server import ROOT
from ..support.seed import SEED_SCHEMA, concurrently, seed_record
from .conftest import Scripted

FAST = RetryPolicy(max_attempts=3, backoff=0.01, max_backoff=0.02)


def registry() -> ds.Registry:
    reg = ds.Registry()
    reg.add(project_id="p_1", dataset_id=13, schema=SEED_SCHEMA, default=True)
    return reg


class Gate:
    """A transport that holds every request until released: the queue fills behind it."""

    def __init__(self) -> None:
        self.inner = LocalTransport(registry(), claims={"projectId": "p_1"})
        self.open = threading.Event()

    def send(self, request: Any, timeout: float) -> Any:
        self.open.wait(10)
        return self.inner.send(request, timeout)

    def close(self) -> None:
        self.open.set()


def test_a_bad_record_raises_at_enqueue_and_nothing_is_queued() -> None:
    local = LocalTransport(registry(), claims={"projectId": "p_1"})
    with DatasetIngestClient("KEY", schema=SEED_SCHEMA, transport=local) as c:
        with pytest.raises(ds.IngestError, match="Invalid number field: amount"):
            c.enqueue(seed_record(amount="1"))
        assert c.flush(5)
    assert local.requests == 0


def test_batches_respect_the_record_and_byte_caps() -> None:
    local = LocalTransport(registry(), claims={"projectId": "p_1"})
    size = len(json.dumps(seed_record(), separators=(",", ":")))
    with DatasetIngestClient("KEY", schema=SEED_SCHEMA, transport=local, max_batch_records=7,
                             max_batch_bytes=3 * size + 4, flush_interval=60) as c:
        for n in range(20):
            c.enqueue(seed_record(amount=n))
        assert c.flush(10)
        assert [r["amount"] for r in local.records] == list(range(20))
        assert local.requests == 7  # three records fit under the byte cap, never more
    traces = Counter(r["__traceId"] for r in local.records)
    assert max(traces.values()) == 3


def test_the_flush_interval_sends_without_being_asked() -> None:
    local = LocalTransport(registry(), claims={"projectId": "p_1"})
    with DatasetIngestClient("KEY", transport=local, flush_interval=0.05) as c:
        c.enqueue(seed_record())
        deadline = time.monotonic() + 5
        while not local.records and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(local.records) == 1


def test_eight_threads_each_record_delivered_once_or_reported(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    # Faults on the way: retried ones must not duplicate, final ones must be reported.
    server.script = [(503, b"", {}), ("reset",), (500, b"", {}), (500, b"", {}), (500, b"", {}),
                     (400, {"success": False, "error": "Extra field: x", "code": "extra_field", "field": "x", "index": 0}, {})]
    failures: list[Failure] = []
    counter = iter(range(10**9))
    lock = threading.Lock()
    c = DatasetIngestClient("KEY", dataset_id=13, schema=SEED_SCHEMA, base_url=url, retry=FAST,
                            on_error=failures.append, max_queue_records=80_000, max_batch_records=1000)

    def work() -> None:
        for _ in range(10_000):
            with lock:
                n = next(counter)
            assert c.enqueue(seed_record(context={"n": n}))

    concurrently(8, work)
    assert c.close(60)
    delivered = Counter(r["context"]["n"] for r in server.records(accepted_only=True))
    reported = Counter(r["context"]["n"] for f in failures for r in f.records)
    assert len(server.requests) > len(server.accepted) > 1 and failures  # faults happened
    assert set(delivered) | set(reported) == set(range(80_000))
    assert not set(delivered) & set(reported)
    assert set(delivered.values()) == {1} and set(reported.values()) == {1}


def test_a_full_queue_drops_to_on_error_by_default() -> None:
    gate = Gate()
    failures: list[Failure] = []
    c = DatasetIngestClient("KEY", schema=SEED_SCHEMA, transport=gate, max_queue_records=2,
                            max_batch_records=1, on_error=failures.append)
    results = [c.enqueue(seed_record(amount=n)) for n in range(5)]  # 1 in flight + 2 queued
    time.sleep(0.05)
    gate.open.set()
    assert c.close(10)
    delivered = [r["amount"] for r in gate.inner.records]
    dropped = [r["amount"] for f in failures for r in f.records]
    assert sorted(delivered + dropped) == list(range(5))
    assert results.count(False) == len(dropped) >= 1
    assert all(isinstance(f.error, QueueFull) for f in failures)


def test_a_full_queue_can_raise_or_block() -> None:
    gate = Gate()
    raising = DatasetIngestClient("KEY", transport=gate, max_queue_records=1, max_batch_records=1, queue_full="raise")
    with pytest.raises(QueueFull):
        for n in range(4):
            raising.enqueue(seed_record(amount=n))
    gate.open.set()
    raising.close(10)
    gate = Gate()
    blocking = DatasetIngestClient("KEY", transport=gate, max_queue_records=1, max_batch_records=1,
                                   queue_full="block", block_timeout=5)
    threading.Timer(0.2, gate.open.set).start()
    assert all(blocking.enqueue(seed_record(amount=n)) for n in range(4))  # waits for room
    assert blocking.close(10)
    assert len(gate.inner.records) == 4


def test_close_past_its_deadline_reports_what_is_left() -> None:
    gate = Gate()
    failures: list[Failure] = []
    c = DatasetIngestClient("KEY", transport=gate, max_batch_records=2, on_error=failures.append)
    for n in range(5):
        c.enqueue(seed_record(amount=n))
    assert not c.close(0.2)
    assert sorted(r["amount"] for f in failures for r in f.records) == list(range(5))
    with pytest.raises(RuntimeError):
        c.enqueue(seed_record())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_forked_child_gets_a_fresh_sender(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    c = DatasetIngestClient("KEY", dataset_id=13, base_url=url, flush_interval=60)
    c.enqueue(seed_record(context={"who": "parent"}))
    pid = os.fork()
    if pid == 0:  # the child: its own record only, then exit without running the parent's atexit
        try:
            c.enqueue(seed_record(context={"who": "child"}))
            os._exit(0 if c.close(10) else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert [r["context"]["who"] for r in server.records()] == ["child"]
    assert c.close(10)
    assert [r["context"]["who"] for r in server.records()] == ["child", "parent"]


EXIT_SCRIPT = textwrap.dedent("""
    import sys
    from dataset_schema.client import DatasetIngestClient
    c = DatasetIngestClient("KEY", dataset_id=13, base_url=sys.argv[1], flush_interval=600, exit_timeout=float(sys.argv[2]))
    for n in range(3):
        c.enqueue({"timestamp": "2026-06-10T10:58:00Z", "context": {"n": n}})
    print("queued", flush=True)
""")


def run_exit_script(url: str, exit_timeout: float) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, url, str(exit_timeout)], env=env,
                          capture_output=True, text=True, timeout=60)
    return done, time.monotonic() - started


def test_records_queued_at_exit_are_flushed(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    done, _ = run_exit_script(url, 10)
    assert done.returncode == 0 and done.stdout == "queued\n"
    assert [r["context"]["n"] for r in server.records()] == [0, 1, 2]


def test_the_exit_flush_is_bounded_and_reports(scripted: tuple[Scripted, str]) -> None:
    server, url = scripted
    server.script = [(503, b"", {"Retry-After": "30"})] * 10
    done, took = run_exit_script(url, 0.5)
    assert done.returncode == 0 and took < 20
    assert "3 record(s) not delivered" in done.stderr  # the default on_error logs them
