"""check_frame against check_records on the same rows, per frame library, with peak memory.

Run from the repository root (pip install -e '.[frames]'):

    PYTHONPATH=$PWD python benches/bench_frames.py [--sizes 10000 100000 1000000] [--rounds 3]

Rows: the seed schema's records, 5 % invalid in every way a typed frame can hold
(docs/frames/example.py: bad and missing timestamps, contexts, declared fields,
non-finite amounts, bad timestamp fields, an undeclared column).  Per library and
size, one round times, in a shuffled order: ``check_frame(schema, frame)``; the
library's own conversion to dicts (``to_dict("records")``, ``to_dicts()``,
``to_pylist()``), reported separately; ``check_records`` on the very records
``frame_records`` gives (so both answer the same, which is asserted), once with the
default validator (the native check where that module is built) and once with a pure
one (``DATASET_SCHEMA_PURE=1``, check_records where it is not).  The best of the rounds
is reported, per row, with the ratios check_records / check_frame.

Memory: a fresh interpreter reads the frame into memory from an Arrow IPC file, runs check_frame
on its first two rows (imports and lookup tables), then twice on the whole frame;
the figures are its peak resident memory during each call (sampled every millisecond
from /proc/self/statm by a thread) above what it had just before, next to the frame's
own size (nbytes / estimated_size / memory_usage(deep=True)).  The first call also
holds what a process sets up once at that size (polars' thread pool, Arrow's RE2
kernel state): a few MB, up to ~45 MB for polars, whatever the frame.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "frames"))

from example import SCHEMA, example_rows  # noqa: E402
from workloads import compile_pure  # noqa: E402

LIBRARIES = ("pyarrow", "polars", "pandas")


def make_frame(library: str, table: Any) -> Any:
    if library == "pyarrow":
        return table
    if library == "polars":
        import polars as pl
        return pl.from_arrow(table)
    return table.to_pandas(types_mapper=None)


def frame_bytes(library: str, frame: Any) -> int:
    if library == "pyarrow":
        return int(frame.nbytes)
    if library == "polars":
        return int(frame.estimated_size())
    return int(frame.memory_usage(deep=True).sum())


def to_dicts(library: str, frame: Any) -> list[Any]:
    if library == "pyarrow":
        return frame.to_pylist()  # type: ignore[no-any-return]
    if library == "polars":
        return frame.to_dicts()  # type: ignore[no-any-return]
    return frame.to_dict("records")  # type: ignore[no-any-return]


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def arrow_table(size: int) -> Any:
    import pyarrow as pa
    return pa.table(example_rows(size))


def speed(size: int, rounds: int) -> dict[str, dict[str, float]]:
    import dataset_schema as ds

    validator = ds.compile(SCHEMA)
    pure = compile_pure(SCHEMA)
    table = arrow_table(size)
    frames = {library: make_frame(library, table) for library in LIBRARIES}
    records = {library: list(ds.frame_records(frames[library])) for library in LIBRARIES}
    best: dict[str, dict[str, float]] = {library: {} for library in LIBRARIES}
    jobs = [(library, kind) for library in LIBRARIES for kind in ("frame", "records", "pure records", "convert")]
    for _ in range(rounds):
        random.shuffle(jobs)
        for library, kind in jobs:
            frame = frames[library]
            if kind == "frame":
                seconds, report = timed(lambda: ds.check_frame(validator, frame, keep=20))
                assert report.invalid == size // 20, (library, report)
            elif kind in ("records", "pure records"):
                rows = validator if kind == "records" else pure
                seconds, report = timed(lambda: ds.check_records(rows, records[library], keep=20))
                assert report == ds.check_frame(validator, frame, keep=20), library
            else:
                seconds, _ = timed(lambda: to_dicts(library, frame))
            best[library][kind] = min(best[library].get(kind, float("inf")), seconds)
    return best


MEMORY_CHILD = """
import json, resource, sys, threading, time
import pyarrow as pa, pyarrow.ipc
sys.path.insert(0, sys.argv[3])
from bench_frames import make_frame, frame_bytes, SCHEMA
import dataset_schema as ds
validator = ds.compile(SCHEMA)
library = sys.argv[1]
with pa.OSFile(sys.argv[2], "rb") as source:  # read into memory (a memory map would page in during the call)
    table = pa.ipc.open_file(source).read_all()
frame = make_frame(library, table)
del table
# Imports and first-call setup (lazy imports, Arrow kernels, lookup tables) done on the
# frame's first two rows, so the figure is what one call on this frame needs.
warm = ds.check_frame(validator, frame.slice(0, 2) if library == "pyarrow" else frame.head(2))
page = resource.getpagesize()
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * page
def extra():
    before = rss()
    peak = [before]
    done = threading.Event()
    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.001)
    sampler = threading.Thread(target=sample)
    sampler.start()
    report = ds.check_frame(validator, frame)
    done.set()
    sampler.join()
    return max(peak[0], rss()) - before, report
first, report = extra()   # includes what a process sets up once (polars' thread pool, RE2)
again, _ = extra()        # what every later call needs
print(json.dumps({"frame": frame_bytes(library, frame), "extra": first, "again": again,
                  "bound": False, "invalid": report.invalid}))
"""


def memory(size: int) -> dict[str, dict[str, Any]]:
    import pyarrow as pa
    import pyarrow.ipc

    found = {}
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "rows.arrow"
        table = arrow_table(size)
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        for library in LIBRARIES:
            out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, library, str(path), str(ROOT / "benches")],
                                 capture_output=True, text=True, check=True)
            found[library] = json.loads(out.stdout)
    return found


def per_row(seconds: float, size: int) -> str:
    micro = seconds / size * 1e6
    return f"{micro:.3f} us" if micro < 10 else f"{micro:.1f} us"


def show(size: int, best: dict[str, dict[str, float]], used: dict[str, dict[str, Any]] | None) -> None:
    print(f"\n{size:,} rows (per row; best of rounds)")
    print(f"  {'library':<8} {'check_frame':>12} {'check_records':>14} {'ratio':>7} {'pure records':>13} {'ratio':>7}"
          f" {'to dicts':>10}"
          f" {'frame MB':>9} {'peak extra MB':>14} {'x frame':>8} {'later call':>11} {'x frame':>8}")
    for library in LIBRARIES:
        times = best[library]
        line = (f"  {library:<8} {per_row(times['frame'], size):>12} {per_row(times['records'], size):>14}"
                f" {times['records'] / times['frame']:>6.1f}x {per_row(times['pure records'], size):>13}"
                f" {times['pure records'] / times['frame']:>6.1f}x {per_row(times['convert'], size):>10}")
        if used:
            memo = used[library]
            bound = "<=" if memo["bound"] else ""
            line += (f" {memo['frame'] / 2**20:>9.1f} {bound + format(memo['extra'] / 2**20, '.1f'):>14}"
                     f" {memo['extra'] / memo['frame']:>7.2f}x {memo['again'] / 2**20:>11.1f}"
                     f" {memo['again'] / memo['frame']:>7.2f}x")
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-memory", action="store_true")
    options = parser.parse_args()
    import pandas, polars, pyarrow  # noqa: E401
    print(f"python {sys.version.split()[0]}, pandas {pandas.__version__}, polars {polars.__version__}, "
          f"pyarrow {pyarrow.__version__}; load average {open('/proc/loadavg').read().split()[:3]}")
    for size in options.sizes:
        best = speed(size, options.rounds)
        used = None if options.no_memory else memory(size)
        show(size, best, used)


if __name__ == "__main__":
    main()
