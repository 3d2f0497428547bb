"""Benchmarks of dataset_schema against a hand-written baseline and peer libraries.

    python benches/run.py                 # everything, prints a table, writes benches/results/<time>.json
    python benches/run.py --quick         # fewer and shorter repeats, for a first look
    python benches/run.py --only W1,W2    # some workloads
    python benches/run.py --no-peers      # compiled and hand only

Times are the minimum over rounds of the mean time per call (timeit, number chosen
by autorange).  In every round each candidate of a workload is timed once, in an
order shuffled afresh for the round (a fixed order alone moved ratios by ~10%), so a
noisy neighbour or a warm cache favours no one; peers are candidates like any other.
A ratio is the quotient of the two best times; its spread is the range of the
per-round quotients (both timed in the same round), and a ratio whose spread
includes 1.00 is marked ``~`` (within noise: the run cannot tell the two apart).
The median of those quotients is shown too: one lucky round moves a best time, not it.
Compare ratios within one run, not absolute times across runs or machines.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import platform
import random
import subprocess
import sys
import time
import timeit
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

import hand  # noqa: E402
from report import human  # noqa: E402
import peers  # noqa: E402
import workloads  # noqa: E402

import dataset_schema as ds  # noqa: E402

# -- measuring ----------------------------------------------------------------------


class Case:
    """One timed call: ``function(argument)``, reported per ``items`` (records) per call."""

    def __init__(self, workload: str, name: str, function: Callable[[Any], Any], argument: Any,
                 items: int = 1, note: str = "", gc: bool = False) -> None:
        self.workload, self.name, self.note = workload, name, note
        self.items = items
        # timeit turns the garbage collector off; `gc` times with it on, as a server runs.
        setup = "import gc; gc.enable()" if gc else "pass"
        self.timer = timeit.Timer("function(argument)", setup=setup,
                                  globals={"function": function, "argument": argument})
        self.number = 1
        self.times: list[float] = []

    @property
    def best(self) -> float:
        """Seconds per item: the fastest round."""
        return min(self.times) / self.items


def measure(cases: list[Case], repeat: int, target: float, seed: int = 0) -> None:
    """``repeat`` rounds; in each, every case once, in an order shuffled for that round."""
    for case in cases:
        number, elapsed = case.timer.autorange()
        case.number = max(1, int(number * target / max(elapsed, 1e-9)))
    rng = random.Random(seed)
    order = list(cases)
    for _ in range(repeat):
        rng.shuffle(order)
        for case in order:
            case.times.append(case.timer.timeit(case.number) / case.number)


def spread(top: Case, bottom: Case) -> tuple[float, float, float]:
    """(ratio of the best times, lowest and highest per-round ratio) of ``top`` to ``bottom``."""
    rounds = [a / top.items / (b / bottom.items) for a, b in zip(top.times, bottom.times)]
    return top.best / bottom.best, min(rounds), max(rounds)


def round_median(top: Case, bottom: Case) -> float:
    """The median of the per-round quotients of ``top`` to ``bottom``."""
    rounds = sorted(a / top.items / (b / bottom.items) for a, b in zip(top.times, bottom.times))
    middle = len(rounds) // 2
    return rounds[middle] if len(rounds) % 2 else (rounds[middle - 1] + rounds[middle]) / 2


def within_noise(low: float, high: float, level: float = 1.0) -> bool:
    return low <= level <= high


def raising_ok(call: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a peer's call that raises on invalid input, so invalid inputs can be timed."""
    def run(value: Any) -> Any:
        try:
            return call(value)
        except Exception as error:  # each peer's own validation error
            return error
    return run


def each(call: Callable[[Any], Any]) -> Callable[[list[Any]], None]:
    def run(values: list[Any]) -> None:
        for value in values:
            call(value)
    return run


# -- the workloads --------------------------------------------------------------------


def seed_peers(use_peers: bool, definition: dict[str, Any]) -> list[peers.Peer]:
    return [peers.build(name, definition) for name in peers.available()] if use_peers else []


def w1(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
    record = workloads.VALID_RECORD
    cases = [Case("W1", "compiled", validator.check, record, note=NATIVE_NOTE),
             Case("W1", "compiled, pure", workloads.compile_pure(workloads.SEED_SCHEMA).check, record, note=PURE_NOTE),
             Case("W1", "hand", hand.check, record)]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W1", peer.name, peer.check, record))
    return cases


def _error_factory() -> Any:
    """The engine's maker of error copies, wherever the core keeps it (None if gone)."""
    for module in ("errors", "validator"):
        try:
            found = importlib.import_module(f"dataset_schema._core.{module}")
        except ImportError:
            continue
        for name in ("error_factory", "_error_factory"):  # its name since the split, and before
            if hasattr(found, name):
                return getattr(found, name)
    return None


def w2(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
    invalid = workloads.invalid_records()
    # The valid record in the same rounds: each kind's cost over it is W2's target ratio.
    cases = [Case("W2", "compiled valid", validator.check, workloads.VALID_RECORD, note="W1's record")]
    for code, record in invalid.items():
        assert validator.check(record).code == code  # type: ignore[union-attr]
        assert hand.check(record) == validator.check(record)
        cases.append(Case("W2", f"compiled {code}", validator.check, record))
        cases.append(Case("W2", f"hand {code}", hand.check, record))
    # What an error object alone costs: the floor under every invalid answer.
    cases.append(Case("W2", "IngestError(...) alone", lambda args: ds.IngestError(*args),
                      ("Invalid number field: amount", "invalid_number_field", 400, "amount"),
                      note="the public constructor"))
    factory = _error_factory()
    if factory is not None:
        cases.append(Case("W2", "error copy alone", factory("invalid_number_field", "amount"), None,
                          note="how check builds its errors"))
    records = list(invalid.values())
    count = len(records)
    cases.append(Case("W2", "compiled (all kinds)", each(validator.check), records, count, note=NATIVE_NOTE))
    cases.append(Case("W2", "compiled, pure (all kinds)", each(workloads.compile_pure(workloads.SEED_SCHEMA).check), records,
                      count, note=PURE_NOTE))
    cases.append(Case("W2", "hand (all kinds)", each(hand.check), records, count))
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W2", f"{peer.name} (all kinds)", each(raising_ok(peer.check)), records, count,
                          "catches the peer's exception"))
    return cases


def w3(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
    records = workloads.varied_records(1000)
    assert validator.check_batch(records) is None and hand.check_batch(records) is None
    cases = [
        Case("W3", "compiled", validator.check_batch, records, 1000, note=NATIVE_NOTE),
        Case("W3", "compiled, pure", workloads.compile_pure(workloads.SEED_SCHEMA).check_batch, records, 1000, note=PURE_NOTE),
        Case("W3", "hand", hand.check_batch, records, 1000),
    ]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W3", peer.name, peer.check_batch, records, 1000))
    return cases


def compile_without_native(schema: Any) -> ds.Validator:
    """A validator with msgspec's decoder (where installed) and the pure check: ``[fast]`` alone."""
    name = "dataset_schema._core.accel._native"
    saved = sys.modules.get(name)
    sys.modules[name] = None  # type: ignore[assignment]  # the import fails, as without a compiler
    try:
        return ds.compile(schema)
    finally:
        if saved is None:
            del sys.modules[name]
        else:
            sys.modules[name] = saved


def _native_built() -> bool:
    from dataset_schema._core.accel import native_module

    return native_module() is not None


NATIVE_NOTE = "native check" if _native_built() else "native module NOT built"
PURE_NOTE = "DATASET_SCHEMA_PURE=1"


def w4(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
    pure = workloads.compile_pure(workloads.SEED_SCHEMA)
    fast = compile_without_native(workloads.SEED_SCHEMA)
    body = workloads.record_body()
    records = workloads.varied_records(1000)
    batch = workloads.batch_body(records)
    assert validator.parse_record(body) == hand.parse_record(body)
    assert validator.parse_batch(batch) == hand.parse_batch(batch)
    size = f"{len(body)} B"
    text = body.decode()
    scanner = json.JSONDecoder().scan_once  # type: ignore[attr-defined]

    def scan(value: str) -> Any:
        return scanner(value, 0)

    cases = [
        Case("W4 record", "compiled", validator.parse_record, body, note=f"{size}; {NATIVE_NOTE} + [fast]"),
        Case("W4 record", "compiled, [fast] only", fast.parse_record, body, note="msgspec decoder, pure check"),
        Case("W4 record", "compiled, pure", pure.parse_record, body, note="DATASET_SCHEMA_PURE=1"),
        Case("W4 record", "hand", hand.parse_record, body, note="hand.decode + hand.check"),
        Case("W4 record", "json.loads(bytes) only", json.loads, body, note="lenient, no validation"),
        Case("W4 record", "json.loads(str) only", json.loads, text, note="lenient, no validation"),
        Case("W4 record", "bytes.decode() only", bytes.decode, body, note="strict UTF-8 to str"),
        Case("W4 record", "C scanner only", scan, text, note="json's scan_once(text, 0)"),
        Case("W4 record", "hand.decode only", hand.decode, body, note="strict, no validation"),
        Case("W4 batch", "compiled", validator.parse_batch, batch, 1000, note=f"{len(batch)} B; {NATIVE_NOTE} + [fast]"),
        Case("W4 batch", "compiled, [fast] only", fast.parse_batch, batch, 1000, note="msgspec decoder, pure check"),
        Case("W4 batch", "compiled, pure", pure.parse_batch, batch, 1000, note="DATASET_SCHEMA_PURE=1"),
        Case("W4 batch", "hand", hand.parse_batch, batch, 1000),
        Case("W4 batch", "json.loads only", json.loads, batch, 1000),
    ]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W4 record", peer.name, peer.parse_record, body))
        cases.append(Case("W4 batch", peer.name, peer.parse_batch, batch, 1000))
    return cases


def w5(use_peers: bool) -> list[Case]:
    cases = []
    for count in (10, 100, 1000, 10000):
        definition = workloads.wide_schema(count)
        validator = ds.compile(definition)
        record = workloads.wide_record(count)
        assert validator.check(record) is None
        compile_case = Case("W5 compile", f"{count} fields", ds.compile, definition)
        compile_case.note = "from the dict"
        cases.append(compile_case)
        cases.append(Case("W5 check", f"{count} fields", validator.check, record, note=f"per record; /{count} per field"))
    return cases


def w6(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.W6_SCHEMA)
    record = workloads.w6_record()
    assert validator.check(record) is None and hand.check_w6(record)
    cases = [
        Case("W6", "compiled", validator.check, record, note=NATIVE_NOTE),
        Case("W6", "compiled, pure", workloads.compile_pure(workloads.W6_SCHEMA).check, record, note=PURE_NOTE),
        Case("W6", "hand (valid path only)", hand.check_w6, record),
    ]
    for peer in seed_peers(use_peers, workloads.W6_SCHEMA):
        cases.append(Case("W6", peer.name, peer.check, record))
    return cases


def w7(use_peers: bool) -> list[Case]:
    """Big batches: ``parse_batch`` per record at 1k, 10k and 100k records, GC on and off."""
    validator = ds.compile(workloads.SEED_SCHEMA)
    pure = workloads.compile_pure(workloads.SEED_SCHEMA)
    cases = []
    msgspec = [peer for peer in seed_peers(use_peers, workloads.SEED_SCHEMA) if peer.name == "msgspec"]
    for count in (1000, 10_000, 100_000):
        batch = workloads.batch_body(workloads.varied_records(count))
        label = f"{count // 1000}k"
        cases.append(Case(f"W7 {label}", "compiled", validator.parse_batch, batch, count, note="GC on", gc=True))
        cases.append(Case(f"W7 {label}", "compiled, GC off", validator.parse_batch, batch, count, note="GC off"))
        cases.append(Case(f"W7 {label}", "compiled, pure", pure.parse_batch, batch, count, note="GC on", gc=True))
        cases.append(Case(f"W7 {label}", "json.loads only", json.loads, batch, count, note="GC on", gc=True))
        for peer in msgspec:
            cases.append(Case(f"W7 {label}", peer.name, peer.parse_batch, batch, count, note="GC on", gc=True))
    return cases


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7}

# -- the report ------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("fastjsonschema", "jsonschema", "pydantic", "pydantic-core", "msgspec", "jsonschema-rs"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "dataset_schema_commit": commit,
        "libraries": versions,
    }


def _find(cases: list[Case], workload: str, name: str) -> Case | None:
    for case in cases:
        if case.workload == workload and case.name == name:
            return case
    return None


def base_of(cases: list[Case], case: Case) -> Case | None:
    """What ``case`` is compared with in the table: its workload's ``compiled``."""
    if case.name == "compiled" or case.workload.startswith("W5"):
        return None
    return _find(cases, case.workload, "compiled") or _find(cases, case.workload, "compiled valid")


def ratios(cases: list[Case]) -> dict[str, Any]:
    """The target ratios of the issue, from this run's numbers, with their per-round spread."""
    found: dict[str, Any] = {}

    def ratio(key: str, top: tuple[str, str], bottom: tuple[str, str]) -> None:
        a, b = _find(cases, *top), _find(cases, *bottom)
        if a is not None and b is not None:
            value, low, high = spread(a, b)
            found[key] = {"ratio": round(value, 3), "rounds": [round(low, 3), round(high, 3)],
                          "median": round(round_median(a, b), 3)}

    ratio("W1 compiled/hand", ("W1", "compiled"), ("W1", "hand"))
    ratio("W2 compiled/hand (all kinds)", ("W2", "compiled (all kinds)"), ("W2", "hand (all kinds)"))
    ratio("W3 compiled/hand", ("W3", "compiled"), ("W3", "hand"))
    ratio("W4 record compiled/hand", ("W4 record", "compiled"), ("W4 record", "hand"))
    ratio("W4 batch compiled/hand", ("W4 batch", "compiled"), ("W4 batch", "hand"))
    ratio("W1 fastjsonschema/compiled", ("W1", "fastjsonschema"), ("W1", "compiled"))
    ratio("W1 pydantic/compiled", ("W1", "pydantic"), ("W1", "compiled"))
    ratio("W1 compiled/jsonschema-rs", ("W1", "compiled"), ("W1", "jsonschema-rs"))
    ratio("W3 compiled/jsonschema-rs", ("W3", "compiled"), ("W3", "jsonschema-rs"))
    ratio("W4 batch compiled/msgspec", ("W4 batch", "compiled"), ("W4 batch", "msgspec"))
    ratio("W4 record compiled/msgspec", ("W4 record", "compiled"), ("W4 record", "msgspec"))
    ratio("W4 record compiled/compiled pure", ("W4 record", "compiled"), ("W4 record", "compiled, pure"))
    ratio("W4 batch compiled/compiled pure", ("W4 batch", "compiled"), ("W4 batch", "compiled, pure"))
    ratio("W4 batch compiled pure/hand", ("W4 batch", "compiled, pure"), ("W4 batch", "hand"))
    # The native module: each against the pure path and the [fast]-only path, same rounds.
    ratio("W1 compiled/compiled pure", ("W1", "compiled"), ("W1", "compiled, pure"))
    ratio("W1 compiled pure/jsonschema-rs", ("W1", "compiled, pure"), ("W1", "jsonschema-rs"))
    ratio("W2 compiled/compiled pure (all kinds)", ("W2", "compiled (all kinds)"), ("W2", "compiled, pure (all kinds)"))
    ratio("W3 compiled/compiled pure", ("W3", "compiled"), ("W3", "compiled, pure"))
    ratio("W3 compiled pure/jsonschema-rs", ("W3", "compiled, pure"), ("W3", "jsonschema-rs"))
    ratio("W4 batch compiled/[fast] only", ("W4 batch", "compiled"), ("W4 batch", "compiled, [fast] only"))
    ratio("W4 batch [fast] only/msgspec", ("W4 batch", "compiled, [fast] only"), ("W4 batch", "msgspec"))
    ratio("W4 record compiled/[fast] only", ("W4 record", "compiled"), ("W4 record", "compiled, [fast] only"))
    ratio("W6 compiled/compiled pure", ("W6", "compiled"), ("W6", "compiled, pure"))
    ratio("W6 compiled/jsonschema-rs", ("W6", "compiled"), ("W6", "jsonschema-rs"))
    ratio("W2 (all kinds) / valid, compiled", ("W2", "compiled (all kinds)"), ("W2", "compiled valid"))
    kinds = []
    for code in workloads.invalid_records():
        ratio(f"W2 {code} / valid, compiled", ("W2", f"compiled {code}"), ("W2", "compiled valid"))
        if f"W2 {code} / valid, compiled" in found:
            kinds.append(found[f"W2 {code} / valid, compiled"]["ratio"])
    if kinds:
        found["W2 mean of kinds / valid, compiled"] = {"ratio": round(sum(kinds) / len(kinds), 3)}
        # The same mean from the per-round quotients' medians: one lucky round sways a
        # best time, not a median.
        medians = [found[f"W2 {code} / valid, compiled"]["median"] for code in workloads.invalid_records()]
        found["W2 mean of kinds / valid, compiled, per-round medians"] = {"ratio": round(sum(medians) / len(medians), 3)}
    ratio("W5 check 1000/10 fields", ("W5 check", "1000 fields"), ("W5 check", "10 fields"))
    ratio("W5 compile 10000/1000 fields", ("W5 compile", "10000 fields"), ("W5 compile", "1000 fields"))
    ratio("W5 compile 1000/100 fields", ("W5 compile", "1000 fields"), ("W5 compile", "100 fields"))
    for label in ("10k", "100k"):
        ratio(f"W7 parse_batch {label}/1k per record, GC on", (f"W7 {label}", "compiled"), ("W7 1k", "compiled"))
        ratio(f"W7 parse_batch {label} GC on/off", (f"W7 {label}", "compiled"), (f"W7 {label}", "compiled, GC off"))
        ratio(f"W7 parse_batch {label}/1k per record, pure", (f"W7 {label}", "compiled, pure"), ("W7 1k", "compiled, pure"))
    return found


def show_ratio(value: dict[str, Any]) -> str:
    if "rounds" not in value:
        return f"{value['ratio']:.3f}"
    low, high = value["rounds"]
    mark = " ~" if within_noise(low, high) else ""
    median = f"  median {value['median']:.3f}" if "median" in value else ""
    return f"{value['ratio']:.3f}  [{low:.3f}-{high:.3f}]{mark}{median}"


def table(cases: list[Case]) -> str:
    head = f"{'workload':<11} {'candidate':<38} {'time':>10} {'vs compiled':>12} {'rounds':>13}    note"
    lines = [head]
    for case in cases:
        base = base_of(cases, case)
        versus = rounds = ""
        if base is not None:
            value, low, high = spread(case, base)
            versus = f"{value:.2f}x"
            rounds = f"{low:.2f}-{high:.2f}" + (" ~" if within_noise(low, high) else "  ")
        lines.append(f"{case.workload:<11} {case.name:<38} {human(case.best):>10} {versus:>12} {rounds:>15}  {case.note}")
    lines.append("(rounds: lowest-highest per-round ratio; ~ marks a ratio within noise, its rounds spanning 1.00)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 short repeats instead of 7")
    parser.add_argument("--repeat", type=int, help="repeats per case (default 7, quick 3)")
    parser.add_argument("--only", help="comma-separated workloads, e.g. W1,W3")
    parser.add_argument("--no-peers", action="store_true", help="skip peer libraries")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffled order of each round")
    parser.add_argument("--json", type=Path, help="where to write the results (default benches/results/<time>.json)")
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 7)
    target = 0.05 if args.quick else 0.2
    chosen = args.only.split(",") if args.only else list(WORKLOADS)
    unknown = [name for name in chosen if name not in WORKLOADS]
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)}; choose from {', '.join(WORKLOADS)}")

    info = machine()
    print(f"Python {info['python']} on {info['cpu']} ({info['cpus']} CPUs); {info['platform']}")
    print("peers: " + (", ".join(f"{k} {v}" for k, v in info["libraries"].items()) or "none installed"))
    started = time.perf_counter()
    disagree: dict[str, list[str]] = {}
    if not args.no_peers:
        for peer in seed_peers(True, workloads.SEED_SCHEMA):
            disagree[peer.name] = peers.disagreements(peer.is_valid)
    cases: list[Case] = []
    for name in chosen:
        workload = WORKLOADS[name](not args.no_peers)
        for case in workload:
            peer_name = case.name.split(" (")[0]
            if peer_name in disagree and not case.note:
                case.note = f"differs from the contract on {len(disagree[peer_name])}/{len(peers.EDGE_CASES)} edge cases"
        measure(workload, repeat, target, args.seed)
        cases.extend(workload)
    print(table(cases))
    found = ratios(cases)
    print()
    for key, value in found.items():
        print(f"{key:<48} {show_ratio(value)}")
    if disagree:
        print()
        print(f"Where peers differ from the contract ({len(peers.EDGE_CASES)} edge cases on the seed schema):")
        for name, wrong in disagree.items():
            print(f"  {name}: {len(wrong)}: {'; '.join(wrong) or '-'}")
    print(f"\n({time.perf_counter() - started:.0f} s)")

    result = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {"repeat": repeat, "target_seconds": target, "seed": args.seed, "order": "shuffled per round"},
        "cases": [
            {"workload": case.workload, "candidate": case.name, "seconds_per_item": case.best,
             "items_per_call": case.items, "calls_per_repeat": case.number, "repeats": case.times,
             "note": case.note}
            for case in cases
        ],
        "ratios": found,
        "peer_disagreements": disagree,
    }
    path = args.json or HERE / "results" / f"{result['when'].replace(':', '')}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
