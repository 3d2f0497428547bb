"""A small ingest server on the standard library: dataset_schema decides, this does the I/O.

Run it with ``python docs/examples/ingest_server.py`` and send the API doc's curl examples
to http://127.0.0.1:8080/datasets/13.  Every answer is JSON, whatever arrives: bodies are
bounded before they are read, sockets time out, threads are bounded, and the quota store
failing is a 503 (docs/ingest.md, "The example server").
"""

from __future__ import annotations

import json
import logging
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable, Mapping

import dataset_schema as ds

MAX_BODY_BYTES = 1_000_000   # larger bodies get 413 before they are read
SOCKET_TIMEOUT = 10          # seconds a client may take for any read or write
MAX_WORKERS = 32             # requests handled at once; more wait in the listen backlog
BACKLOG = 128

REGISTRY = ds.Registry.from_dict({
    "p_1": {
        "default": 13,
        "datasets": {
            "13": {"fields": {"country": "string", "plan": "string", "amount": "number",
                              "active": "boolean", "signup_at": "timestamp"}},
        },
    },
}, max_body_bytes=MAX_BODY_BYTES)
# One process: memory.  Several servers: ds.RedisQuotaStore(redis.Redis(..., socket_timeout=1)).
QUOTA: ds.QuotaStore = ds.MemoryQuotaStore(default_limit=100_000)
# Stand-ins for the real token check and the real dataset queue.
API_KEYS = {"YOUR_PROJECT_API_KEY": {"projectId": "p_1", "userId": "u_1"}}
QUEUE: list[dict[str, Any]] = []
log = logging.getLogger("ingest_server")


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
    except ds.IngestError as err:  # every rejection, and ds.QuotaUnavailable (503)
        return err.status, err.body
    QUEUE.extend(accepted.records)  # the worker output, __traceId included
    return accepted.status, accepted.body


class HTTPError(Exception):
    """An answer about the HTTP framing itself, before the contract is asked."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.body = status, {"success": False, "error": message, "code": code}


def catalogue_error(code: str) -> HTTPError:
    row = ds.CATALOGUE[code]
    return HTTPError(row.status, row.code, row.template)


_LENGTH = re.compile(r"[0-9]{1,18}")  # ASCII digits only: int() would take "²" or "١"
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})(;[^\r\n]*)?\r?\n")


class Handler(BaseHTTPRequestHandler):
    timeout = SOCKET_TIMEOUT  # applied to the socket: a stalled client cannot hold a thread
    max_body_bytes = MAX_BODY_BYTES

    def do_POST(self) -> None:
        try:
            body = self.read_body()
        except HTTPError as err:
            self.close_connection = True  # the rest of the body is not read
            return self.send_json(err.status, err.body)
        except TimeoutError:
            self.close_connection = True
            return self.send_json(408, {"success": False, "error": "Request body timed out",
                                        "code": "request_timeout"})
        try:
            status, payload = handle(self.path, self.headers.items(), body)
        except Exception:  # a bug or an outage: logged here, never a traceback to the client
            log.exception("ingest failed")
            status, payload = 500, {"success": False, "error": "Internal error", "code": "internal_error"}
        # 503: the quota store is down; a client may try again shortly (nothing was counted).
        self.send_json(status, payload, extra={"Retry-After": "1"} if status == 503 else None)

    def read_body(self) -> bytes:
        """The body, bounded; malformed framing is an HTTPError (400/413)."""
        encoding = self.headers.get_all("Transfer-Encoding") or []
        lengths = self.headers.get_all("Content-Length") or []
        if (encoding and lengths) or len(lengths) > 1:  # ambiguous framing: request smuggling
            raise HTTPError(400, "bad_request", "Conflicting Content-Length or Transfer-Encoding")
        if encoding:
            if [value.strip().lower() for value in encoding] != ["chunked"]:
                raise HTTPError(400, "bad_request", "Unsupported Transfer-Encoding")
            return self.read_chunked()
        if not lengths:
            return b""
        if _LENGTH.fullmatch(lengths[0].strip()) is None:
            raise HTTPError(400, "bad_request", "Invalid Content-Length")
        length = int(lengths[0])
        if length > self.max_body_bytes:
            raise catalogue_error("body_too_large")  # answered before a byte of the body is read
        body = self.rfile.read(length)
        if len(body) < length:
            raise HTTPError(400, "bad_request", "Body shorter than Content-Length")
        return body

    def read_chunked(self) -> bytes:
        """A chunked body (RFC 9112 section 7.1), never more than max_body_bytes."""
        parts: list[bytes] = []
        size = 0
        while True:
            match = _CHUNK_SIZE.fullmatch(self.rfile.readline(1024))
            if match is None:
                raise HTTPError(400, "bad_request", "Invalid chunked body")
            chunk = int(match[1], 16)
            if chunk == 0:
                break
            size += chunk
            if size > self.max_body_bytes:
                raise catalogue_error("body_too_large")
            parts.append(self.rfile.read(chunk))
            if len(parts[-1]) < chunk or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise HTTPError(400, "bad_request", "Invalid chunked body")
        for _ in range(100):  # trailer fields, up to the empty line
            if self.rfile.readline(8192) in (b"\r\n", b"\n", b""):
                return b"".join(parts)
        raise HTTPError(400, "bad_request", "Invalid chunked body")

    def refuse_method(self) -> None:
        if self.path.split("?", 1)[0].split("/")[:2] != ["", "datasets"]:
            err = catalogue_error("not_found")
            return self.send_json(err.status, err.body)
        self.send_json(405, {"success": False, "error": "Method not allowed", "code": "method_not_allowed"},
                       extra={"Allow": "POST"})

    do_GET = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = refuse_method

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own answers (bad request line, headers too large...), as JSON."""
        self.close_connection = True
        self.send_json(code, {"success": False, "error": message or "Bad request", "code": "bad_request"})

    def send_json(self, status: int, payload: dict[str, Any], extra: Mapping[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(extra or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class Server(ThreadingHTTPServer):
    """A thread per request, at most ``max_workers`` at once; the rest wait in the backlog."""

    request_queue_size = BACKLOG  # the listen backlog (socketserver's default is 5)

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler],
                 max_workers: int = MAX_WORKERS) -> None:
        self.slots = threading.BoundedSemaphore(max_workers)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        self.slots.acquire()  # the accept loop waits here while every worker is busy
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    Server(("127.0.0.1", 8080), Handler).serve_forever()
