"""The embedding example (docs/examples/ingest_server.py) over real HTTP, and docs/ingest.md quoting it."""

from __future__ import annotations

import http.client
import importlib.util
import json
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import pytest

from ..support.seed import SEED_SINGLE

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "docs" / "examples" / "ingest_server.py"

SINGLE = SEED_SINGLE


@pytest.fixture(scope="module")
def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ingest_server_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def server(example: ModuleType) -> Iterator[tuple[str, int]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), example.Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()


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
