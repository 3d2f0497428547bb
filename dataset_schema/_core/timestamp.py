"""The RFC 3339 date-time check used for ``timestamp`` and timestamp fields.

RFC 3339, section 5.6, narrowed to what the ingest API accepts::

    date-time    = full-date ("T" / "t") full-time
    full-date    = date-fullyear "-" date-month "-" date-mday     ; 4DIGIT "-" 2DIGIT "-" 2DIGIT
    full-time    = partial-time time-offset
    partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
    time-secfrac = "." 1*DIGIT
    time-offset  = "Z" / "z" / ("+" / "-") time-hour ":" time-minute

DIGIT is ASCII 0-9 only (``\\d`` would also take other scripts' digits), hence
``[0-9]``; ``fullmatch`` because ``$`` also matches before a trailing newline.
Hours 00-23, minutes and seconds 00-59 (no leap second), offsets likewise,
years 0000-9999, and the day must exist in the proleptic Gregorian calendar.

The calendar is part of the one regular expression (RFC 3339 appendix C's
leap-year rule spelled as digit patterns), so a check is a single C call with
no Python-level arithmetic: that call is most of a record's validation time.
"""

from __future__ import annotations

import re
import sys
from typing import Callable

__all__ = ["TIMESTAMP_MATCH", "all_timestamps", "is_timestamp"]

# Month-day pairs that exist in every year: days 01-28 of any month, 29-30 of
# every month but February, 31 of the seven long months.
_MONTH_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)"
)
# Gregorian leap years: divisible by 4 and not by 100 (last two digits 04, 08, ... 96),
# or divisible by 400 (first two digits divisible by 4, then 00; 0000 included).
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_FULL_DATE = rf"(?:[0-9]{{4}}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_PARTIAL_TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"
_TIME_OFFSET = r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

#: ``TIMESTAMP_MATCH(text)`` is a match object when the str ``text`` is an accepted
#: date-time, else None.  Only for exact ``str``; :func:`is_timestamp` takes anything.
_DATE_TIME = rf"{_FULL_DATE}[Tt]{_PARTIAL_TIME}{_TIME_OFFSET}"
TIMESTAMP_MATCH: Callable[[str], "re.Match[str] | None"] = re.compile(_DATE_TIME).fullmatch

# Several date-times joined by newlines, matched in one call: the regex engine's fixed
# cost is paid once per batch instead of per value (about half the time on 1000).  The
# repeat is possessive (Python 3.11+): it never gives an item back, so a failure is as
# quick as a success; a greedy repeat keeps a backtracking mark per item and was slower
# than separate matches on 200,000 values.  Python 3.10 matches the values one by one.
_JOINED_MATCH: Callable[[str], "re.Match[str] | None"] | None = (
    re.compile(rf"(?:{_DATE_TIME}\n)*+{_DATE_TIME}").fullmatch if sys.version_info >= (3, 11) else None
)


def is_timestamp(value: object) -> bool:
    """True when ``value`` is a str holding an RFC 3339 date-time the API accepts."""
    if type(value) is str:
        return TIMESTAMP_MATCH(value) is not None
    if issubclass(type(value), str):  # the real type: isinstance believes a __class__ property
        # The characters themselves, whatever a subclass overrides.
        return TIMESTAMP_MATCH(str.__str__(value)) is not None
    return False


def all_timestamps(values: list[object]) -> bool:
    """True when every one of ``values`` is a str holding an accepted date-time.

    The values are joined with newlines and matched at once.  No date-time holds a
    newline, so the join matches exactly when it has one newline fewer than there are
    values (a value with a newline of its own makes more) and every piece matches.
    The join takes a str subclass by its characters, as ``is_timestamp`` does, and
    refuses anything else.
    """
    if _JOINED_MATCH is None:  # pragma: no cover - Python 3.10
        return all([is_timestamp(value) for value in values])
    if not values:
        return True
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]
    except TypeError:
        return False
    return joined.count("\n") == len(values) - 1 and _JOINED_MATCH(joined) is not None
