"""Two checkouts of dataset_schema timed against each other, interleaved, in one process.

    python benches/ab.py OLD_CHECKOUT NEW_CHECKOUT [ROUNDS] [--thread]

Each checkout is imported under its own name, so both run side by side; every round
times each workload once per checkout, in a shuffled order, and the ratios NEW/OLD are
reported as the quotient of the best times and the median (and range) of the per-round
quotients.  ``--thread`` runs everything on a worker thread (where the body decoder
scans the depth before parsing).
"""

from __future__ import annotations

import importlib
import random
import statistics
import sys
import threading
import timeit
from pathlib import Path
from typing import Any, Callable


def load(root: str, alias: str) -> Any:
    sys.path.insert(0, root)
    module = importlib.import_module("dataset_schema")
    importlib.import_module("dataset_schema._core.validator")
    for name in [n for n in sys.modules if n == "dataset_schema" or n.startswith("dataset_schema.")]:
        sys.modules[alias + name[len("dataset_schema"):]] = sys.modules.pop(name)
    sys.path.remove(root)
    return module


def each(function: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    def run(items: list[Any]) -> None:
        for item in items:
            function(item)
    return run


def main(old_root: str, new_root: str, rounds: int) -> None:
    old, new = load(old_root, "ds_old"), load(new_root, "ds_new")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import workloads

    vo, vn = old.compile(workloads.SEED_SCHEMA), new.compile(workloads.SEED_SCHEMA)
    records = workloads.varied_records(1000)
    invalid = list(workloads.invalid_records().values())
    cases: dict[str, tuple[Callable[[Any], Any], Any]] = {
        "W1 check": (lambda v: v.check, workloads.VALID_RECORD),
        "W2 check, every invalid kind": (lambda v: each(v.check), invalid),
        "W2 errors, every invalid kind": (lambda v: each(v.errors), invalid),
        "W3 check_batch 1000": (lambda v: v.check_batch, records),
        "W4 parse_record": (lambda v: v.parse_record, workloads.record_body()),
        "W4 parse_batch 1000": (lambda v: v.parse_batch, workloads.batch_body(records)),
    }
    rng = random.Random(5)
    for name, (get, argument) in cases.items():
        functions = {"old": get(vo), "new": get(vn)}
        number = max(1, timeit.Timer(lambda: functions["old"](argument)).autorange()[0] // 4)
        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(rounds):
            order = list(functions)
            rng.shuffle(order)
            for key in order:
                function = functions[key]
                times[key].append(timeit.timeit(lambda: function(argument), number=number) / number)
        quotients = [n / o for o, n in zip(times["old"], times["new"])]
        print(f"{name:30s} new/old {min(times['new']) / min(times['old']):.3f} (best times)  "
              f"per-round median {statistics.median(quotients):.3f} [{min(quotients):.3f}..{max(quotients):.3f}]")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--thread"]
    job = lambda: main(args[0], args[1], int(args[2]) if len(args) > 2 else 9)  # noqa: E731
    if "--thread" in sys.argv:
        worker = threading.Thread(target=job)
        worker.start()
        worker.join()
    else:
        job()
