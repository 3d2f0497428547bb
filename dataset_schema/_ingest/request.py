"""The ingest request flow, sans-IO: the host passes what it read, this decides.

Rules, in order (the first that fails answers):

1. project: the project claim is a non-empty string       401 project_not_found
2. route: one of the four ingest paths                     404 not_found
3. dataset id: path, else X-Loguro-Dataset-Id, else the
   project's default; header and path must agree          400 invalid_dataset_id
4. schema: (project, dataset) is registered                404 schema_not_found
4a. size: at most max_body_bytes, before parsing           413 body_too_large (extension)
4b. X-Request-Id: at most 128 printable ASCII characters   400 invalid_request_id (extension)
5. body: parse_record / parse_batch                        400 (the core's answers)
6. quota, if a store is given: user claim, then reserve   401 user_not_found / 429 quota_exceeded
                                                           503 quota_unavailable (extension)
7. accepted: records get ``__traceId`` from X-Request-Id   202
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping, Protocol

from .._core.validator import Validator
from .._errors import QuotaUnavailable, make_error
from .quota import QuotaResult, QuotaStore, quota_period
from .route import DATASET_ID_HEADER, REQUEST_ID_HEADER, Headers, header_map, parse_dataset_id, parse_route

__all__ = ["Accepted", "DatasetLookup", "MAX_REQUEST_ID", "TRACE_ID_KEY", "ingest_request"]

#: The key the X-Request-Id header is stored under in each accepted record.
TRACE_ID_KEY = "__traceId"

#: The longest X-Request-Id accepted: it is copied into every record of a batch,
#: so its length multiplies the output (docs/ingest.md, "Bounds").
MAX_REQUEST_ID = 128

# Printable ASCII (space to tilde): no CR/LF, controls or non-ASCII reach the queue.
_REQUEST_ID = re.compile(r"[\x20-\x7e]{1,%d}" % MAX_REQUEST_ID)


@dataclass(frozen=True)
class Accepted:
    """An accepted request: what to queue for the worker, and what to answer.

    ``records`` are the validated records (the worker output); ``status`` and
    ``body`` are the HTTP answer.  ``quota`` is the reservation, when a quota
    store was given.
    """

    project_id: str
    dataset_id: int
    batch: bool
    records: list[dict[str, Any]]
    trace_id: str | None = None
    quota: QuotaResult | None = None
    status: int = 202

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def body(self) -> dict[str, Any]:
        """The JSON response body, keys in the API's order."""
        if self.batch:
            return {"success": True, "count": self.count, "status": "queued"}
        return {"success": True, "status": "queued"}


class DatasetLookup(Protocol):
    """What the request flow needs from a registry: claim names and look-ups.

    ``Registry`` implements it; the flow depends on this, not on the registry,
    so the two modules do not import each other.
    """

    @property
    def project_claim(self) -> str: ...

    @property
    def user_claim(self) -> str: ...

    def get(self, project_id: str, dataset_id: int) -> Validator | None: ...

    def default_dataset(self, project_id: str) -> int | None: ...

    @property
    def max_body_bytes(self) -> int | None: ...


def _claim(claims: object, name: str) -> str | None:
    """A claim's value if it is a non-empty string, else ``None``."""
    if not isinstance(claims, Mapping):
        return None
    value = claims.get(name)
    return value if isinstance(value, str) and value != "" else None


def _select_dataset(id_text: str | None, header: str | None, default: int | None) -> int | None:
    """The dataset id the request selects (``None``: the project has no default)."""
    from_header = None if header is None else parse_dataset_id(header)
    if header is not None and from_header is None:
        raise make_error("invalid_dataset_id")
    if id_text is None:
        return default if from_header is None else from_header
    from_path = parse_dataset_id(id_text)
    if from_path is None or (from_header is not None and from_header != from_path):
        raise make_error("invalid_dataset_id")
    return from_path


def _body_size(body: str | bytes | bytearray | memoryview) -> int:
    """The body's length in bytes (UTF-8 for a str), without copying a bytes-like one."""
    if isinstance(body, memoryview):
        return body.nbytes
    if isinstance(body, str):
        return len(body.encode("utf-8", "surrogatepass"))
    return len(body)


def _check_size(body: str | bytes | bytearray | memoryview, limit: int | None) -> None:
    if limit is None or not isinstance(body, (str, bytes, bytearray, memoryview)):
        return  # a wrong body type is the core's TypeError, raised at rule 5
    if isinstance(body, str) and len(body) * 4 <= limit:
        return  # 1 to 4 UTF-8 bytes per character: surely within, no need to encode
    if _body_size(body) > limit:
        raise make_error("body_too_large")


def _trace_id(value: str | None) -> str | None:
    """X-Request-Id, trimmed; empty is absent; too long or not printable ASCII is refused."""
    if not value:
        return None
    if _REQUEST_ID.fullmatch(value) is None:
        raise make_error("invalid_request_id")
    return value


def _reserve(quota: QuotaStore, user: str, count: int, now: datetime | None) -> QuotaResult:
    """One reservation; every failure of the store is ``QuotaUnavailable`` (fail closed)."""
    when = datetime.now(timezone.utc) if now is None else now
    quota_period(when)  # a naive or non-datetime ``now`` is the host's error, not the store's
    try:
        reservation = quota.reserve(user, count, when)
    except QuotaUnavailable:
        raise
    except Exception as err:
        raise QuotaUnavailable() from err
    if not reservation.admitted:
        raise make_error("quota_exceeded", details={"quota": reservation.details()})
    return reservation


def ingest_request(
    registry: DatasetLookup,
    *,
    path: str | bytes,
    headers: Headers | None,
    body: str | bytes | bytearray | memoryview,
    claims: Mapping[str, Any] | None,
    quota: QuotaStore | None,
    now: datetime | None,
) -> Accepted:
    """``Registry.ingest``: the rules above, in order."""
    project = _claim(claims, registry.project_claim)
    if project is None:
        raise make_error("project_not_found")

    route = parse_route(path)

    fields = header_map(headers)
    dataset = _select_dataset(
        route.id_text, fields.get(DATASET_ID_HEADER), registry.default_dataset(project)
    )
    validator = None if dataset is None else registry.get(project, dataset)
    if validator is None or dataset is None:
        raise make_error("schema_not_found")

    _check_size(body, registry.max_body_bytes)
    trace_id = _trace_id(fields.get(REQUEST_ID_HEADER))

    records = validator.parse_batch(body) if route.batch else [validator.parse_record(body)]

    reservation = None
    if quota is not None:
        user = _claim(claims, registry.user_claim)
        if user is None:
            raise make_error("user_not_found")
        reservation = _reserve(quota, user, len(records), now)

    if trace_id is not None:
        for record in records:
            record[TRACE_ID_KEY] = trace_id
    return Accepted(project, dataset, route.batch, records, trace_id, reservation)
