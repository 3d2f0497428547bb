"""Memory per body byte: what parsing a body costs in Python objects (docs/ingest.md, "Bounds").

    python benches/body_memory.py            # each body kind at 1 MB, printed as a table

For each kind of body, ``tracemalloc`` measures the peak allocated while
``parse_batch`` decodes and checks it (the body's own bytes excluded), and what
the parsed records still hold afterwards (kept: the accepted records a server
queues; for rejected bodies nothing is kept).  Figures are ratios to the body's
size, so a server can size ``max_body_bytes`` from the memory it can spend.
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dataset_schema as ds  # noqa: E402

SCHEMA = {"fields": {"country": "string", "plan": "string", "amount": "number",
                     "active": "boolean", "signup_at": "timestamp"}}
RECORD = {"timestamp": "2026-06-10T11:00:00Z", "context": {"source": "billing-service"},
          "country": "RO", "plan": "pro", "amount": 20, "active": True, "signup_at": "2026-06-01T08:00:00Z"}


def fill(unit: bytes, size: int) -> bytes:
    """A JSON array of ``unit`` repeated to about ``size`` bytes."""
    return b"[" + b",".join([unit] * max(1, size // (len(unit) + 1))) + b"]"


def kinds(size: int) -> dict[str, tuple[bytes, dict[str, object]]]:
    seed = json.dumps(RECORD, separators=(",", ":")).encode()
    nested = dict(RECORD, context={"t": [[{}], [[]], {"a": []}, [], {}, [[], {}]]})
    numbers = dict(RECORD, context={"n": list(range(200))})
    return {
        "records (seed record, compact)": (fill(seed, size), SCHEMA),
        "records, context of small containers": (fill(json.dumps(nested, separators=(",", ":")).encode(), size), SCHEMA),
        "records, context of integers": (fill(json.dumps(numbers, separators=(",", ":")).encode(), size), SCHEMA),
        "empty arrays [[],[],...] (rejected)": (fill(b"[]", size), SCHEMA),
        "empty objects [{},{},...] (rejected)": (fill(b"{}", size), SCHEMA),
    }


def measure(parse: Callable[[bytes], object], body: bytes) -> tuple[int, int]:
    """(peak bytes allocated while parsing, bytes still held by the result)."""
    gc.collect()
    tracemalloc.start()
    try:
        result: object = parse(body)
    except ds.IngestError:
        result = None
    gc.collect()  # a rejected body's objects are freed with the exception's traceback
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak, kept


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"| body ({size:,} bytes) | peak / body byte | kept / body byte |")
    print("|---|---|---|")
    for name, (body, schema) in kinds(size).items():
        validator = ds.compile(schema)
        peak, kept = measure(validator.parse_batch, body)
        print(f"| {name} | {peak / len(body):.1f} | {kept / len(body):.1f} |")


if __name__ == "__main__":
    main()
