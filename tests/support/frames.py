"""Hypothesis strategies for frames of every supported library, kind and dtype (differential tests)."""

from __future__ import annotations

import math
from typing import Any, Callable

from hypothesis import strategies as st

from .timestamps import INVALID, VALID

KINDS = ("string", "number", "boolean", "timestamp")
# Non-ASCII, markup, blank and near-reserved names: column names are only ever keys.
HOSTILE_NAMES = ["<b>x</b>", "é", "日本", "", " ", "timestamp ", "Context", "__proto__", "a\u2028b", "x\ny", "'\""]
FIELD_NAMES = ["country", "amount", "active", "signup_at", "é", "<b>x</b>"]

NO_SURROGATES = st.characters(blacklist_categories=("Cs",))
# Date-times the byte test of frames/stamps.py must get right (the rest of them: tests/preflight/test_frames_stamps.py).
STAMP_EDGES = [
    "2026-06-10T10:58:00Z\n", "2026-06-10t10:58:00z", "2026-06-10T23:59:60Z", "2026-06-10T24:00:00Z",
    "2026-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "0000-02-29T00:00:00Z",
    "0000-01-01T00:00:00Z", "2026-06-10T10:58:00.123456789Z", "2026-06-10T10:58:00.Z", "2026-06-10T10:58:00+24:00",
    "2026-06-10T10:58:00-23:59", "\u0662026-06-10T10:58:00Z", "2026-06-10T10:58:0\u0663Z", "２０２６-06-10T10:58:00Z",
    "2026-06-10T10:58:00Ｚ", "", "2026-04-31T00:00:00Z", "2026-06-10T10:58:00.5+05:30",
]
TEXT = st.one_of(st.sampled_from(VALID + INVALID + STAMP_EDGES), st.text(NO_SURROGATES, max_size=6))


def _deep(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


class _Dict(dict):  # type: ignore[type-arg]
    pass


# What a context may hold: plain JSON values, and what JSON cannot carry (NaN, inf, huge ints,
# non-str keys, bytes, datetimes, sets, tuples, dict subclasses, nesting past 512 levels).
_ODD_VALUES = st.one_of(
    st.floats(), st.integers(), st.just(10**5000), st.just(2**63), st.binary(max_size=2),
    st.just(__import__("datetime").datetime(2026, 6, 10)), st.frozensets(st.integers(0, 2), max_size=2),
    st.tuples(st.integers(0, 2)), st.lists(st.integers(0, 2), max_size=2), st.just(_deep(600)),
    st.dictionaries(st.text(max_size=1), st.integers(0, 2), max_size=1),
)
CONTEXTS = st.one_of(
    st.dictionaries(st.text(max_size=2), st.one_of(st.text(max_size=2), st.integers(-3, 3), st.booleans(), st.none()),
                    max_size=2),
    st.dictionaries(st.one_of(st.text(max_size=2), st.integers(0, 2)), _ODD_VALUES, max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(0, 2), max_size=2).map(_Dict),
    st.just({}), st.just(_deep(600)), st.just({"a": _deep(600)}), st.text(max_size=2), st.integers(),
)
INT64 = st.one_of(st.integers(-(2**63), 2**63 - 1), st.integers(-5, 5))
# Seconds around the years 0000 and 10000 (the text's year leaves 0000-9999 there), and everyday ones.
SECONDS = st.one_of(st.integers(-62167219200 - 3, -62167219200 + 3), st.integers(253402300800 - 3, 253402300800 + 3),
                    st.integers(-(10**11), 10**11), st.integers(0, 2 * 10**9))


def nullable(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), values, values)


def schemas() -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(FIELD_NAMES), st.sampled_from(KINDS), max_size=4).map(
        lambda fields: {"fields": fields})


@st.composite
def frames(draw: st.DrawFn, specs: dict[str, Callable[[st.DrawFn, int], Any]],
           build: Callable[[list[str], list[Any]], Any]) -> Any:
    """A frame: 0-6 rows, columns named like the schema's, the reserved ones and hostile ones."""
    size = draw(st.integers(0, 6))
    pool = ["timestamp", "context", *FIELD_NAMES, *HOSTILE_NAMES]
    names = draw(st.lists(st.sampled_from(pool), unique=True, max_size=6))
    if draw(st.booleans()):
        names = ["timestamp", "context", *[n for n in names if n not in ("timestamp", "context")]]
    columns = [specs[draw(st.sampled_from(sorted(specs)))](draw, size) for _ in names]
    return build(names, columns)


def is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def broken_seed_columns(size: int) -> dict[str, list[Any]]:
    """Columns of the seed schema's records, every 10th row broken in one of many ways."""
    breaks: list[tuple[str, Any]] = [
        ("timestamp", "2026-02-30T10:00:00Z"), ("context", None), ("country", None), ("amount", float("inf")),
        ("signup_at", "2026-06-01 08:00"), ("plan", None), ("amount", float("nan")), ("active", None),
        ("extra", "x"), ("timestamp", None),
    ]
    columns: dict[str, list[Any]] = {
        "timestamp": [f"2026-06-10T10:{row % 60:02d}:00Z" for row in range(size)],
        "context": [{"source": "billing-service", "row": row} for row in range(size)],
        "country": ["RO" if row % 2 else "US" for row in range(size)],
        "plan": ["pro" if row % 3 else "free" for row in range(size)],
        "amount": [row * 0.5 for row in range(size)],
        "active": [row % 7 != 0 for row in range(size)],
        "signup_at": [f"2026-{row % 12 + 1:02d}-01T08:00:00Z" for row in range(size)],
        "extra": [None] * size,
    }
    for number, row in enumerate(range(3, size, 10)):
        column, value = breaks[number % len(breaks)]
        columns[column][row] = value
    return columns
