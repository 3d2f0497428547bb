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
"""

from __future__ import annotations

import re

__all__ = ["is_timestamp"]

_DATE_TIME = re.compile(
    r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"  # full-date, day <= 31
    r"[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?"  # partial-time
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"  # time-offset
).fullmatch

# Months with 31 days; February is handled on its own.
_LONG_MONTHS = frozenset({"01", "03", "05", "07", "08", "10", "12"})


def is_timestamp(value: object) -> bool:
    """True when ``value`` is a str holding an RFC 3339 date-time the API accepts."""
    if not isinstance(value, str):
        return False
    if type(value) is not str:
        value = str.__str__(value)  # the characters themselves, whatever a subclass overrides
    if _DATE_TIME(value) is None:
        return False
    day = value[8:10]
    if day <= "28":  # the grammar already bounds the month and a day <= 28 exists in every month
        return True
    month = value[5:7]
    if month == "02":
        if day != "29":
            return False
        year = int(value[:4])  # four ASCII digits, checked by the grammar
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return day != "31" or month in _LONG_MONTHS
