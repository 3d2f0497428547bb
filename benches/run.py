"""Benchmarks of dataset_schema against a hand-written baseline and peer libraries.

    python benches/run.py                 # everything, prints a table, writes benches/results/<time>.json
    python benches/run.py --quick         # fewer and shorter repeats, for a first look
    python benches/run.py --only W1,W2    # some workloads
    python benches/run.py --no-peers      # compiled and hand only

Times are the minimum over repeats of the mean time per call (timeit, number chosen
by autorange), with the candidates of a workload measured in turn within each repeat
so that a noisy neighbour slows them alike.  Compare ratios within one run, not
absolute times across runs or machines.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
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
from dataset_schema._core import validator as _validator  # noqa: E402

# -- measuring ----------------------------------------------------------------------


class Case:
    """One timed call: ``function(argument)``, reported per ``items`` (records) per call."""

    def __init__(self, workload: str, name: str, function: Callable[[Any], Any], argument: Any,
                 items: int = 1, note: str = "") -> None:
        self.workload, self.name, self.note = workload, name, note
        self.items = items
        self.timer = timeit.Timer("function(argument)", globals={"function": function, "argument": argument})
        self.number = 1
        self.times: list[float] = []

    @property
    def best(self) -> float:
        """Seconds per item: the fastest repeat."""
        return min(self.times) / self.items


def measure(cases: list[Case], repeat: int, target: float) -> None:
    for case in cases:
        number, elapsed = case.timer.autorange()
        case.number = max(1, int(number * target / max(elapsed, 1e-9)))
    for _ in range(repeat):
        for case in cases:
            case.times.append(case.timer.timeit(case.number) / case.number)


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
    cases = [Case("W1", "compiled", validator.check, record), Case("W1", "hand", hand.check, record)]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W1", peer.name, peer.check, record))
    return cases


def w2(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
    invalid = workloads.invalid_records()
    cases = []
    for code, record in invalid.items():
        assert validator.check(record).code == code  # type: ignore[union-attr]
        assert hand.check(record) == validator.check(record)
        cases.append(Case("W2", f"compiled {code}", validator.check, record))
        cases.append(Case("W2", f"hand {code}", hand.check, record))
    # What an error object alone costs: the floor under every invalid answer.
    cases.append(Case("W2", "IngestError(...) alone", lambda args: ds.IngestError(*args),
                      ("Invalid number field: amount", "invalid_number_field", 400, "amount"),
                      note="the public constructor"))
    cases.append(Case("W2", "error copy alone", _validator._error_factory("invalid_number_field", "amount"), None,
                      note="how check builds its errors"))
    records = list(invalid.values())
    count = len(records)
    cases.append(Case("W2", "compiled (all kinds)", each(validator.check), records, count))
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
        Case("W3", "compiled", validator.check_batch, records, 1000),
        Case("W3", "hand", hand.check_batch, records, 1000),
    ]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W3", peer.name, peer.check_batch, records, 1000))
    return cases


def w4(use_peers: bool) -> list[Case]:
    validator = ds.compile(workloads.SEED_SCHEMA)
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
        Case("W4 record", "compiled", validator.parse_record, body, note=size),
        Case("W4 record", "hand", hand.parse_record, body, note="hand.decode + hand.check"),
        Case("W4 record", "json.loads(bytes) only", json.loads, body, note="lenient, no validation"),
        Case("W4 record", "json.loads(str) only", json.loads, text, note="lenient, no validation"),
        Case("W4 record", "bytes.decode() only", bytes.decode, body, note="strict UTF-8 to str"),
        Case("W4 record", "C scanner only", scan, text, note="json's scan_once(text, 0)"),
        Case("W4 record", "hand.decode only", hand.decode, body, note="strict, no validation"),
        Case("W4 batch", "compiled", validator.parse_batch, batch, 1000, note=f"{len(batch)} B"),
        Case("W4 batch", "hand", hand.parse_batch, batch, 1000),
        Case("W4 batch", "json.loads only", json.loads, batch, 1000),
    ]
    for peer in seed_peers(use_peers, workloads.SEED_SCHEMA):
        cases.append(Case("W4 record", peer.name, peer.parse_record, body))
        cases.append(Case("W4 batch", peer.name, peer.parse_batch, batch, 1000))
    return cases


def w5(use_peers: bool) -> list[Case]:
    cases = []
    for count in (10, 100, 1000):
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
        Case("W6", "compiled", validator.check, record),
        Case("W6", "hand (valid path only)", hand.check_w6, record),
    ]
    for peer in seed_peers(use_peers, workloads.W6_SCHEMA):
        cases.append(Case("W6", peer.name, peer.check, record))
    return cases


WORKLOADS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6}

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


def ratios(cases: list[Case]) -> dict[str, Any]:
    """The target ratios of the issue, from this run's numbers."""
    best = {(case.workload, case.name): case.best for case in cases}
    found: dict[str, Any] = {}

    def ratio(key: str, top: tuple[str, str], bottom: tuple[str, str]) -> None:
        if top in best and bottom in best:
            found[key] = round(best[top] / best[bottom], 3)

    ratio("W1 compiled/hand", ("W1", "compiled"), ("W1", "hand"))
    ratio("W2 compiled/hand (all kinds)", ("W2", "compiled (all kinds)"), ("W2", "hand (all kinds)"))
    ratio("W3 compiled/hand", ("W3", "compiled"), ("W3", "hand"))
    ratio("W4 record compiled/hand", ("W4 record", "compiled"), ("W4 record", "hand"))
    ratio("W4 batch compiled/hand", ("W4 batch", "compiled"), ("W4 batch", "hand"))
    ratio("W1 fastjsonschema/compiled", ("W1", "fastjsonschema"), ("W1", "compiled"))
    ratio("W1 pydantic/compiled", ("W1", "pydantic"), ("W1", "compiled"))
    ratio("W2 (all kinds) / W1, compiled", ("W2", "compiled (all kinds)"), ("W1", "compiled"))
    for code in workloads.invalid_records():
        ratio(f"W2 {code} / W1, compiled", ("W2", f"compiled {code}"), ("W1", "compiled"))
    ratio("W5 check 1000/10 fields", ("W5 check", "1000 fields"), ("W5 check", "10 fields"))
    ratio("W5 check 1000/100 fields", ("W5 check", "1000 fields"), ("W5 check", "100 fields"))
    if ("W5 compile", "1000 fields") in best:
        found["W5 compile 1000 fields (ms)"] = round(best[("W5 compile", "1000 fields")] * 1e3, 2)
    return found


def table(cases: list[Case]) -> str:
    lines = [f"{'workload':<11} {'candidate':<38} {'time':>10} {'vs compiled':>12}  note"]
    compiled: dict[str, float] = {}
    for case in cases:
        if case.name == "compiled":
            compiled[case.workload] = case.best
    for case in cases:
        base = compiled.get(case.workload)
        versus = f"{case.best / base:.2f}x" if base and case.name != "compiled" else ""
        lines.append(f"{case.workload:<11} {case.name:<38} {human(case.best):>10} {versus:>12}  {case.note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="3 short repeats instead of 7")
    parser.add_argument("--repeat", type=int, help="repeats per case (default 7, quick 3)")
    parser.add_argument("--only", help="comma-separated workloads, e.g. W1,W3")
    parser.add_argument("--no-peers", action="store_true", help="skip peer libraries")
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
        measure(workload, repeat, target)
        cases.extend(workload)
    print(table(cases))
    found = ratios(cases)
    print()
    for key, value in found.items():
        print(f"{key:<44} {value}")
    if disagree:
        print()
        print(f"Where peers differ from the contract ({len(peers.EDGE_CASES)} edge cases on the seed schema):")
        for name, wrong in disagree.items():
            print(f"  {name}: {len(wrong)}: {'; '.join(wrong) or '-'}")
    print(f"\n({time.perf_counter() - started:.0f} s)")

    result = {
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": info,
        "settings": {"repeat": repeat, "target_seconds": target},
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
