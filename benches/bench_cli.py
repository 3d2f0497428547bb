"""Throughput and memory of ``dataset-schema check`` on generated NDJSON.

Run from the repository root:  python benches/bench_cli.py [--lines 1000000]

Every figure is the wall time of a fresh interpreter (``python -m dataset_schema``
or the bare loop below), best of ``--repeat`` runs taken round robin, on the same file in the page
cache.  Peak memory is ``ru_maxrss`` of that child, read with ``os.wait4``; for
``--jobs 2`` it is the largest of the parent and its reaped workers.  CPU seconds
(user + system, workers included) are printed too: on a machine shared with other
work, wall-clock speed-ups of --jobs understate what the split achieves, so each run
first waits (up to --max-wait s) for the cores to go quiet, and the CPU seconds that
other processes used during the reported run are printed beside it.
The baseline is the smallest program doing the same job: read the lines, call
``parse_record`` on each, catch the IngestError.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benches" / "results"
SCHEMA = ROOT / "docs" / "examples" / "schema.json"

BARE_LOOP = """
import sys
import dataset_schema as ds
parse = ds.compile(ds.Schema.from_json(open(sys.argv[1], 'rb').read())).parse_record
invalid = 0
with open(sys.argv[2], 'rb') as lines:
    for line in lines:
        try:
            parse(line)
        except ds.IngestError:
            invalid += 1
print(invalid)
"""


def generate(path: Path, lines: int, seed: int = 7) -> int:
    """NDJSON with about 1% invalid records of several kinds; returns the byte size."""
    rng = random.Random(seed)
    countries = ["RO", "US", "DE", "FR", "IT", "ES", "NL", "PL", "SE", "GB"]
    plans = ["free", "pro", "team", "enterprise"]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(lines):
            record: dict[str, Any] = {
                "timestamp": f"2026-06-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}Z",
                "context": {"source": "billing-service", "request_id": f"req_{i}"},
                "country": rng.choice(countries),
                "plan": rng.choice(plans),
                "amount": round(rng.uniform(0, 500), 2),
                "active": rng.random() < 0.8,
                "signup_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T08:00:00Z",
            }
            roll = rng.random()
            if roll < 0.003:
                record["amount"] = str(record["amount"])
            elif roll < 0.006:
                del record["plan"]
            elif roll < 0.008:
                record["extra"] = True
            elif roll < 0.01:
                out.write('{"timestamp": "2026-06-01T00:00:00Z", "context": {\n')
                continue
            out.write(json.dumps(record) + "\n")
    return path.stat().st_size


def busy_seconds() -> float:
    """CPU seconds spent by everything on the machine since boot (all cores)."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_wait: float) -> float:
    """Wait (up to max_wait s) until other work leaves the cores nearly idle; the waited time."""
    waited = 0.0
    while waited < max_wait:
        before = busy_seconds()
        time.sleep(1.0)
        waited += 1.0
        if busy_seconds() - before < 0.15:
            break
    return waited


def timed(argv: list[str]) -> tuple[float, int, float, float]:
    """Wall seconds, peak RSS (kB), CPU seconds (its workers' included) of one child,
    and CPU seconds other processes on the machine used meanwhile."""
    machine_before = busy_seconds()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.stderr is not None
    err = proc.stderr.read()
    if proc.returncode not in (0, 1) or err:
        raise SystemExit(f"{argv} failed ({proc.returncode}): {err.decode()}")
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss, cpu, max(0.0, busy_seconds() - machine_before - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--max-wait", type=float, default=60.0,
                        help="seconds to wait for other work to leave the cores idle before each run")
    args = parser.parse_args()

    py = sys.executable
    cli = [py, "-m", "dataset_schema", "check", str(SCHEMA), "--quiet"]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for lines in (args.lines, 2 * args.lines):
            path = Path(tmp) / f"records-{lines}.ndjson"
            size = generate(path, lines)
            subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # warm the cache
            cases = {
                "bare loop (parse_record)": [py, "-c", BARE_LOOP, str(SCHEMA), str(path)],
                "dataset-schema check": [*cli, str(path)],
                "dataset-schema check --jobs 2": [*cli, str(path), "--jobs", "2"],
            }
            if lines != args.lines:  # the larger file is for memory: skip the baseline
                del cases["bare loop (parse_record)"]
            # Round robin, best of --repeat: other load on the machine hits every case alike.
            runs: dict[str, list[tuple[float, int, float, float]]] = {name: [] for name in cases}
            for _ in range(args.repeat):
                for name, argv in cases.items():
                    wait_for_quiet(args.max_wait)
                    runs[name].append(timed(argv))
            for name in cases:
                seconds, _, cpu, other = min(runs[name])
                rss_kb = max(m for _, m, _, _ in runs[name])
                rows.append({"case": name, "lines": lines, "bytes": size, "seconds": round(seconds, 3),
                             "cpu_seconds": round(cpu, 3), "other_cpu_seconds": round(other, 3),
                             "records_per_s": round(lines / seconds), "peak_rss_mb": round(rss_kb / 1024, 1),
                             "all_seconds": [round(t, 3) for t, _, _, _ in runs[name]]})
                print(f"{name:32} {lines:>9,} lines {seconds:7.2f} s {lines / seconds:>10,.0f} rec/s "
                      f"{rss_kb / 1024:7.1f} MB  cpu {cpu:6.2f} s  others' cpu {other:6.2f} s", flush=True)

    by = {(r["case"], r["lines"]): r for r in rows}
    n = args.lines
    ratios = {
        "cli_over_bare_loop": round(by["dataset-schema check", n]["seconds"]
                                    / by["bare loop (parse_record)", n]["seconds"], 3),
        "jobs2_speedup": round(by["dataset-schema check", n]["seconds"]
                               / by["dataset-schema check --jobs 2", n]["seconds"], 3),
        "rss_growth_one_process": round(by["dataset-schema check", 2 * n]["peak_rss_mb"]
                                        / by["dataset-schema check", n]["peak_rss_mb"], 3),
        "rss_growth_jobs2": round(by["dataset-schema check --jobs 2", 2 * n]["peak_rss_mb"]
                                  / by["dataset-schema check --jobs 2", n]["peak_rss_mb"], 3),
    }
    print()
    for key, value in ratios.items():
        print(f"{key:24} {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": {"python": platform.python_version(), "implementation": platform.python_implementation(),
                    "platform": platform.platform(), "cpus": os.cpu_count(),
                    "load_average_at_end": os.getloadavg()},
        "rows": rows,
        "ratios": ratios,
    }
    out = RESULTS / "bench_cli.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
