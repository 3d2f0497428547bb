"""A minimal ingest server on the standard library: dataset_schema decides, this does the I/O.

Run it with ``python docs/examples/ingest_server.py`` and send the API doc's curl examples
to http://127.0.0.1:8080/datasets/13.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable, Mapping

import dataset_schema as ds

REGISTRY = ds.Registry.from_dict({
    "p_1": {
        "default": 13,
        "datasets": {
            "13": {"fields": {"country": "string", "plan": "string", "amount": "number",
                              "active": "boolean", "signup_at": "timestamp"}},
        },
    },
})
# One process: memory.  Several servers: ds.RedisQuotaStore(redis.Redis(...)).
QUOTA: ds.QuotaStore = ds.MemoryQuotaStore(default_limit=100_000)
# Stand-ins for the real token check and the real dataset queue.
API_KEYS = {"YOUR_PROJECT_API_KEY": {"projectId": "p_1", "userId": "u_1"}}
QUEUE: list[dict[str, Any]] = []


def claims_for(authorization: str | None) -> Mapping[str, Any] | None:
    scheme, _, token = (authorization or "").partition(" ")
    return API_KEYS.get(token) if scheme.lower() == "bearer" else None


def handle(path: str, headers: Iterable[tuple[str, str]], body: bytes) -> tuple[int, dict[str, Any]]:
    """One request in, (status, JSON body) out: the whole contract, no framework."""
    headers = list(headers)
    authorization = next((v for k, v in headers if k.lower() == "authorization"), None)
    try:
        accepted = REGISTRY.ingest(path=path, headers=headers, body=body,
                                   claims=claims_for(authorization), quota=QUOTA)
    except ds.IngestError as err:
        return err.status, err.body
    QUEUE.extend(accepted.records)  # the worker output, __traceId included
    return accepted.status, accepted.body


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        length = self.headers.get("Content-Length", "0")
        body = self.rfile.read(int(length)) if length.isdigit() else b""
        status, payload = handle(self.path, self.headers.items(), body)
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 8080), Handler).serve_forever()
