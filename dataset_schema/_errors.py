"""The one catalogue of the ingest API's answers, and the two error types.

Every message, code and HTTP status the library can produce is listed in
``CATALOGUE``; nothing else in the package spells a message.  ``docs/errors.md``
lists the same rows and ``tests/test_errors.py`` keeps the two in step.
"""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

__all__ = ["CATALOGUE", "IngestError", "Problem", "QuotaUnavailable", "SchemaError", "make_error"]


class Problem(NamedTuple):
    """One row of the catalogue: a machine code, its HTTP status, its message.

    ``template`` holds ``{field}`` where the message names a field.
    """

    code: str
    status: int
    template: str
    summary: str


_ROWS = (
    # Request-level answers (the ingest flow, see docs/ingest.md).
    Problem("project_not_found", 401, "Project not found in API token claims",
            "the token's claims carry no usable project id"),
    Problem("user_not_found", 401, "User not found in API token claims",
            "a quota store is in use and the claims carry no usable user id"),
    Problem("not_found", 404, "Not found", "the path is not an ingest endpoint"),
    Problem("invalid_dataset_id", 400, "Invalid dataset ID",
            "the dataset id is not a positive decimal integer, or path and header disagree"),
    Problem("schema_not_found", 404, "Dataset schema not found",
            "the project has no such dataset (or no default dataset)"),
    Problem("quota_exceeded", 429, "Dataset quota exceeded",
            "accepting the records would exceed the monthly dataset quota"),
    # Extensions of the API's catalogue: answers of this library's own bounds and faults.
    Problem("body_too_large", 413, "Request body too large",
            "extension: the body is longer than the registry's max_body_bytes (checked before parsing)"),
    Problem("invalid_request_id", 400, "Invalid X-Request-Id header",
            "extension: X-Request-Id is longer than 128 characters or not printable ASCII"),
    Problem("quota_unavailable", 503, "Quota store unavailable",
            "extension: the quota store failed (down, timed out, misconfigured); nothing was counted"),
    # Body-level answers.
    Problem("invalid_json", 400, "Invalid JSON body", "the body is not strict UTF-8 JSON text"),
    Problem("payload_not_object", 400, "Payload must be an object",
            "a single record (or the single body) is not a JSON object"),
    Problem("batch_not_array", 400, "Batch body must be a non-empty array",
            "a batch body is not an array, or is empty"),
    # Record-level answers, in the order the rules are applied.
    Problem("invalid_timestamp", 400, "Invalid or missing timestamp",
            "`timestamp` is absent or not an RFC 3339 date-time"),
    Problem("context_not_object", 400, "context must be an object",
            "`context` is absent or not an object"),
    Problem("extra_field", 400, "Extra field: {field}", "a key that the schema does not declare"),
    Problem("missing_field", 400, "Missing field: {field}", "a declared field is absent"),
    Problem("invalid_string_field", 400, "Invalid string field: {field}",
            "a declared string field holds something else"),
    Problem("invalid_number_field", 400, "Invalid number field: {field}",
            "a declared number field holds something else (or a non-finite number)"),
    Problem("invalid_boolean_field", 400, "Invalid boolean field: {field}",
            "a declared boolean field holds something else"),
    Problem("invalid_timestamp_field", 400, "Invalid timestamp field: {field}",
            "a declared timestamp field holds something that is not an RFC 3339 date-time"),
)

CATALOGUE: Mapping[str, Problem] = {row.code: row for row in _ROWS}


class IngestError(Exception):
    """A rejection, exactly as the ingest API words it.

    ``str(err) == err.message``.  ``code`` and ``status`` come from the
    catalogue; ``field`` names the field a record-level error is about and
    ``index`` the record's position in a batch.  ``details`` carries extra,
    JSON-ready data for some codes (the quota figures of ``quota_exceeded``).
    The error never holds the record it was found in, and it pickles.
    """

    message: str
    code: str
    status: int
    field: str | None
    index: int | None
    details: Mapping[str, Any] | None

    def __init__(
        self,
        message: str,
        code: str,
        status: int = 400,
        field: str | None = None,
        index: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        # Every argument goes to Exception.__init__ so copy and pickle rebuild it.
        super().__init__(message, code, status, field, index, details)
        self.message = message
        self.code = code
        self.status = status
        self.field = field
        self.index = index
        self.details = details

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        parts = [repr(self.message), f"code={self.code!r}", f"status={self.status!r}"]
        if self.field is not None:
            parts.append(f"field={self.field!r}")
        if self.index is not None:
            parts.append(f"index={self.index!r}")
        if self.details is not None:
            parts.append(f"details={self.details!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def _key(self) -> tuple[Any, ...]:
        return (self.message, self.code, self.status, self.field, self.index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IngestError):
            return NotImplemented
        return self._key() == other._key() and self.details == other.details

    def __hash__(self) -> int:
        return hash(self._key())

    def with_index(self, index: int | None) -> IngestError:
        """The same error, placed at ``index`` of a batch."""
        return IngestError(self.message, self.code, self.status, self.field, index, self.details)

    @property
    def body(self) -> dict[str, Any]:
        """The JSON response body a server sends for this error."""
        body: dict[str, Any] = {"success": False, "error": self.message, "code": self.code}
        if self.field is not None:
            body["field"] = self.field
        if self.index is not None:
            body["index"] = self.index
        if self.details:
            body.update(self.details)
        return body


class QuotaUnavailable(IngestError):
    """The quota store could not decide: the request is refused (503), nothing admitted.

    Every failure of a store (connection refused, timeout, wrong key types,
    a script the server lost) surfaces as this one type, so a server maps it to
    ``err.status, err.body`` like any rejection.  The store's own exception is
    chained as ``__cause__`` for logs; it never reaches the response body.
    """

    def __init__(
        self,
        message: str = CATALOGUE["quota_unavailable"].template,
        code: str = "quota_unavailable",
        status: int = 503,
        field: str | None = None,
        index: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code, status, field, index, details)


class SchemaError(ValueError):
    """A schema definition that cannot be compiled; the message names the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def make_error(
    code: str,
    field: str | None = None,
    index: int | None = None,
    details: Mapping[str, Any] | None = None,
) -> IngestError:
    """Build the catalogue's error for ``code`` (about ``field`` where it names one)."""
    row = CATALOGUE[code]
    message = row.template.format(field=field) if field is not None else row.template
    return IngestError(message, row.code, row.status, field, index, details)
