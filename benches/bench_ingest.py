"""What the request contract costs on top of parse_record/parse_batch, and a Redis reservation.

    python benches/bench_ingest.py            # memory only
    python benches/bench_ingest.py --redis    # also a redis-server it starts on loopback

Figures are ratios within one run on one machine; absolute times vary.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import timeit
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import dataset_schema as ds  # noqa: E402

NOW = datetime(2026, 6, 10, tzinfo=timezone.utc)
SCHEMA = {"fields": {"country": "string", "plan": "string", "amount": "number",
                     "active": "boolean", "signup_at": "timestamp"}}
RECORD = (b'{"timestamp": "2026-06-10T10:58:00Z", "context": {"source": "billing-service"},'
          b' "country": "RO", "plan": "pro", "amount": 42.5, "active": true,'
          b' "signup_at": "2026-06-01T08:00:00Z"}')
BATCH = b"[" + b",".join([RECORD] * 100) + b"]"
CLAIMS = {"projectId": "p_1", "userId": "u_1"}
HEADERS = {"Content-Type": "application/json", "X-Request-Id": "req_123",
           "Authorization": "Bearer k", "User-Agent": "curl/8"}


def best(stmt: object, number: int) -> float:
    """Best of 5 runs, seconds per call."""
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def main() -> None:
    reg = ds.Registry()
    v = reg.add("p_1", 13, SCHEMA, default=True)
    mem = ds.MemoryQuotaStore()
    rows = [
        ("parse_record (core)", best(lambda: v.parse_record(RECORD), 20000)),
        ("ingest single", best(lambda: reg.ingest(path="/datasets/13", headers=HEADERS, body=RECORD,
                                                  claims=CLAIMS), 20000)),
        ("ingest single + memory quota", best(lambda: reg.ingest(
            path="/datasets/13", headers=HEADERS, body=RECORD, claims=CLAIMS, quota=mem, now=NOW), 20000)),
        ("parse_batch x100 (core)", best(lambda: v.parse_batch(BATCH), 500)),
        ("ingest batch x100", best(lambda: reg.ingest(path="/datasets/13/batch", headers=HEADERS,
                                                      body=BATCH, claims=CLAIMS), 500)),
    ]
    if "--redis" in sys.argv and shutil.which("redis-server"):
        import redis

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                     "--save", "", "--appendonly", "no", "--dir", tmp],
                                    stdout=subprocess.DEVNULL)
            try:
                client = redis.Redis(port=port)
                for _ in range(100):
                    try:
                        client.ping()
                        break
                    except redis.ConnectionError:
                        time.sleep(0.05)
                store = ds.RedisQuotaStore(client)
                rows.append(("redis reserve (loopback)", best(lambda: store.reserve("u_1", 1, NOW), 2000)))
                rows.append(("ingest single + redis quota", best(lambda: reg.ingest(
                    path="/datasets/13", headers=HEADERS, body=RECORD, claims=CLAIMS, quota=store,
                    now=NOW), 2000)))
                client.close()
            finally:
                proc.terminate()
                proc.wait()
    base = rows[0][1]
    print(f"python {sys.version.split()[0]}")
    for name, seconds in rows:
        print(f"{name:32s} {seconds * 1e6:9.2f} us   {seconds / base:6.2f}x parse_record")


if __name__ == "__main__":
    main()
