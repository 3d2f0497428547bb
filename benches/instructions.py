"""Instructions per call of ``check`` on W1's record and each W2 invalid kind, under callgrind.

    python benches/instructions.py            # the pure path (DATASET_SCHEMA_PURE=1)
    python benches/instructions.py --native   # the default build: the native module if built

Timings on a shared two-core machine move by tens of percent; instruction counts do
not (the hash seed is fixed, so dict and set probes repeat exactly).  Each case runs in
its own process under ``valgrind --tool=callgrind``, twice, with ``--low`` and
``--high`` calls; the difference divided by the extra calls is one call's count, free
of start-up.  Instructions are not time (an allocation costs more time than its count
says), so this is for comparing two versions of the same path, beside the timed runs.
Needs valgrind.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("valid", "payload_not_object", "invalid_timestamp", "context_not_object", "extra_field", "missing_field",
         "invalid_string_field", "invalid_number_field", "invalid_boolean_field", "invalid_timestamp_field")

_PROGRAM = """
import sys
sys.path.insert(0, {benches!r})
from workloads import SEED_SCHEMA, VALID_RECORD, invalid_records
import dataset_schema
check = dataset_schema.compile(SEED_SCHEMA).check
record = VALID_RECORD if {kind!r} == "valid" else invalid_records()[{kind!r}]
for _ in range({calls}):
    check(record)
"""


def _instructions(kind: str, calls: int, env: dict[str, str]) -> int:
    program = _PROGRAM.format(benches=str(HERE), kind=kind, calls=calls)
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", program],
        env=env, capture_output=True, text=True, check=True,
    )
    found = re.search(r"refs:\s*([\d,]+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in callgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--native", action="store_true", help="leave the accelerators on (default: pure path)")
    parser.add_argument("--low", type=int, default=1000)
    parser.add_argument("--high", type=int, default=6000)
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed (Debian: apt-get install valgrind)")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if not options.native:
        env["DATASET_SCHEMA_PURE"] = "1"
    counts = {}
    for kind in KINDS:
        extra = _instructions(kind, options.high, env) - _instructions(kind, options.low, env)
        counts[kind] = extra / (options.high - options.low)
    valid = counts["valid"]
    print(f"{'case':28s} {'instructions':>12s} {'/ valid':>8s}")
    for kind, count in counts.items():
        print(f"{kind:28s} {count:12,.0f} {count / valid:8.3f}")
    ratios = [counts[kind] / valid for kind in KINDS[1:]]
    print(f"{'mean of invalid kinds':28s} {'':12s} {sum(ratios) / len(ratios):8.3f}")


if __name__ == "__main__":
    main()
