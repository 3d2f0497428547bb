"""Transports: how a request's bytes reach the API and its answer comes back.

A transport has ``send(request, timeout) -> Response`` and ``close()``.  It raises
``OSError`` (timeouts included) or ``http.client.HTTPException`` when no answer came;
deciding what an answer means is ``parse_response``'s job, never the transport's.

``HTTPTransport`` is the default, on ``http.client``: keep-alive, one connection per
thread (the background sender has its own), reopened when the server closed it.
``urllib.request`` is not used because it sends ``Connection: close`` on every request.
"""

from __future__ import annotations

import http.client
import os
import ssl
import threading
from typing import Protocol
from urllib.parse import urlsplit

from ._request import Request
from ._response import Response

__all__ = ["HTTPTransport", "NETWORK_ERRORS", "Transport"]

#: What a transport raises when no answer came back: retried.
NETWORK_ERRORS = (OSError, http.client.HTTPException)

# A reused keep-alive connection the server closed in the meantime fails like this on
# the first write or read; one fresh connection is tried at once, as urllib3 does.
_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class Transport(Protocol):
    def send(self, request: Request, timeout: float) -> Response: ...

    def close(self) -> None: ...


class HTTPTransport:
    """The standard library's HTTP/1.1 client, one keep-alive connection per thread."""

    def __init__(self, base_url: str, *, ssl_context: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._ssl_context = ssl_context
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        # After fork the child must not touch the parent's sockets: forget them (they
        # are closed when collected; no TLS close_notify is sent by closing an fd).
        self._pid = os.getpid()
        self._local = threading.local()
        self._open: list[http.client.HTTPConnection] = []

    def _new_connection(self, timeout: float) -> http.client.HTTPConnection:
        connection: http.client.HTTPConnection
        if self._https:
            context = self._ssl_context or ssl.create_default_context()
            connection = http.client.HTTPSConnection(self._host, self._port, timeout=timeout, context=context)
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=timeout)
        with self._lock:
            self._open.append(connection)
        return connection

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if os.getpid() != self._pid:
            with self._lock:
                self._reset()
        connection: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = self._new_connection(timeout)
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection

    def send(self, request: Request, timeout: float) -> Response:
        connection = self._connection(timeout)
        reused = connection.sock is not None
        try:
            return self._exchange(connection, request)
        except _STALE:
            connection.close()
            if not reused:
                raise
        except BaseException:
            connection.close()  # a half-read answer leaves the connection unusable
            raise
        try:
            return self._exchange(connection, request)
        except BaseException:
            connection.close()
            raise

    @staticmethod
    def _exchange(connection: http.client.HTTPConnection, request: Request) -> Response:
        connection.request("POST", request.path, body=request.body, headers=dict(request.headers))
        answer = connection.getresponse()
        body = answer.read()  # http.client closes the socket itself when the server said close
        headers = {name.lower(): value for name, value in answer.getheaders()}
        return Response(answer.status, headers, body)

    def close(self) -> None:
        with self._lock:
            connections, self._open = self._open, []
        for connection in connections:
            connection.close()
