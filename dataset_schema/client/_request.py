"""Building requests, sans-IO: the endpoint's path and headers for one body."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Endpoint", "Request", "new_request_id"]

USER_AGENT = "dataset-schema-python"


def new_request_id() -> str:
    """A fresh ``X-Request-Id``: unique, so a retried batch can be de-duplicated downstream."""
    return "req_" + uuid.uuid4().hex


@dataclass(frozen=True)
class Request:
    """One request to send, the same bytes on every attempt."""

    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    request_id: str
    count: int


def _dataset_id(value: object) -> int | None:
    if value is None:
        return None
    text = str(value) if type(value) is int else value
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or text.startswith("0"):
        raise ValueError(f"dataset_id must be a positive integer, got {value!r}")
    return int(text)


def _header_value(name: str, value: str) -> str:
    if not isinstance(value, str) or not value or any(c in value for c in "\r\n\x00"):
        raise ValueError(f"{name} must be a non-empty string on one line")
    return value


class Endpoint:
    """Where and how to send: the base URL's parts, the dataset selector, the key."""

    def __init__(self, base_url: str, api_key: str, dataset_id: object, id_in_header: bool) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be an http:// or https:// URL, got {base_url!r}")
        self.base_url = base_url
        self.prefix = parts.path.rstrip("/")
        self.dataset_id = _dataset_id(dataset_id)
        self.id_in_header = id_in_header
        headers = [
            ("Authorization", "Bearer " + _header_value("api_key", api_key)),
            ("Content-Type", "application/json"),
            ("User-Agent", USER_AGENT),
        ]
        if id_in_header and self.dataset_id is not None:
            headers.append(("X-Loguro-Dataset-Id", str(self.dataset_id)))
        self._headers = tuple(headers)

    def path(self, batch: bool) -> str:
        path = self.prefix + "/datasets"
        if self.dataset_id is not None and not self.id_in_header:
            path += f"/{self.dataset_id}"
        return path + "/batch" if batch else path

    def request(self, body: bytes, *, batch: bool, count: int, request_id: str | None) -> Request:
        rid = new_request_id() if request_id is None else _header_value("request_id", request_id)
        headers = self._headers + (("X-Request-Id", rid),)
        return Request(self.path(batch), headers, body, rid, count)
