"""The RFC 3339 rule, valid and invalid tables, for the compiled check and the reference."""

from __future__ import annotations

import datetime

import pytest

import dataset_schema as ds
from dataset_schema._core.reference import reference_is_timestamp

from ..support.timestamps import INVALID, VALID

CHECKS = [pytest.param(ds.is_timestamp, id="compiled"), pytest.param(reference_is_timestamp, id="reference")]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("text", VALID)
def test_valid(check: object, text: str) -> None:
    assert check(text) is True  # type: ignore[operator]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("text", INVALID)
def test_invalid(check: object, text: str) -> None:
    assert check(text) is False  # type: ignore[operator]


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize(
    "value",
    [None, 0, 1.5, True, b"2026-06-10T10:58:00Z", datetime.datetime(2026, 6, 10, tzinfo=datetime.timezone.utc),
     ["2026-06-10T10:58:00Z"], {"t": "2026-06-10T10:58:00Z"}],
)
def test_non_strings_are_never_timestamps(check: object, value: object) -> None:
    assert check(value) is False  # type: ignore[operator]


def test_str_subclass_is_judged_by_its_characters() -> None:
    class Sneaky(str):
        def __getitem__(self, item: object) -> str:  # type: ignore[override]
            return "00"

    assert ds.is_timestamp(Sneaky("2026-06-10T10:58:00Z"))
    assert not ds.is_timestamp(Sneaky("2026-02-30T10:58:00Z"))
    assert not reference_is_timestamp(Sneaky("2026-02-30T10:58:00Z"))


def test_every_day_of_four_centuries_agrees_with_the_calendar() -> None:
    # datetime.date knows the Gregorian calendar; both checks must agree with it on
    # every month/day pair, for leap and common years of every kind.
    for year in (1600, 1700, 1900, 2000, 2023, 2024, 2100, 2400, 1, 4, 100, 400):
        for month in range(1, 13):
            for day in range(1, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
                try:
                    datetime.date(year, month, day)
                    exists = True
                except ValueError:
                    exists = False
                assert ds.is_timestamp(text) is exists, text
                assert reference_is_timestamp(text) is exists, text
