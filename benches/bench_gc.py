"""The garbage collector's share of ``parse_batch`` on big batches, and what an application can do.

    python benches/bench_gc.py                 # 100k records, 7 rounds
    python benches/bench_gc.py --records 10000 --rounds 9

The library leaves the collector alone (its switches are process-wide); this times one
``parse_batch`` of a big body under settings an application may choose, interleaved in
a shuffled order per round, and prints each against the default (GC on, default
thresholds).  A heap of long-lived objects is built first, as a server has one: full
collections walk it, which is what makes big batches cost more per record.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from typing import Any, Callable

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import workloads  # noqa: E402

import dataset_schema as ds  # noqa: E402


def _timed(setup: Callable[[], Any], call: Callable[[], Any], teardown: Callable[[Any], None]) -> float:
    state = setup()
    try:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start
    finally:
        teardown(state)


def _settings() -> dict[str, tuple[Callable[[], Any], Callable[[Any], None]]]:
    thresholds = gc.get_threshold()
    return {
        "GC on, default thresholds": (lambda: None, lambda state: None),
        "GC off during the call": (gc.disable, lambda state: gc.enable()),
        "gen0 threshold 50,000": (lambda: gc.set_threshold(50_000, *thresholds[1:]),
                                  lambda state: gc.set_threshold(*thresholds)),
        "gc.freeze() of the heap before": (gc.freeze, lambda state: gc.unfreeze()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--heap", type=int, default=1_000_000, help="long-lived objects built first")
    args = parser.parse_args(argv)
    heap = [{"n": [i]} for i in range(args.heap)]  # noqa: F841 - kept alive on purpose
    body = workloads.batch_body(workloads.varied_records(args.records))
    validator = ds.compile(workloads.SEED_SCHEMA)
    settings = _settings()
    times: dict[str, list[float]] = {name: [] for name in settings}
    order = list(settings)
    rng = random.Random(0)
    for _ in range(args.rounds):
        rng.shuffle(order)
        for name in order:
            setup, teardown = settings[name]
            times[name].append(_timed(setup, lambda: validator.parse_batch(body), teardown))
            gc.collect()
    base = times["GC on, default thresholds"]
    print(f"parse_batch of {args.records} records, heap of {args.heap} objects, {args.rounds} rounds")
    for name, found in times.items():
        rounds = [a / b for a, b in zip(found, base)]
        print(f"{name:<34} {min(found) / args.records * 1e6:8.2f} us/record  {min(found) / min(base):.2f}x"
              f"  [{min(rounds):.2f}-{max(rounds):.2f}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
