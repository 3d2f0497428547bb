"""The Redis quota store against a real redis-server started here on loopback (tests/support/redis_server.py)."""

from __future__ import annotations

import socket
import threading
from datetime import datetime, timedelta, timezone
from typing import Any, Iterator

import pytest

import dataset_schema as ds

from ..support.seed import concurrently
from ..support.quota import BOUNDARIES
from ..support.redis_server import RedisServer

UTC = timezone.utc
JUNE = datetime(2026, 6, 10, 10, 58, tzinfo=UTC)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A private redis-server on a free loopback port, no persistence; yields a client."""
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    client = server.client(socket_timeout=10)
    try:
        yield client
    finally:
        client.close()
        server.stop()


@pytest.fixture
def client(redis_server: Any) -> Any:
    redis_server.flushdb()
    return redis_server


def _get(client: Any, key: str) -> int | None:
    value = client.get(key)
    return None if value is None else int(value)


# The memory store's table (tests/ingest/test_quota.py): both stores must answer alike.


@pytest.mark.parametrize(
    ("limit", "default", "earlier", "count", "admitted", "reported", "used"),
    [case[1:] for case in BOUNDARIES],
    ids=[case[0] for case in BOUNDARIES],
)
def test_redis_boundaries(
    client: Any, limit: int | None, default: int | None, earlier: list[int], count: int,
    admitted: bool, reported: int, used: int,
) -> None:
    if limit is not None:
        client.set("quota_limit:datasets:u_1", limit)
    store = ds.RedisQuotaStore(client, default_limit=default)
    for n in earlier:
        assert store.reserve("u_1", n, JUNE).admitted
    result = store.reserve("u_1", count, JUNE)
    assert result == ds.QuotaResult(admitted, reported, used, count, "2026-06")
    expected = used + count if admitted else used
    assert (_get(client, "usage_total:datasets:u_1:2026-06") or 0) == expected
    assert (_get(client, "usage_delta:datasets:u_1:2026-06") or 0) == expected


def test_redis_reject_counts_nothing(client: Any) -> None:
    client.set("quota_limit:datasets:u_1", 2)
    store = ds.RedisQuotaStore(client)
    assert not store.reserve("u_1", 3, JUNE).admitted
    assert client.exists("usage_total:datasets:u_1:2026-06", "usage_delta:datasets:u_1:2026-06") == 0


def test_redis_month_rollover_at_utc_midnight_of_the_first(client: Any) -> None:
    client.set("quota_limit:datasets:u_1", 3)
    store = ds.RedisQuotaStore(client)
    last = datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)
    first = last + timedelta(microseconds=1)
    assert store.reserve("u_1", 3, last).admitted
    assert not store.reserve("u_1", 1, last).admitted
    assert store.reserve("u_1", 3, first) == ds.QuotaResult(True, 3, 0, 3, "2026-07")
    assert _get(client, "usage_total:datasets:u_1:2026-06") == 3
    assert _get(client, "usage_delta:datasets:u_1:2026-07") == 3


def test_redis_delta_grows_beside_an_existing_drained_delta(client: Any) -> None:
    # Whatever drains usage_delta may reset it; usage_total keeps the month's count.
    store = ds.RedisQuotaStore(client)
    store.reserve("u", 4, JUNE)
    client.set("usage_delta:datasets:u:2026-06", 0)
    store.reserve("u", 2, JUNE)
    assert _get(client, "usage_total:datasets:u:2026-06") == 6
    assert _get(client, "usage_delta:datasets:u:2026-06") == 2


def test_redis_works_with_a_decoding_client(redis_server: Any) -> None:
    import redis

    kwargs = redis_server.connection_pool.connection_kwargs
    decoding = redis.Redis(host=kwargs["host"], port=kwargs["port"], decode_responses=True)
    try:
        decoding.flushdb()
        decoding.set("quota_limit:datasets:u", "2")
        store = ds.RedisQuotaStore(decoding)
        assert store.reserve("u", 2, JUNE) == ds.QuotaResult(True, 2, 0, 2, "2026-06")
        assert store.reserve("u", 1, JUNE) == ds.QuotaResult(False, 2, 2, 1, "2026-06")
    finally:
        decoding.close()


class EvalOnly:
    """A client that offers only ``eval``, like minimal redis-py look-alikes."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    def eval(self, script: str, numkeys: int, *keys_and_args: Any) -> Any:
        self.calls += 1
        return self.inner.eval(script, numkeys, *keys_and_args)


def test_redis_store_falls_back_to_eval(client: Any) -> None:
    client.set("quota_limit:datasets:u", 1)
    wrapper = EvalOnly(client)
    store = ds.RedisQuotaStore(wrapper)
    assert store.reserve("u", 1, JUNE).admitted
    assert not store.reserve("u", 1, JUNE).admitted
    assert wrapper.calls == 2  # one round trip per reservation
    assert _get(client, "usage_total:datasets:u:2026-06") == 1


def test_redis_store_refuses_a_non_client() -> None:
    with pytest.raises(TypeError, match="redis-py-compatible"):
        ds.RedisQuotaStore(object())


@pytest.mark.parametrize("raw", [b"ten", b"1.5", b"-2", b"", b" 5", b"9007199254740992",
                                 b"99999999999999999999", b"1" * 400])
def test_redis_refuses_a_garbled_limit(client: Any, raw: bytes) -> None:
    import redis

    client.set("quota_limit:datasets:u", raw)
    with pytest.raises(ds.QuotaUnavailable) as info:
        ds.RedisQuotaStore(client).reserve("u", 1, JUNE)
    assert isinstance(info.value.__cause__, redis.ResponseError)
    assert "quota limit at quota_limit:datasets:u" in str(info.value.__cause__)
    assert client.exists("usage_total:datasets:u:2026-06") == 0


def test_redis_refuses_garbled_usage(client: Any) -> None:
    import redis

    client.set("usage_total:datasets:u:2026-06", b"lots")
    with pytest.raises(ds.QuotaUnavailable) as info:
        ds.RedisQuotaStore(client).reserve("u", 1, JUNE)
    assert isinstance(info.value.__cause__, redis.ResponseError)
    assert "quota usage at" in str(info.value.__cause__)
    assert client.exists("usage_delta:datasets:u:2026-06") == 0


def test_redis_store_satisfies_the_protocol(client: Any) -> None:
    assert isinstance(ds.RedisQuotaStore(client), ds.QuotaStore)


def test_redis_concurrent_reservations_admit_exactly_the_limit(redis_server: Any) -> None:
    import redis

    redis_server.flushdb()
    limit, threads, attempts = 100, 16, 20
    redis_server.set("quota_limit:datasets:u", limit)
    kwargs = redis_server.connection_pool.connection_kwargs

    def worker() -> int:
        # One client (own connection) per thread: like separate ingest servers.
        own = redis.Redis(host=kwargs["host"], port=kwargs["port"])
        store = ds.RedisQuotaStore(own)
        try:
            return sum(store.reserve("u", 1, JUNE).admitted for _ in range(attempts))
        finally:
            own.close()

    admitted = concurrently(threads, worker)
    assert len(admitted) == threads
    assert sum(admitted) == limit
    assert _get(redis_server, "usage_total:datasets:u:2026-06") == limit
    assert _get(redis_server, "usage_delta:datasets:u:2026-06") == limit


def test_ingest_with_the_redis_store(client: Any) -> None:
    registry = ds.Registry.from_dict({"p_1": {"datasets": {"20": {"fields": {"note": "string"}}}}})
    note = b'{"timestamp": "2026-06-10T10:00:00Z", "context": {}, "note": "hi"}'
    claims = {"projectId": "p_1", "userId": "u_1"}
    client.set("quota_limit:datasets:u_1", 3)
    store = ds.RedisQuotaStore(client)
    batch = b"[" + note + b"," + note + b"]"
    acc = registry.ingest(path="/datasets/20/batch", body=batch, claims=claims, quota=store, now=JUNE)
    assert acc.body == {"success": True, "count": 2, "status": "queued"}
    with pytest.raises(ds.IngestError) as info:
        registry.ingest(path="/datasets/20/batch", body=batch, claims=claims, quota=store, now=JUNE)
    assert info.value.status == 429
    assert info.value.body == {
        "success": False, "error": "Dataset quota exceeded", "code": "quota_exceeded",
        "quota": {"limit": 3, "used": 2, "requested": 2, "period": "2026-06"},
    }
    acc = registry.ingest(path="/datasets/20", body=note, claims=claims, quota=store, now=JUNE)
    assert acc.quota == ds.QuotaResult(True, 3, 2, 1, "2026-06")
    assert _get(client, "usage_total:datasets:u_1:2026-06") == 3
    assert _get(client, "usage_delta:datasets:u_1:2026-06") == 3


def test_redis_concurrent_batches_never_over_admit(redis_server: Any) -> None:
    import redis

    redis_server.flushdb()
    limit, threads = 97, 12
    redis_server.set("quota_limit:datasets:u", limit)
    kwargs = redis_server.connection_pool.connection_kwargs
    start = threading.Barrier(threads)
    results: list[ds.QuotaResult] = []
    guard = threading.Lock()

    def worker(seed: int) -> None:
        own = redis.Redis(host=kwargs["host"], port=kwargs["port"])
        store = ds.RedisQuotaStore(own)
        try:
            start.wait()
            mine = [store.reserve("u", 1 + (seed + i) % 7, JUNE) for i in range(15)]
        finally:
            own.close()
        with guard:
            results.extend(mine)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    admitted = sum(r.requested for r in results if r.admitted)
    assert len(results) == threads * 15
    assert admitted <= limit
    assert _get(redis_server, "usage_total:datasets:u:2026-06") == admitted
    assert _get(redis_server, "usage_delta:datasets:u:2026-06") == admitted
    # Each refusal saw a usage that really left too little room.
    assert all(r.used + r.requested > limit for r in results if not r.admitted)
    # Admissions saw distinct usages: each was applied on top of the one before.
    assert len({r.used for r in results if r.admitted}) == sum(r.admitted for r in results)


# --- bounds, failures and the request token ---------------------------------------------------


@pytest.mark.parametrize("limit", [2**53, 10**30, 2**63])
def test_redis_refuses_limits_it_cannot_hold_exactly_like_memory(client: Any, limit: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*53-1"):
        ds.RedisQuotaStore(client, default_limit=limit)
    with pytest.raises(ValueError, match="2\\*\\*53-1"):
        ds.RedisQuotaStore(client).set_limit("u", limit)
    assert client.exists("quota_limit:datasets:u") == 0


def test_redis_holds_the_largest_limit_exactly(client: Any) -> None:
    store = ds.RedisQuotaStore(client)
    store.set_limit("u", 2**53 - 1)
    assert store.reserve("u", 2**53 - 2, JUNE) == ds.QuotaResult(True, 2**53 - 1, 0, 2**53 - 2, "2026-06")
    assert store.reserve("u", 2, JUNE) == ds.QuotaResult(False, 2**53 - 1, 2**53 - 2, 2, "2026-06")
    assert store.reserve("u", 1, JUNE).admitted
    assert _get(client, "usage_total:datasets:u:2026-06") == 2**53 - 1
    store.set_limit("u", None)
    assert client.exists("quota_limit:datasets:u") == 0


def test_redis_unlimited_usage_past_the_bound_is_unavailable_like_memory(client: Any) -> None:
    store = ds.RedisQuotaStore(client)
    store.reserve("u", 2**53 - 1, JUNE)
    with pytest.raises(ds.QuotaUnavailable):
        store.reserve("u", 1, JUNE)
    assert _get(client, "usage_total:datasets:u:2026-06") == 2**53 - 1
    assert _get(client, "usage_delta:datasets:u:2026-06") == 2**53 - 1


def test_redis_connection_refused_is_unavailable_and_counts_nothing(redis_server: Any) -> None:
    import redis
    import redis.backoff
    import redis.retry

    kwargs = redis_server.connection_pool.connection_kwargs
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, never listening: connections are refused
        no_retries = redis.retry.Retry(redis.backoff.NoBackoff(), 0)
        store = ds.RedisQuotaStore(redis.Redis(host=kwargs["host"], port=port, socket_timeout=1, retry=no_retries))
        with pytest.raises(ds.QuotaUnavailable) as info:
            store.reserve("u", 1, JUNE)
    assert isinstance(info.value.__cause__, redis.ConnectionError)
    assert (info.value.status, info.value.body) == (
        503, {"success": False, "error": "Quota store unavailable", "code": "quota_unavailable"})
    assert store.pending == 1  # its cancel waits for the next call (or settle())


def test_redis_reservation_leaves_its_token_with_a_lifetime(client: Any) -> None:
    store = ds.RedisQuotaStore(client, token_ttl=30)
    store.reserve("u", 2, JUNE)
    tokens = client.keys("quota_request:datasets:u:*")
    assert len(tokens) == 1
    assert client.get(tokens[0]) == b"1:-1:0"
    assert 0 < client.ttl(tokens[0]) <= 30
    assert store.reserve("u", 1, JUNE).used == 2  # each reservation has its own token
    assert len(client.keys("quota_request:datasets:u:*")) == 2


@pytest.mark.parametrize("ttl", [0, -1, 1.5, True, None])
def test_redis_token_ttl_must_be_positive_seconds(client: Any, ttl: Any) -> None:
    with pytest.raises(ValueError, match="token_ttl"):
        ds.RedisQuotaStore(client, token_ttl=ttl)
