"""Markdown tables from a results JSON of benches/run.py, as docs/performance.md shows them.

    python benches/report.py benches/results/<time>.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def human(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} us"
    return f"{seconds * 1e9:.0f} ns"


def main(path: str) -> None:
    result: dict[str, Any] = json.loads(Path(path).read_text())
    best = {(case["workload"], case["candidate"]): case["seconds_per_item"] for case in result["cases"]}
    machine = result["machine"]
    print(f"- Python {machine['python']} ({machine['implementation']}), {machine['platform']}")
    print(f"- CPU: {machine['cpu']}, {machine['cpus']} CPUs")
    print("- " + ", ".join(f"{name} {version}" for name, version in machine["libraries"].items()))
    print(f"- settings: {result['settings']}, commit {machine['dataset_schema_commit']}, {result['when']}\n")

    print("| workload | candidate | time | vs compiled |")
    print("|----------|-----------|-----:|------------:|")
    for (workload, name), seconds in best.items():
        if workload.startswith("W5") or (workload == "W2" and "(all kinds)" not in name):
            continue
        if workload.startswith("W4 record") and name.endswith(" only"):
            continue
        if workload == "W4 batch" and name.endswith(" only"):
            continue
        base = best.get((workload, "compiled"), best.get((workload, "compiled (all kinds)")))
        versus = "" if name.startswith("compiled") else f"{seconds / base:.2f}x"
        label = f"**{name}**" if name.startswith("compiled") else name
        print(f"| {workload} | {label} | {human(seconds)} | {versus} |")

    w1 = best[("W1", "compiled")]
    print("\n| error kind | compiled | hand | compiled / W1 |")
    print("|------------|---------:|-----:|--------------:|")
    for (workload, name), seconds in best.items():
        if workload == "W2" and name.startswith("compiled ") and "(all kinds)" not in name:
            kind = name.split(" ", 1)[1]
            print(f"| {kind} | {human(seconds)} | {human(best[('W2', f'hand {kind}')])} | {seconds / w1:.2f} |")
    for name in ("IngestError(...) alone", "error copy alone"):
        if ("W2", name) in best:
            print(f"| *{name}* | {human(best[('W2', name)])} | | |")

    print("\n| step | time |\n|------|-----:|")
    for (workload, name), seconds in best.items():
        if workload == "W4 record" and name.endswith(" only"):
            print(f"| {name} | {human(seconds)} |")

    print("\n| fields | compile | `check` per record | per field |")
    print("|-------:|--------:|-------------------:|----------:|")
    for count in (10, 100, 1000):
        key = f"{count} fields"
        if ("W5 check", key) in best:
            check = best[("W5 check", key)]
            print(f"| {count} | {human(best[('W5 compile', key)])} | {human(check)} | {check / count * 1e9:.0f} ns |")

    print("\nratios:")
    for key, value in result["ratios"].items():
        print(f"- {key}: {value}")


if __name__ == "__main__":
    main(sys.argv[1])
