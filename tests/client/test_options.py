"""Both clients refuse a bad option at construction, with a ValueError that names it."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from dataset_schema.client import AsyncDatasetIngestClient, DatasetIngestClient

CLIENTS: list[Callable[..., Any]] = [DatasetIngestClient, AsyncDatasetIngestClient]
NUMBERS = ["timeout", "max_batch_records", "max_batch_bytes", "flush_interval", "max_queue_records"]


@pytest.mark.parametrize("make", CLIENTS)
@pytest.mark.parametrize("option", NUMBERS)
@pytest.mark.parametrize("value", [0, -1, True, "5", None, float("nan"), float("inf")])
def test_a_number_option_must_be_positive(make: Callable[..., Any], option: str, value: object) -> None:
    with pytest.raises(ValueError, match=f"^{option} must be a positive number"):
        make("key", **{option: value})


@pytest.mark.parametrize("make", CLIENTS)
@pytest.mark.parametrize("option", ["timeout", "flush_interval"])
def test_seconds_too_large_for_a_float_are_refused(make: Callable[..., Any], option: str) -> None:
    with pytest.raises(ValueError, match=f"^{option} must be a positive number of seconds, got an int of 1329 bits"):
        make("key", **{option: 10**400})


@pytest.mark.parametrize("make", CLIENTS)
def test_queue_full_must_be_a_policy(make: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match="^queue_full must be"):
        make("key", queue_full="wait")


@pytest.mark.parametrize("option", ["block_timeout", "exit_timeout"])
def test_the_threaded_clients_waits_are_seconds_too(option: str) -> None:
    with pytest.raises(ValueError, match=f"^{option} must be a positive number"):
        DatasetIngestClient("key", **{option: -1})


def test_the_limits_given_are_the_limits_used() -> None:
    client = AsyncDatasetIngestClient("key", max_batch_records=7, max_batch_bytes=900, flush_interval=2,
                                      max_queue_records=11, timeout=3)
    assert tuple(client._limits) == (7, 900, 2.0, 11) and client._timeout == 3.0
    threaded = DatasetIngestClient("key", max_batch_records=7, max_batch_bytes=900, flush_interval=2,
                                   max_queue_records=11, timeout=3)
    try:
        sender = threaded._sender
        assert (sender._max_records, sender._max_bytes, sender._interval, sender._capacity) == (7, 900, 2.0, 11)
    finally:
        threaded.close()
