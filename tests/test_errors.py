"""docs/errors.md and the catalogue in the code list the same rows."""

from __future__ import annotations

import re
from pathlib import Path

import dataset_schema as ds

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
ROW = re.compile(r"^\| `(?P<code>[a-z_]+)` \| (?P<status>\d{3}) \| `(?P<message>[^`]+)` \|", re.M)


def test_docs_list_exactly_the_catalogue() -> None:
    documented = [(m["code"], int(m["status"]), m["message"]) for m in ROW.finditer(DOC.read_text("utf-8"))]
    in_code = [(p.code, p.status, p.template) for p in ds.CATALOGUE.values()]
    assert documented == in_code


def test_seed_table_messages_are_in_the_catalogue() -> None:
    # The seed's "Strict validation" table, word for word.
    seed = {
        "schema_not_found": "Dataset schema not found",
        "invalid_dataset_id": "Invalid dataset ID",
        "project_not_found": "Project not found in API token claims",
        "invalid_json": "Invalid JSON body",
        "payload_not_object": "Payload must be an object",
        "batch_not_array": "Batch body must be a non-empty array",
        "invalid_timestamp": "Invalid or missing timestamp",
        "context_not_object": "context must be an object",
        "extra_field": "Extra field: extra",
        "missing_field": "Missing field: amount",
        "invalid_string_field": "Invalid string field: country",
        "invalid_number_field": "Invalid number field: amount",
        "invalid_boolean_field": "Invalid boolean field: active",
        "invalid_timestamp_field": "Invalid timestamp field: signup_at",
    }
    for code, message in seed.items():
        row = ds.CATALOGUE[code]
        field = message.rsplit(": ", 1)[1] if "{field}" in row.template else None
        assert row.template.format(field=field) == message


def test_record_and_body_errors_are_400() -> None:
    body_codes = [code for code in ds.CATALOGUE if code.startswith(("invalid_", "payload", "batch", "context", "extra", "missing"))]
    assert {ds.CATALOGUE[code].status for code in body_codes if code != "invalid_dataset_id"} == {400}
