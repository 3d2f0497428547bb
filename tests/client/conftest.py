"""Loopback servers for the client tests: the embedding example, and a scripted one that injects faults."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any, Iterator

import pytest

from ..support.example_server import load_example



@pytest.fixture(scope="module")
def example() -> ModuleType:
    return load_example()


def serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def stop(httpd: ThreadingHTTPServer) -> None:
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def example_url(example: ModuleType) -> Iterator[str]:
    httpd, url = serve(example.Handler)
    try:
        yield url
    finally:
        stop(httpd)


class Scripted:
    """A server answering from a script, then 202; it records every request it read.

    Actions: ``(status, body_dict, headers)``; ``("reset",)`` closes with a TCP RST
    after reading the request; ``("slow", seconds)`` answers 202 that much later;
    ``("close-after",)`` answers 202 keep-alive, then closes the connection.
    """

    def __init__(self) -> None:
        self.script: list[tuple[Any, ...]] = []
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.lock = threading.Lock()
        self.connections = 0
        self.accepted: list[tuple[str, bytes]] = []  # the requests answered 202

    def next_action(self) -> tuple[Any, ...] | None:
        with self.lock:
            return self.script.pop(0) if self.script else None

    def handler(self) -> type[BaseHTTPRequestHandler]:
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real server

            def setup(self) -> None:
                super().setup()
                with scripted.lock:
                    scripted.connections += 1

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                action = scripted.next_action()
                with scripted.lock:
                    scripted.requests.append((self.path, headers, body))
                if action is not None and action[0] == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if action is not None and action[0] == "close-after":  # an idle keep-alive timeout, raced
                    self.answer(202, {"success": True, "status": "queued"}, {})
                    self.close_connection = True
                    return
                if action is not None and action[0] == "slow":
                    time.sleep(action[1])
                    action = None
                if action is None:
                    count = len(json.loads(body)) if self.path.endswith("/batch") else None
                    payload = {"success": True, **({"count": count} if count is not None else {}), "status": "queued"}
                    action = (202, payload, {})
                    with scripted.lock:
                        scripted.accepted.append((self.path, body))
                self.answer(*action)

            def answer(self, status: int, payload: Any, headers: dict[str, str]) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout test)

        return Handler

    def records(self, accepted_only: bool = False) -> list[Any]:
        """Every record of every request the server read (or answered 202), in order."""
        found: list[Any] = []
        read = [(path, body) for path, _, body in self.requests]
        for path, body in self.accepted if accepted_only else read:
            data = json.loads(body)
            found.extend(data if path.endswith("/batch") else [data])
        return found


@pytest.fixture
def scripted() -> Iterator[tuple[Scripted, str]]:
    state = Scripted()
    httpd, url = serve(state.handler())
    try:
        yield state, url
    finally:
        stop(httpd)
