"""The client's throughput and cost, and what the core's encoding adds to check.

    python benches/bench_client.py                      # enqueue -> 202, against a local server
    python benches/bench_client.py --records 200000 --rounds 3
    python benches/bench_client.py encode --baseline /path/to/another/checkout

The first measures records per second from the first ``enqueue`` until ``close()``
returns with every batch answered 202 by a loopback server running ``Registry.ingest``
in another process (so its CPU is not the client's), and the client process's CPU per
record (caller and sender thread together), with and without a local schema, rounds
interleaved.  ``encode`` times ``check`` on the seed record in this checkout and in
``--baseline`` (separate processes, alternated), and ``encode_record`` against the
plain ``json.dumps`` it replaces.  Figures are from one machine at one time: compare
within a run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

import dataset_schema as ds  # noqa: E402

SCHEMA = {"fields": {"country": "string", "plan": "string", "amount": "number",
                     "active": "boolean", "signup_at": "timestamp"}}
RECORD = {"timestamp": "2026-06-10T10:58:00Z",
          "context": {"source": "billing-service", "request_id": "req_123"},
          "country": "RO", "plan": "pro", "amount": 42.5, "active": True,
          "signup_at": "2026-06-01T08:00:00Z"}


# -- the server (its own process) ---------------------------------------------------------

def serve() -> None:
    registry = ds.Registry.from_dict({"p_1": {"default": 13, "datasets": {"13": SCHEMA}}})
    claims = {"projectId": "p_1"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                accepted = registry.ingest(path=self.path, headers=self.headers.items(), body=body, claims=claims)
                status, payload = accepted.status, accepted.body
            except ds.IngestError as err:
                status, payload = err.status, err.body
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()


# -- enqueue -> 202 -----------------------------------------------------------------------

def one_round(url: str, records: int, schema: Any) -> dict[str, float]:
    from dataset_schema.client import DatasetIngestClient

    failures: list[Any] = []
    client = DatasetIngestClient("k", dataset_id=13, schema=schema, base_url=url, on_error=failures.append,
                                 max_queue_records=records, queue_full="block")
    items = [dict(RECORD, amount=float(n)) for n in range(records)]
    cpu, wall = time.process_time(), time.perf_counter()
    call = time.thread_time()
    for item in items:
        client.enqueue(item)
    call = time.thread_time() - call
    assert client.close(120) and not failures, failures[:1]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"records/s": records / wall, "cpu us/record": cpu / records * 1e6,
            "enqueue us/record": call / records * 1e6}


def throughput(args: argparse.Namespace) -> None:
    server = subprocess.Popen([sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}"
        results: dict[str, list[dict[str, float]]] = {"with schema": [], "without schema": []}
        for _ in range(args.rounds):  # interleaved, so drift hits both alike
            results["with schema"].append(one_round(url, args.records, SCHEMA))
            results["without schema"].append(one_round(url, args.records, None))
    finally:
        server.terminate()
        server.wait()
    print(f"{args.records} records per round, {args.rounds} rounds, batches of 500 (default), keep-alive loopback")
    for name, rounds in results.items():
        best = {key: (max if key == "records/s" else min)(r[key] for r in rounds) for key in rounds[0]}
        print(f"  {name:15} " + "  ".join(f"{key} {value:,.1f}" for key, value in best.items()))


# -- check before/after, encode_record --------------------------------------------------------

TIMER = """
import sys, timeit, json
sys.path.insert(0, sys.argv[1])
import dataset_schema as ds
record = json.loads(sys.argv[2])
v = ds.compile({"fields": {"country": "string", "plan": "string", "amount": "number",
                           "active": "boolean", "signup_at": "timestamp"}})
print(min(timeit.repeat(lambda: v.check(record), number=200000, repeat=7)) / 200000 * 1e9)
"""


def encode(args: argparse.Namespace) -> None:
    import timeit

    checkouts = {"this": ROOT, "baseline": args.baseline}
    cases = {"seed record": RECORD, "empty context": dict(RECORD, context={}),
             "context with numbers": dict(RECORD, context={"attempt": 3, "ms": 12.5, "ok": True})}
    for case, record in cases.items():
        times: dict[str, list[float]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, path in checkouts.items():
                out = subprocess.run([sys.executable, "-c", TIMER, path, json.dumps(record)],
                                     capture_output=True, text=True, check=True, env={})
                times[name].append(float(out.stdout))
        this, base = min(times["this"]), min(times["baseline"])
        print(f"check, {case:22} this {this:6.0f} ns  baseline {base:6.0f} ns  ratio {this / base:.3f}")
    v = ds.compile(SCHEMA)
    dumps = json.JSONEncoder(ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode
    rows = {"encode_record": lambda: v.encode_record(RECORD),
            "check + json.dumps": lambda: (v.check(RECORD), dumps(RECORD).encode()),
            "json.dumps alone": lambda: dumps(RECORD).encode()}
    for name, call in rows.items():
        print(f"  {name:20} {min(timeit.repeat(call, number=100000, repeat=7)) / 100000 * 1e9:6.0f} ns")


def main() -> None:
    if "--serve" in sys.argv:
        return serve()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="?", default="throughput", choices=["throughput", "encode"])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="/work/main", help="the checkout to compare check with")
    args = parser.parse_args()
    throughput(args) if args.what == "throughput" else encode(args)


if __name__ == "__main__":
    main()
