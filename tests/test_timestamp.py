"""The RFC 3339 rule, valid and invalid tables, for the compiled check and the reference."""

from __future__ import annotations

import datetime

import pytest

import dataset_schema as ds
from dataset_schema._reference import reference_is_timestamp

CHECKS = [pytest.param(ds.is_timestamp, id="compiled"), pytest.param(reference_is_timestamp, id="reference")]

VALID = [
    "2026-06-10T10:58:00Z",
    "2026-06-10t10:58:00z",
    "2026-06-10T10:58:00+00:00",
    "2026-06-10T10:58:00-00:00",
    "2026-06-10T10:58:00+23:59",
    "2026-06-10T10:58:00-12:30",
    "2026-06-10T10:58:00.1Z",
    "2026-06-10T10:58:00.123456789012345678901234567890Z",
    "2026-06-10T10:58:00.000+05:30",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "2000-02-29T00:00:00Z",  # divisible by 400: leap
    "2024-02-29T12:00:00Z",
    "0000-02-29T00:00:00Z",  # year 0 is a leap year in the proleptic Gregorian calendar
    "2026-01-31T00:00:00Z",
    "2026-03-31T00:00:00Z",
    "2026-04-30T00:00:00Z",
    "2026-05-31T00:00:00Z",
    "2026-07-31T00:00:00Z",
    "2026-08-31T00:00:00Z",
    "2026-10-31T00:00:00Z",
    "2026-12-31T00:00:00Z",
    "2026-02-28T23:59:59Z",
    "2026-06-10T00:00:00Z",
]

INVALID = [
    "",
    "2026-06-10",  # date only
    "10:58:00Z",  # time only
    "2026-06-10T10:58:00",  # no offset
    "2026-06-10 10:58:00Z",  # space separator
    "2026-06-10_10:58:00Z",
    "2026-06-10T10:58Z",  # no seconds
    "2026-06-10T10:58:00,5Z",  # comma fraction
    "2026-06-10T10:58:00.Z",  # dot without digits
    "20260610T105800Z",  # basic format
    "2026-06-10T105800Z",
    "2026-06-10T10:58:00Z\n",  # trailing newline ($ would take it)
    "\n2026-06-10T10:58:00Z",
    " 2026-06-10T10:58:00Z",
    "2026-06-10T10:58:00Z ",
    "2026-06-10T10:58:00ZZ",
    "2026-06-10T10:58:00+0100",  # offset without colon
    "2026-06-10T10:58:00+01",
    "2026-06-10T10:58:00+01:00:00",
    "2026-06-10T10:58:00+24:00",  # offset hour
    "2026-06-10T10:58:00+01:60",  # offset minute
    "2026-06-10T10:58:00UTC",
    "2026-06-10T10:58:00GMT+1",
    "2026-06-10T24:00:00Z",  # hour 24
    "2026-06-10T10:60:00Z",
    "2026-06-10T23:59:60Z",  # leap second
    "2026-00-10T10:58:00Z",
    "2026-13-10T10:58:00Z",
    "2026-06-00T10:58:00Z",
    "2026-06-32T10:58:00Z",
    "2026-02-29T00:00:00Z",  # not a leap year
    "1900-02-29T00:00:00Z",  # divisible by 100, not 400
    "2026-02-30T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-06-31T00:00:00Z",
    "2026-09-31T00:00:00Z",
    "2026-11-31T00:00:00Z",
    "10000-01-01T00:00:00Z",  # five-digit year
    "-2026-06-10T10:58:00Z",
    "+2026-06-10T10:58:00Z",
    "226-06-10T10:58:00Z",
    "2026-6-10T10:58:00Z",
    "2026-06-1T10:58:00Z",
    "2026-06-10T1:58:00Z",
    "٢٠٢٦-06-10T10:58:00Z",  # Arabic-Indic digits: \d and int() take them
    "２０２６-06-10T10:58:00Z",  # fullwidth digits
    "2026-06-10T10:58:00.１Z",
    "2026-06-10T10:58:00.٥Z",
    "2026-06-10T١٠:58:00Z",
    "2026-06-10T10:58:00+٠١:00",
    "2026-06-10T10:58:00.5.5Z",
    "2026–06–10T10:58:00Z",  # en dashes
    "2026-06-10T10:58:00\x00Z",
    "2026-06-10T10:58:00Z\x00",
    "2026-06-10Ｔ10:58:00Z",
]


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
