"""Two checkouts of dataset_schema timed against each other, interleaved, in one process.

    python benches/ab.py OLD_CHECKOUT NEW_CHECKOUT [ROUNDS] [--thread] [--compile]

Each checkout is imported under its own name, so both run side by side; every round
times each workload once per checkout, in a shuffled order, and the ratios NEW/OLD are
reported as the quotient of the best times and the median (and range) of the per-round
quotients.  ``--thread`` runs everything on a worker thread (where the body decoder
scans the depth before parsing).  ``--compile`` times ``compile`` of 1000 and 10,000 fields
instead (W5), with the garbage collector on as in a program (``timeit`` turns it off, which
hides what the objects made while compiling cost), and prints each checkout's 10,000/1000
quotient of best times.
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
    # Its modules are renamed below, so every one used later must be imported now
    # (0.1.0, before the layout by concern, has no _core).
    # (Asked of the checkout's files, not of importlib: an installed editable copy's
    # finder would answer for a checkout that lacks the package.)
    if (Path(root) / "dataset_schema" / "_core").is_dir():
        importlib.import_module("dataset_schema._core.validator")
        # The accelerators are imported by compile(), by names relative to their package:
        # import them now and rename the packages below, or compile() would look for
        # "dataset_schema..." again and find the other checkout, or none (the pure path).
        for optional in ("dataset_schema._core.accel._native", "dataset_schema._core.accel.msgspec_body"):
            try:
                importlib.import_module(optional)
            except ImportError:
                pass
    for name in [n for n in sys.modules if n == "dataset_schema" or n.startswith("dataset_schema.")]:
        part = sys.modules.pop(name)
        sys.modules[alias + name[len("dataset_schema"):]] = part
        if isinstance(getattr(part, "__path__", None), list):  # a package: relative imports start here
            part.__name__ = part.__package__ = alias + name[len("dataset_schema"):]
    sys.path.remove(root)
    return module


def each(function: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    def run(items: list[Any]) -> None:
        for item in items:
            function(item)
    return run


def wide(count: int) -> dict[str, Any]:
    kinds = ("string", "number", "boolean", "timestamp")
    return {"fields": {f"field_{i}": kinds[i % 4] for i in range(count)}}


def main(old_root: str, new_root: str, rounds: int, compiling: bool) -> None:
    old, new = load(old_root, "ds_old"), load(new_root, "ds_new")
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import workloads

    if compiling:
        compile_cases = {f"W5 compile {n} fields": (lambda m: m.compile, wide(n)) for n in (1000, 10000)}
        best = run_cases({"old": old, "new": new}, compile_cases, rounds, setup="import gc; gc.enable()")
        for key in ("old", "new"):
            print(f"{key}: compile 10000/1000 fields {best[key, 'W5 compile 10000 fields'] / best[key, 'W5 compile 1000 fields']:.2f}")
        return
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
    run_cases({"old": vo, "new": vn}, cases, rounds)


def run_cases(subjects: dict[str, Any], cases: dict[str, tuple[Callable[[Any], Any], Any]],
              rounds: int, setup: str = "pass") -> dict[tuple[str, str], float]:
    """Time every case on both subjects, interleaved; the best time of each."""
    rng = random.Random(5)
    best = {}
    for name, (get, argument) in cases.items():
        functions = {key: get(subject) for key, subject in subjects.items()}
        number = max(1, timeit.Timer(lambda: functions["old"](argument)).autorange()[0] // 4)
        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(rounds):
            order = list(functions)
            rng.shuffle(order)
            for key in order:
                function = functions[key]
                times[key].append(timeit.timeit(lambda: function(argument), setup, number=number) / number)
        quotients = [n / o for o, n in zip(times["old"], times["new"])]
        print(f"{name:30s} new/old {min(times['new']) / min(times['old']):.3f} (best times)  "
              f"per-round median {statistics.median(quotients):.3f} [{min(quotients):.3f}..{max(quotients):.3f}]")
        best.update({(key, name): min(times[key]) for key in times})
    return best


def _arguments() -> tuple[str, str, int]:
    """OLD, NEW and ROUNDS from the command line; anything else prints the usage (exit status 1)."""
    args = [a for a in sys.argv[1:] if a not in ("--thread", "--compile")]
    if len(args) not in (2, 3) or any(a.startswith("-") for a in args) or len(args) == 3 and not args[2].isdecimal():
        raise SystemExit(f"usage: {__doc__.strip().splitlines()[2].strip()}")
    return args[0], args[1], int(args[2]) if len(args) == 3 else 9


if __name__ == "__main__":
    old, new, rounds = _arguments()
    job = lambda: main(old, new, rounds, "--compile" in sys.argv)  # noqa: E731
    if "--thread" in sys.argv:
        worker = threading.Thread(target=job)
        worker.start()
        worker.join()
    else:
        job()
