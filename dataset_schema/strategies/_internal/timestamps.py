"""Hypothesis strategies for timestamps the API accepts, and strings it refuses as one.

Used only by :mod:`dataset_schema.strategies`.  Built from the grammar and calendar
rules of docs/contract.md, never by asking the validator.
"""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["invalid_timestamps", "timestamps"]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


_EDGE_DATES = st.sampled_from([
    (2000, 2, 29), (2024, 2, 29), (1600, 2, 29), (0, 2, 29), (4, 2, 29), (9996, 2, 29),
    (1900, 2, 28), (2100, 2, 28), (2023, 2, 28), (0, 1, 1), (9999, 12, 31),
    (2026, 4, 30), (2026, 6, 10), (1970, 1, 1),
])


@st.composite
def _dates(draw: st.DrawFn) -> tuple[int, int, int]:
    if draw(st.booleans()):
        return draw(_EDGE_DATES)
    year = draw(st.integers(0, 9999))
    month = draw(st.integers(1, 12))
    return year, month, draw(st.integers(1, _days_in_month(year, month)))


_OFFSETS = st.one_of(
    st.sampled_from(["Z", "z", "+00:00", "-00:00", "+23:59", "-23:59", "+05:30", "-12:00"]),
    st.builds(
        lambda sign, hour, minute: f"{sign}{hour:02d}:{minute:02d}",
        st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59),
    ),
)
# Digits drawn as one number and zero-padded: far cheaper than a character at a time.
_FRACTIONS = st.one_of(
    st.just(""),
    st.integers(1, 40).flatmap(
        lambda width: st.integers(0, 10**width - 1).map(lambda digits: f".{digits:0{width}d}")
    ),
)


@st.composite
def _timestamp_parts(draw: st.DrawFn) -> list[str]:
    """A valid timestamp as its pieces: date, separator, time, fraction, offset."""
    year, month, day = draw(_dates())
    hour, minute, second = draw(st.one_of(
        st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59)),
        st.sampled_from([(0, 0, 0), (23, 59, 59), (12, 0, 0)]),
    ))
    return [
        f"{year:04d}-{month:02d}-{day:02d}",
        draw(st.sampled_from("Tt")),
        f"{hour:02d}:{minute:02d}:{second:02d}",
        draw(_FRACTIONS),
        draw(_OFFSETS),
    ]


def timestamps() -> st.SearchStrategy[str]:
    """RFC 3339 date-times the API accepts (leap days, ``t``/``z``, offsets, long fractions)."""
    return _timestamp_parts().map("".join)


# Digits of other scripts: str.isdigit() and int() take many of them, the API does not.
_FOREIGN_DIGITS = (
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"  # Arabic-Indic
    "\u06f0\u06f5\u0966\u0967\u09e6"  # Extended Arabic-Indic, Devanagari, Bengali
    "\uff10\uff11\uff12\uff19"  # fullwidth
    "\U0001d7ce\U0001d7d8\u00b2\u2460"  # mathematical bold, superscript two, circled one
)

_KNOWN_BAD = [
    "", "2026-06-10", "10:58:00Z", "2026-06-10T10:58:00", "2026-06-10 10:58:00Z",
    "2026-06-10T10:58:00Z\n", "2026-06-10T10:58:00Z\r\n", " 2026-06-10T10:58:00Z",
    "2026-06-10T10:58:00Z ", "2026-06-10T10:58:00,5Z", "2026-06-10T24:00:00Z",
    "2026-06-10T23:59:60Z", "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z",
    "2026-00-10T10:00:00Z", "2026-06-00T10:00:00Z", "2026-04-31T10:00:00Z",
    "1900-02-29T10:00:00Z", "2100-02-29T10:00:00Z", "2023-02-29T10:00:00Z",
    "2026-06-10T10:58:00+24:00", "2026-06-10T10:58:00+01:60", "2026-06-10T10:58:00+0100",
    "2026-06-10T10:58:00+01", "2026-06-10T10:58:00UTC", "2026-06-10T10:58:00 Z",
    "20260610T105800Z", "2026-06-10T105800Z", "2026-06-10T10:58Z", "2026-06-10T10:58:00.Z",
    "2026-06-10T10:58:00.5.5Z", "2026-06-10T10:58:00Zz", "2026-06-10T10:58:00Z+01:00",
    "2026-6-10T10:58:00Z", "2026-06-10T1:58:00Z", "02026-06-10T10:58:00Z", "-2026-06-10T10:58:00Z",
    "+2026-06-10T10:58:00Z", "10000-01-01T00:00:00Z", "2026-161T10:58:00Z", "2026-W24-3T10:58:00Z",
    "2026-06-10\uff3410:58:00Z", "2026-06-10T10:58:00\uff3a", "2026-06-10T10:58:00\u2212" "01:00",
    "2026-06-10T10:58:00Z\x00", "2026/06/10T10:58:00Z", "2026-06-10T10.58.00Z",
    "2026-06-10T10:58:00.123456789", "2026-06-10t10:58:00Z\t", "2026-06-10T10:58:00\u00a0Z",
    "\u0662\u0660\u0662\u0666-06-10T10:58:00Z", "\uff12\uff10\uff12\uff16-06-10T10:58:00Z",
    "2026-06-10T10:58:00+01:00:00", "2026-06-10T10:58:00-", "2026-06-10T",
]


def _replace(parts: list[str], index: int, value: str) -> str:
    return "".join(parts[:index] + [value] + parts[index + 1:])


@st.composite
def _out_of_range(draw: st.DrawFn) -> str:
    """One component of an otherwise valid timestamp pushed past its range."""
    parts = draw(_timestamp_parts())
    year, month, day = (int(x) for x in parts[0].split("-"))
    hour, minute, second = (int(x) for x in parts[2].split(":"))
    choice = draw(st.sampled_from(["month", "day", "hour", "minute", "second", "offset"]))
    if choice == "month":
        month = draw(st.sampled_from([0, 13, 19, 20, 99]))
        return _replace(parts, 0, f"{year:04d}-{month:02d}-{day:02d}")
    if choice == "day":
        day = draw(st.integers(_days_in_month(year, month) + 1, 99) | st.just(0))
        return _replace(parts, 0, f"{year:04d}-{month:02d}-{day:02d}")
    if choice == "hour":
        hour = draw(st.integers(24, 99))
    elif choice == "minute":
        minute = draw(st.integers(60, 99))
    elif choice == "second":
        second = draw(st.integers(60, 99))
    else:
        sign = draw(st.sampled_from("+-"))
        bad_hour, bad_minute = draw(st.one_of(
            st.tuples(st.integers(24, 99), st.integers(0, 59)),
            st.tuples(st.integers(0, 23), st.integers(60, 99)),
        ))
        return _replace(parts, 4, f"{sign}{bad_hour:02d}:{bad_minute:02d}")
    return _replace(parts, 2, f"{hour:02d}:{minute:02d}:{second:02d}")


@st.composite
def _foreign_digit(draw: st.DrawFn) -> str:
    """A valid timestamp with one of its ASCII digits swapped for another script's digit."""
    text = draw(timestamps())
    positions = [i for i, char in enumerate(text) if char in "0123456789"]
    at = draw(st.sampled_from(positions))
    return text[:at] + draw(st.sampled_from(_FOREIGN_DIGITS)) + text[at + 1:]


@st.composite
def _damaged(draw: st.DrawFn) -> str:
    """A valid timestamp with its shape broken: padding, separator, fraction, offset."""
    parts = draw(_timestamp_parts())
    damage = draw(st.sampled_from(
        ["pad", "separator", "comma", "empty_fraction", "no_offset", "no_colon", "basic", "date_only"]
    ))
    if damage == "pad":
        pad = draw(st.sampled_from([" ", "\n", "\r\n", "\t", "\x00", "\u00a0", "\u2028", "x"]))
        text = "".join(parts)
        return draw(st.sampled_from([pad + text, text + pad]))
    if damage == "separator":
        return _replace(parts, 1, draw(st.sampled_from([" ", "", "_", "\uff34", "T ", "TT"])))
    if damage == "comma":
        return _replace(parts, 3, "," + (parts[3][1:] or "5"))
    if damage == "empty_fraction":
        return _replace(parts, 3, ".")
    if damage == "no_offset":
        return _replace(parts, 4, "")
    if damage == "no_colon":
        return _replace(parts, 4, draw(st.sampled_from(["+0100", "-0530", "+01", "+1:00", "Z00:00"])))
    if damage == "basic":
        return "".join(parts).replace("-", "").replace(":", "")
    return parts[0]


def invalid_timestamps() -> st.SearchStrategy[str]:
    """Strings that look like, or nearly like, RFC 3339 date-times but are not accepted."""
    return st.one_of(st.sampled_from(_KNOWN_BAD), _out_of_range(), _foreign_digit(), _damaged())
