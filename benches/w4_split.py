"""Where W4's ``parse_batch`` time goes: its parts against the msgspec Struct peer, per record.

    python benches/w4_split.py [ROUNDS]

Times, interleaved in a shuffled order per round, on the 1000-record batch of W3/W4:
``parse_batch`` (the default compile: msgspec decoder and native check where present),
msgspec's own decode to plain dicts, that decode followed by ``check_batch``, the
library's decoder wrapper (``msgspec_body.decode``), ``check_batch`` on an already
parsed list, and the msgspec peer decoding into its Struct (benches/peers.py).  The
timer is the thread's CPU time, so time the process spends descheduled on a shared
machine is not counted.  Prints best and median per record, and the quotient
parse_batch/peer (best times, and per round).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

import dataset_schema as ds

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers
import workloads


def main(rounds: int) -> None:
    body = workloads.batch_body(workloads.varied_records(1000))
    validator = ds.compile(workloads.SEED_SCHEMA)
    decode = msgspec.json.Decoder().decode
    peer = peers.build("msgspec", workloads.SEED_SCHEMA)
    parsed = decode(body)
    from dataset_schema._core.accel import msgspec_body

    print(f"check: {type(validator.check).__name__}, batch of {len(parsed)} records")
    cases: dict[str, Callable[[], Any]] = {
        "parse_batch": lambda: validator.parse_batch(body),
        "msgspec decode + check_batch": lambda: validator.check_batch(decode(body)),
        "msgspec decode to dicts": lambda: decode(body),
        "msgspec_body.decode": lambda: msgspec_body.decode(body),
        "check_batch (parsed list)": lambda: validator.check_batch(parsed),
        "msgspec Struct peer": lambda: peer.parse_batch(body),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        order = list(cases)
        random.shuffle(order)
        for name in order:
            best = min(timeit.repeat(cases[name], number=10, repeat=3, timer=time.thread_time))
            times[name].append(best / 10 / len(parsed) * 1e9)
    for name, values in times.items():
        print(f"{name:30s} best {min(values):7.1f}  median {statistics.median(values):7.1f} ns/record")
    ours, theirs = times["parse_batch"], times["msgspec Struct peer"]
    quotients = [a / b for a, b in zip(ours, theirs)]
    print(f"parse_batch / msgspec Struct peer: {min(ours) / min(theirs):.3f} (best times), per-round median "
          f"{statistics.median(quotients):.3f} [{min(quotients):.3f}-{max(quotients):.3f}]")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
