"""The embedding example (docs/examples/ingest_server.py) over real HTTP, and docs/ingest.md quoting it."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import pytest

from ..support.example_server import EXAMPLE, load_example
from ..support.seed import SEED_BATCH, SEED_SINGLE

ROOT = Path(__file__).resolve().parents[2]

SINGLE = SEED_SINGLE


@pytest.fixture(scope="module")
def example() -> ModuleType:
    return load_example()


WORKERS = 4


@pytest.fixture(scope="module")
def httpd(example: ModuleType) -> Iterator[Any]:
    class Handler(example.Handler):  # type: ignore[name-defined, misc]
        timeout = 1  # the example's 10 s, shortened so the stalled-client tests stay quick

    server = example.Server(("127.0.0.1", 0), Handler, max_workers=WORKERS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server(httpd: Any) -> tuple[str, int]:
    return "127.0.0.1", httpd.server_address[1]


def post(server: tuple[str, int], path: str, body: bytes, **headers: str) -> tuple[int, Any]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        sent = {"Authorization": "Bearer YOUR_PROJECT_API_KEY", "Content-Type": "application/json"}
        sent.update({name.replace("_", "-"): value for name, value in headers.items()})
        connection.request("POST", path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_the_seed_example_over_http(server: tuple[str, int], example: ModuleType) -> None:
    before = len(example.QUEUE)
    status, body = post(server, "/datasets/13", SINGLE, X_Request_Id="req_123")
    assert (status, body) == (202, {"success": True, "status": "queued"})
    assert example.QUEUE[before:] == [{**json.loads(SINGLE), "__traceId": "req_123"}]


def test_the_seed_batch_example_over_http(server: tuple[str, int], example: ModuleType) -> None:
    # The seed's second curl example, headers and body as it sends them.
    before = len(example.QUEUE)
    status, body = post(server, "/datasets/13/batch", SEED_BATCH)
    assert (status, json.dumps(body)) == (202, '{"success": true, "count": 2, "status": "queued"}')
    assert example.QUEUE[before:] == json.loads(SEED_BATCH)


def test_rejections_over_http(server: tuple[str, int], example: ModuleType) -> None:
    before = len(example.QUEUE)
    assert post(server, "/datasets/13/batch", b"{}") == (
        400, {"success": False, "error": "Batch body must be a non-empty array", "code": "batch_not_array"})
    assert post(server, "/datasets/14", SINGLE) == (
        404, {"success": False, "error": "Dataset schema not found", "code": "schema_not_found"})
    assert post(server, "/datasets/13", SINGLE, Authorization="Bearer nope") == (
        401, {"success": False, "error": "Project not found in API token claims",
              "code": "project_not_found"})
    assert len(example.QUEUE) == before


def test_the_docs_quote_the_example() -> None:
    doc = (ROOT / "docs" / "ingest.md").read_text(encoding="utf-8")
    source = EXAMPLE.read_text(encoding="utf-8")
    marker = "<!-- docs/examples/ingest_server.py -->\n```python\n"
    assert marker in doc
    quoted = doc.split(marker, 1)[1].split("```\n", 1)[0]
    assert quoted == source


# --- the template's defences, over real HTTP ------------------------------------------------


def raw(server: tuple[str, int], data: bytes, *, then: bytes = b"", wait: float = 0.0) -> tuple[int, Any]:
    """Send bytes as they are (no client library fixing them up); the status and JSON answer."""
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(data)
        if wait:
            time.sleep(wait)
        if then:
            sock.sendall(then)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    assert b"Content-Type: application/json" in head, head
    return status, json.loads(body)


def request_head(path: str = "/datasets/13", **headers: str) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: x", "Authorization: Bearer YOUR_PROJECT_API_KEY"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


BAD_REQUEST = {"success": False, "code": "bad_request"}


@pytest.mark.parametrize(
    "length", ["\xb2", "99999999999999999999", "-1", "1e3", "0x10", " ", "12, 12", "\u0661".encode().decode("latin-1")], ids=repr)
def test_malformed_content_length_is_400_json(server: tuple[str, int], length: str) -> None:
    status, body = raw(server, request_head(**{"Content-Length": length}) + SINGLE)
    assert status == 400
    assert {k: body[k] for k in BAD_REQUEST} == BAD_REQUEST and body["error"] == "Invalid Content-Length"


def test_two_content_lengths_or_length_with_chunked_are_400(server: tuple[str, int]) -> None:
    head = request_head(**{"Content-Length": "3"}).replace(b"\r\n\r\n", b"\r\nContent-Length: 3\r\n\r\n")
    assert raw(server, head + b"{}}")[0] == 400
    both = request_head(**{"Content-Length": "3", "Transfer-Encoding": "chunked"})
    assert raw(server, both + b"0\r\n\r\n")[1]["error"] == "Conflicting Content-Length or Transfer-Encoding"
    assert raw(server, request_head(**{"Transfer-Encoding": "gzip"}))[1]["error"] == "Unsupported Transfer-Encoding"


def test_content_length_larger_than_the_body_times_out_with_408(server: tuple[str, int]) -> None:
    started = time.monotonic()
    status, body = raw(server, request_head(**{"Content-Length": "100"}) + b'{"a": 1}')
    assert (status, body["code"]) == (408, "request_timeout")
    assert time.monotonic() - started < 5  # the handler's 1 s socket timeout, not forever


def test_a_body_past_the_bound_is_413_before_it_is_read(server: tuple[str, int], example: ModuleType) -> None:
    # Only the headers are sent: the answer comes without the server waiting for 1 MB.
    length = str(example.MAX_BODY_BYTES + 1)
    status, body = raw(server, request_head(**{"Content-Length": length}))
    assert (status, body) == (413, {"success": False, "error": "Request body too large", "code": "body_too_large"})


def test_a_chunked_body_past_the_bound_is_413(server: tuple[str, int], example: ModuleType) -> None:
    chunk = b"x" * 65536
    data = request_head(**{"Transfer-Encoding": "chunked"})
    data += b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(example.MAX_BODY_BYTES // 65536 + 1))
    assert raw(server, data + b"0\r\n\r\n")[0] == 413


def test_chunked_bodies_are_read(server: tuple[str, int], example: ModuleType) -> None:
    before = len(example.QUEUE)
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        pieces = iter([SINGLE[:10], SINGLE[10:50], SINGLE[50:]])
        connection.request("POST", "/datasets/13", body=pieces, encode_chunked=True,
                           headers={"Authorization": "Bearer YOUR_PROJECT_API_KEY"})
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (202, {"success": True, "status": "queued"})
    finally:
        connection.close()
    assert example.QUEUE[before:] == [json.loads(SINGLE)]
    # With a chunk extension and a trailer field, by hand.
    body = b"5;ext=1\r\n" + SINGLE[:5] + b"\r\n" + hex(len(SINGLE) - 5)[2:].encode() + b"\r\n" + SINGLE[5:]
    body += b"\r\n0\r\nX-Trailer: 1\r\n\r\n"
    assert raw(server, request_head(**{"Transfer-Encoding": "chunked"}) + body)[0] == 202


@pytest.mark.parametrize("body", [b"zz\r\n", b"5\r\nabc", b"5\r\nabcdefg\r\n0\r\n\r\n", b"-1\r\n"], ids=repr)
def test_malformed_chunked_bodies_are_400(server: tuple[str, int], body: bytes) -> None:
    status, answer = raw(server, request_head(**{"Transfer-Encoding": "chunked"}) + body)
    # A chunk shorter than announced waits for the rest: the socket timeout answers it.
    assert (status, answer["code"]) in ((400, "bad_request"), (408, "request_timeout"))
    if status == 400:
        assert answer["error"] == "Invalid chunked body"


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods_are_405_json(server: tuple[str, int], method: str) -> None:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.request(method, "/datasets/13")
        response = connection.getresponse()
        assert (response.status, response.getheader("Allow")) == (405, "POST")
        assert json.loads(response.read()) == {"success": False, "error": "Method not allowed",
                                               "code": "method_not_allowed"}
        connection.request(method, "/nope")
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (
            404, {"success": False, "error": "Not found", "code": "not_found"})
    finally:
        connection.close()


def test_unknown_paths_and_methods_answer_json(server: tuple[str, int]) -> None:
    assert post(server, "/nope", SINGLE) == (404, {"success": False, "error": "Not found", "code": "not_found"})
    status, body = raw(server, b"BREW /datasets HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 501 and body["success"] is False
    status, body = raw(server, b"POST /datasets/13 HTTP/1.1\r\n" + b"X-A: 1\r\n" * 101 + b"\r\n")
    assert status == 431 and body["success"] is False


def test_a_stalled_client_frees_its_thread(server: tuple[str, int], example: ModuleType) -> None:
    assert 0 < example.Handler.timeout <= 60  # the template itself sets one (the fixture shortens it)
    # Headers that never finish: the socket timeout closes the connection, no answer owed.
    with socket.create_connection(server, timeout=10) as sock:
        sock.sendall(b"POST /datasets/13 HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        assert sock.recv(100) == b""
        assert time.monotonic() - started < 5
    assert post(server, "/datasets/13", SINGLE)[0] == 202


def test_store_failure_is_503_json(server: tuple[str, int], example: ModuleType,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    class Down:
        def reserve(self, user_id: str, count: int, now: Any) -> Any:
            raise ConnectionRefusedError("store down")

    before = len(example.QUEUE)
    monkeypatch.setattr(example, "QUOTA", Down())
    assert post(server, "/datasets/13", SINGLE) == (
        503, {"success": False, "error": "Quota store unavailable", "code": "quota_unavailable"})
    assert len(example.QUEUE) == before
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.request("POST", "/datasets/13", body=SINGLE,
                           headers={"Authorization": "Bearer YOUR_PROJECT_API_KEY"})
        response = connection.getresponse()
        assert (response.status, response.getheader("Retry-After")) == (503, "1")
        response.read()
    finally:
        connection.close()


def test_request_id_past_the_bound_is_400(server: tuple[str, int]) -> None:
    assert post(server, "/datasets/13", SINGLE, X_Request_Id="r" * 129)[1]["code"] == "invalid_request_id"
    status, body = raw(server, request_head(**{"Content-Length": str(len(SINGLE)), "X-Request-Id": "a\xe9"}) + SINGLE)
    assert (status, body["code"]) == (400, "invalid_request_id")


def test_concurrency_is_bounded_and_the_backlog_is_larger(server: tuple[str, int], httpd: Any) -> None:
    assert httpd.request_queue_size == 128
    active, peak, guard = [0], [0], threading.Lock()
    original = httpd.finish_request

    def counted(request: Any, address: Any) -> None:
        with guard:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        try:
            original(request, address)
        finally:
            with guard:
                active[0] -= 1

    httpd.finish_request = counted
    try:
        results: list[int] = []

        def client() -> None:
            results.append(post(server, "/datasets/13", SINGLE)[0])

        threads = [threading.Thread(target=client) for _ in range(64)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        del httpd.finish_request
    assert results == [202] * 64  # no connection reset, every client answered
    assert 1 <= peak[0] <= WORKERS
