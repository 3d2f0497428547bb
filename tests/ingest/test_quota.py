"""Quota keys, the store protocol and the in-memory store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import dataset_schema as ds

from ..support.quota import BOUNDARIES
from ..support.seed import concurrently

UTC = timezone.utc
JUNE = datetime(2026, 6, 10, 10, 58, tzinfo=UTC)


# --- keys -------------------------------------------------------------------------------


def test_keys_are_the_seeds() -> None:
    keys = ds.quota_keys("u_1", JUNE)
    assert keys == (
        "quota_limit:datasets:u_1",
        "usage_total:datasets:u_1:2026-06",
        "usage_delta:datasets:u_1:2026-06",
    )
    limit, total, delta = keys
    assert (keys.limit, keys.total, keys.delta) == (limit, total, delta)
    assert keys.period == "2026-06"


@pytest.mark.parametrize(
    ("now", "period"),
    [
        (datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC), "2026-06"),
        (datetime(2026, 7, 1, 0, 0, 0, tzinfo=UTC), "2026-07"),
        # 01:30 on July 1st in UTC+2 is still June 30th in UTC.
        (datetime(2026, 7, 1, 1, 30, tzinfo=timezone(timedelta(hours=2))), "2026-06"),
        # 20:00 on June 30th in UTC-5 is already July 1st in UTC.
        (datetime(2026, 6, 30, 20, 0, tzinfo=timezone(timedelta(hours=-5))), "2026-07"),
        (datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), "2026-12"),
        (datetime(2027, 1, 1, 0, 0, tzinfo=UTC), "2027-01"),
        (datetime(999, 3, 1, tzinfo=UTC), "0999-03"),
    ],
)
def test_period_is_the_utc_month(now: datetime, period: str) -> None:
    assert ds.quota_keys("u", now).total == f"usage_total:datasets:u:{period}"


def test_now_defaults_to_the_current_utc_month() -> None:
    before = datetime.now(UTC)
    keys = ds.quota_keys("u")
    after = datetime.now(UTC)
    assert keys.period in {f"{t.year:04d}-{t.month:02d}" for t in (before, after)}


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ds.quota_keys("u", datetime(2026, 6, 10))


@pytest.mark.parametrize("user_id", ["", None, 7, b"u"])
def test_user_id_must_be_a_non_empty_string(user_id: Any) -> None:
    with pytest.raises(ValueError, match="user_id"):
        ds.quota_keys(user_id, JUNE)


def test_now_must_be_a_datetime() -> None:
    with pytest.raises(TypeError, match="datetime"):
        ds.quota_keys("u", "2026-06-10")  # type: ignore[arg-type]


# --- the memory store ---------------------------------------------------------------------



@pytest.mark.parametrize(
    ("limit", "default", "earlier", "count", "admitted", "reported", "used"),
    [case[1:] for case in BOUNDARIES],
    ids=[case[0] for case in BOUNDARIES],
)
def test_memory_boundaries(
    limit: int | None, default: int | None, earlier: list[int], count: int,
    admitted: bool, reported: int, used: int,
) -> None:
    store = ds.MemoryQuotaStore({} if limit is None else {"u_1": limit}, default_limit=default)
    for n in earlier:
        assert store.reserve("u_1", n, JUNE).admitted
    result = store.reserve("u_1", count, JUNE)
    assert result == ds.QuotaResult(admitted, reported, used, count, "2026-06")
    expected = used + count if admitted else used
    assert (store.get("usage_total:datasets:u_1:2026-06") or 0) == expected
    assert (store.get("usage_delta:datasets:u_1:2026-06") or 0) == expected


def test_memory_reject_counts_nothing() -> None:
    store = ds.MemoryQuotaStore({"u_1": 2})
    assert not store.reserve("u_1", 3, JUNE).admitted
    assert store.get("usage_total:datasets:u_1:2026-06") is None
    assert store.get("usage_delta:datasets:u_1:2026-06") is None


def test_memory_month_rollover_at_utc_midnight_of_the_first() -> None:
    store = ds.MemoryQuotaStore({"u_1": 3})
    last = datetime(2026, 6, 30, 23, 59, 59, 999999, tzinfo=UTC)
    first = last + timedelta(microseconds=1)
    assert store.reserve("u_1", 3, last).admitted
    assert not store.reserve("u_1", 1, last).admitted
    july = store.reserve("u_1", 3, first)
    assert july == ds.QuotaResult(True, 3, 0, 3, "2026-07")
    assert store.get("usage_total:datasets:u_1:2026-06") == 3
    assert store.get("usage_total:datasets:u_1:2026-07") == 3


def test_memory_users_are_separate() -> None:
    store = ds.MemoryQuotaStore({"a": 1, "b": 1})
    assert store.reserve("a", 1, JUNE).admitted
    assert store.reserve("b", 1, JUNE).admitted
    assert not store.reserve("a", 1, JUNE).admitted


def test_memory_limits_are_kept_under_the_seed_key() -> None:
    store = ds.MemoryQuotaStore({"u_1": 1000})
    assert store.get("quota_limit:datasets:u_1") == 1000
    store.set_limit("u_1", None)
    assert store.get("quota_limit:datasets:u_1") is None
    store.set_limit("u_2", -1)
    assert store.get("quota_limit:datasets:u_2") == -1


def test_delta_grows_with_total() -> None:
    store = ds.MemoryQuotaStore()
    for n in (1, 2, 3):
        store.reserve("u", n, JUNE)
    assert store.get("usage_total:datasets:u:2026-06") == 6
    assert store.get("usage_delta:datasets:u:2026-06") == 6


@pytest.mark.parametrize("limit", [-2, 1.5, "10", True])
def test_memory_refuses_bad_limits(limit: Any) -> None:
    with pytest.raises(ValueError, match="limit must be an int >= -1"):
        ds.MemoryQuotaStore({"u": limit})


@pytest.mark.parametrize("limit", [-2, 1.5, "10", False])
def test_memory_refuses_bad_default_limits(limit: Any) -> None:
    with pytest.raises(ValueError, match="default_limit must be an int >= -1"):
        ds.MemoryQuotaStore(default_limit=limit)


@pytest.mark.parametrize("count", [0, -1, 1.0, True, "1"])
def test_reserve_refuses_bad_counts(count: Any) -> None:
    with pytest.raises(ValueError, match="count"):
        ds.MemoryQuotaStore().reserve("u", count, JUNE)


def test_memory_reserve_refuses_naive_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ds.MemoryQuotaStore().reserve("u", 1, datetime(2026, 6, 10))


def test_result_figures() -> None:
    result = ds.QuotaResult(False, 10, 8, 3, "2026-06")
    assert result.details() == {"limit": 10, "used": 8, "requested": 3, "period": "2026-06"}
    assert result.remaining == 2
    assert ds.QuotaResult(True, 10, 5, 3, "2026-06").remaining == 2
    assert ds.QuotaResult(True, -1, 5, 3, "2026-06").remaining is None
    assert ds.QuotaResult(True, -1, 5, 3, "2026-06").unlimited


def test_stores_satisfy_the_protocol() -> None:
    assert isinstance(ds.MemoryQuotaStore(), ds.QuotaStore)
    assert not isinstance(object(), ds.QuotaStore)


def test_memory_concurrent_reservations_admit_exactly_the_limit() -> None:
    limit, threads, attempts = 100, 16, 25
    store = ds.MemoryQuotaStore({"u": limit})
    admitted = concurrently(threads, lambda: sum(store.reserve("u", 1, JUNE).admitted for _ in range(attempts)))
    assert sum(admitted) == limit
    assert store.get("usage_total:datasets:u:2026-06") == limit
    assert store.get("usage_delta:datasets:u:2026-06") == limit


# --- bounds: both stores hold every figure exactly, up to 2**53 - 1 --------------------------


@pytest.mark.parametrize("limit", [2**53, 10**30, 99999999999999999999, 2**63])
def test_memory_refuses_limits_it_cannot_hold_exactly(limit: int) -> None:
    with pytest.raises(ValueError, match="2\\*\\*53-1"):
        ds.MemoryQuotaStore({"u": limit})
    with pytest.raises(ValueError, match="2\\*\\*53-1"):
        ds.MemoryQuotaStore(default_limit=limit)
    with pytest.raises(ValueError, match="2\\*\\*53-1"):
        ds.MemoryQuotaStore().set_limit("u", limit)


def test_memory_holds_the_largest_limit_exactly() -> None:
    store = ds.MemoryQuotaStore({"u": 2**53 - 1})
    assert store.reserve("u", 2**53 - 2, JUNE) == ds.QuotaResult(True, 2**53 - 1, 0, 2**53 - 2, "2026-06")
    assert store.reserve("u", 2, JUNE) == ds.QuotaResult(False, 2**53 - 1, 2**53 - 2, 2, "2026-06")
    assert store.reserve("u", 1, JUNE).admitted
    assert store.get("usage_total:datasets:u:2026-06") == 2**53 - 1


def test_memory_unlimited_usage_past_the_bound_is_unavailable() -> None:
    store = ds.MemoryQuotaStore()
    store.reserve("u", 2**53 - 1, JUNE)
    with pytest.raises(ds.QuotaUnavailable):
        store.reserve("u", 1, JUNE)
    assert store.get("usage_total:datasets:u:2026-06") == 2**53 - 1


@pytest.mark.parametrize("count", [0, 2**53, True])
def test_counts_past_the_bound_are_host_errors(count: int) -> None:
    with pytest.raises(ValueError, match="count"):
        ds.MemoryQuotaStore().reserve("u", count, JUNE)
