"""The Redis quota under faults, against a real redis-server: records charged == records admitted.

Each run reserves in a loop while a fault is injected (a stalled server, a
killed one, a flushed script cache, keys of the wrong type), then lets the store
settle and compares what Redis counted with what ``reserve`` admitted.  Every run
is bounded (a few seconds) and prints its figures (``pytest -s`` shows them).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

import pytest

import dataset_schema as ds

from ..support.redis_server import RedisServer

JUNE = datetime(2026, 6, 10, 10, 58, tzinfo=timezone.utc)
TOTAL = "usage_total:datasets:u:2026-06"
DELTA = "usage_delta:datasets:u:2026-06"
LIMIT = 250


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One server for the runs that inject no process fault."""
    instance = RedisServer(tmp_path_factory.mktemp("redis"))
    try:
        yield instance
    finally:
        instance.stop()


@pytest.fixture
def server(tmp_path: Any) -> Iterator[RedisServer]:
    """A fresh server per run, persistent (AOF, fsync always) so a restart keeps the counts."""
    instance = RedisServer(tmp_path, persist=True)
    try:
        yield instance
    finally:
        instance.stop()


def store_client(server: RedisServer, retries: bool, timeout: float) -> Any:
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # A short socket timeout turns a stall into an error; retries on: redis-py's default policy.
    options: dict[str, Any] = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    if not retries:
        options["retry"] = Retry(NoBackoff(), 0)
    return server.client(**options)


@dataclass
class Tally:
    calls: int = 0
    admitted: int = 0       # records in admitted reservations
    refused: int = 0        # 429 answers
    unavailable: int = 0    # QuotaUnavailable
    sizes: list[int] = field(default_factory=list)


def reserve_loop(store: ds.RedisQuotaStore, tally: Tally, stop: threading.Event, limit_calls: int) -> None:
    while not stop.is_set() and tally.calls < limit_calls:
        count = 1 + tally.calls % 7
        tally.calls += 1
        try:
            result = store.reserve("u", count, JUNE)
        except ds.QuotaUnavailable:
            tally.unavailable += 1
            continue
        if result.admitted:
            tally.admitted += count
        else:
            tally.refused += 1


def settle(server: RedisServer, store: ds.RedisQuotaStore) -> int:
    """Let the server answer again and the store deliver its cancels; Redis's count."""
    admin = server.client(socket_timeout=5)
    try:
        deadline = time.monotonic() + 10
        while store.settle() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.pending == 0
        admin.ping()
        time.sleep(0.2)  # commands a stalled server had buffered run before this read
        total, delta = (int(admin.get(key) or 0) for key in (TOTAL, DELTA))
        assert total == delta
        return total
    finally:
        admin.close()


def run(server: RedisServer, retries: bool, fault: Callable[[], None], name: str, calls: int = 2000,
        timeout: float = 0.25) -> Tally:
    """Reserve on a thread while ``fault`` runs on this one; assert the count is exact."""
    setup = server.client(socket_timeout=5)
    setup.set("quota_limit:datasets:u", LIMIT)
    setup.close()
    client = store_client(server, retries, timeout)
    store = ds.RedisQuotaStore(client)
    tally, stop = Tally(), threading.Event()
    worker = threading.Thread(target=reserve_loop, args=(store, tally, stop, calls))
    worker.start()
    try:
        fault()
    finally:
        stop.set()
        worker.join(timeout=30)
    assert not worker.is_alive()
    charged = settle(server, store)
    client.close()
    print(f"\n{name} retries={'on' if retries else 'off'}: {tally.calls} calls, "
          f"{tally.admitted} records admitted, {charged} charged, "
          f"{tally.refused} refused (429), {tally.unavailable} unavailable (503)")
    assert charged == tally.admitted
    assert charged <= LIMIT
    if not retries and timeout < 1:
        assert tally.unavailable >= 1  # the fault did reach a call: the loop spans it
    return tally


RETRIES = pytest.mark.parametrize("retries", [True, False], ids=["retries-on", "retries-off"])


@RETRIES
def test_debug_sleep_stalls(server: RedisServer, retries: bool) -> None:
    def fault() -> None:
        admin = server.client(socket_timeout=5)
        try:
            for _ in range(3):
                time.sleep(0.15)
                admin.execute_command("DEBUG", "SLEEP", "0.6")
        finally:
            admin.close()

    tally = run(server, retries, fault, "DEBUG SLEEP 0.6 x3")
    assert tally.calls >= 2  # the loop ran across the fault (few calls on a busy machine)


@RETRIES
def test_sigstop_sigcont_stalls(server: RedisServer, retries: bool) -> None:
    def fault() -> None:
        for _ in range(2):
            time.sleep(0.15)
            server.pause()
            time.sleep(0.8)
            server.resume()

    tally = run(server, retries, fault, "SIGSTOP 0.8 s x2")
    assert tally.calls >= 2  # the loop ran across the fault (few calls on a busy machine)


@RETRIES
def test_restarts(server: RedisServer, retries: bool) -> None:
    def fault() -> None:
        for _ in range(2):
            time.sleep(0.15)
            server.restart()  # SIGKILL mid-stream, then the same port again (AOF keeps the counts)

    tally = run(server, retries, fault, "SIGKILL + restart x2")
    assert tally.calls >= 2  # the loop ran across the fault (few calls on a busy machine)


def test_script_flush(plain: RedisServer) -> None:
    plain.client().flushdb()
    server = plain

    def fault() -> None:
        admin = server.client(socket_timeout=5)
        try:
            for _ in range(10):
                time.sleep(0.03)
                admin.script_flush()
        finally:
            admin.close()

    # A roomy timeout: only NOSCRIPT could fail a call here, and none does.
    tally = run(server, True, fault, "SCRIPT FLUSH x10", timeout=5)
    assert tally.unavailable == 0


@pytest.mark.parametrize("key", [TOTAL, DELTA, "quota_limit:datasets:u"])
@pytest.mark.parametrize("kind", ["abc", "hash", "list"])
def test_wrong_types_count_nothing(plain: RedisServer, key: str, kind: str) -> None:
    server = plain
    admin = server.client(socket_timeout=5)
    admin.flushdb()
    admin.set(TOTAL, 10)
    admin.set(DELTA, 10)
    admin.delete(key)
    if kind == "abc":
        admin.set(key, "abc")
    elif kind == "hash":
        admin.hset(key, "n", 1)
    else:
        admin.rpush(key, 1)
    own = server.client(socket_timeout=5)
    store = ds.RedisQuotaStore(own)
    for _ in range(3):
        with pytest.raises(ds.QuotaUnavailable):
            store.reserve("u", 2, JUNE)
    # The other usage key did not move: nothing was written before the check.
    for other in {TOTAL, DELTA} - {key}:
        assert admin.get(other) == b"10"
    assert admin.type(key) == {"abc": b"string", "hash": b"hash", "list": b"list"}[kind]
    own.close()
    admin.close()


def test_a_retried_script_returns_the_first_answer(plain: RedisServer) -> None:
    # The script run twice with one token (what a client retry does) counts once.
    admin = plain.client(socket_timeout=5)
    admin.flushdb()
    admin.set("quota_limit:datasets:u", 10)
    from dataset_schema._ingest.redis_quota import RESERVE_SCRIPT

    script = admin.register_script(RESERVE_SCRIPT)
    keys = [*ds.quota_keys("u", JUNE), "quota_request:datasets:u:t1"]
    first = script(keys=keys, args=[4, "", 60])
    again = script(keys=keys, args=[4, "", 60])
    assert first == again == [1, 10, 0]
    assert admin.get(TOTAL) == admin.get(DELTA) == b"4"
    admin.close()
