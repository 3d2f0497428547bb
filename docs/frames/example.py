"""The walkthrough's frame: the seed schema's records, 5 % of them invalid in every way the API refuses.

Used by docs/frames.md, the screenshot script and benches/bench_frames.py (which
builds the same rows at 10k-1M).
"""

from __future__ import annotations

from typing import Any

SCHEMA: dict[str, Any] = {
    "fields": {"country": "string", "plan": "string", "amount": "number", "active": "boolean",
               "signup_at": "timestamp"}
}

# Every 20th row is broken, each in its own way (cycling through these).
BREAKS = [
    ("timestamp", "2026-02-30T10:00:00Z"), ("context", None), ("country", None), ("amount", float("inf")),
    ("signup_at", "2026-06-01 08:00"), ("plan", None), ("timestamp", "yesterday"), ("amount", None),
    ("signup_at", "2026-13-01T00:00:00Z"), ("active", None), ("coupon", "SPRING26"),
]


def example_rows(size: int) -> dict[str, list[Any]]:
    """Columns of ``size`` rows: 95 % valid, every 20th row broken by the next of BREAKS."""
    countries = ["RO", "US", "DE", "FR", "JP"]
    columns: dict[str, list[Any]] = {
        "timestamp": [f"2026-06-10T{row // 3600 % 24:02d}:{row // 60 % 60:02d}:{row % 60:02d}Z" for row in range(size)],
        "context": [{"source": "billing-service", "row": row} for row in range(size)],
        "country": [countries[row % 5] for row in range(size)],
        "plan": ["pro" if row % 3 else "free" for row in range(size)],
        "amount": [round(row * 0.37 % 500, 2) for row in range(size)],
        "active": [row % 7 != 0 for row in range(size)],
        "signup_at": [f"2026-{row % 12 + 1:02d}-01T08:00:00Z" for row in range(size)],
        "coupon": [None] * size,  # not in the schema: a row holding a value there has an extra field
    }
    for number, row in enumerate(range(7, size, 20)):
        column, value = BREAKS[number % len(BREAKS)]
        columns[column][row] = value
    return columns


def example_frame(size: int = 2_000) -> Any:
    import pandas as pd

    return pd.DataFrame(example_rows(size))


def example_report() -> Any:
    import dataset_schema as ds

    import pandas as pd

    rows = example_rows(12_480)
    rows["amount"][53] = "12.5"                              # a string where a number belongs
    rows["country"][61] = "<script>alert('RO')</script>"     # valid, and shown escaped if ever shown
    rows["country"][67] = 40                                 # a number where a string belongs
    rows["context"][27] = '{"source": "billing-service"}'    # JSON text is a string, not an object
    return ds.check_frame(SCHEMA, pd.DataFrame(rows), keep=12)
