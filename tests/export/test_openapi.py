"""Registry.to_openapi(): a valid OpenAPI 3.1 document that the example server's answers conform to."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

import dataset_schema as ds

from ..support.example_server import load_example
from ..support.seed import SEED_SCHEMA

# Drawing one request body costs ~0.3 s (the timestamp pattern, nested contexts): a few per
# operation keep the run in seconds; the four operations get 4 x _EXAMPLES requests.
_EXAMPLES = 6
AUTH = {"Authorization": "Bearer YOUR_PROJECT_API_KEY"}


def test_document_is_valid_openapi_3_1() -> None:
    registry = ds.Registry.from_dict({"p_1": {"default": 13, "datasets": {
        "13": SEED_SCHEMA, "14": {"fields": {'a"</script>': "number", "__proto__": "timestamp"}}}}})
    document = registry.to_openapi()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/datasets/13", "/datasets/13/batch", "/datasets/14", "/datasets/14/batch",
                                      "/datasets", "/datasets/batch"}
    schemas = document["components"]["schemas"]
    assert schemas["ErrorBody"]["properties"]["code"]["enum"] == list(ds.CATALOGUE)
    assert schemas["Error401"]["properties"]["code"]["enum"] == ["project_not_found", "user_not_found"]
    assert schemas["Error429"]["required"] == ["quota"]
    assert ds.Schema.from_dict(schemas["Dataset14Record"]["x-dataset-schema"]) == ds.Schema.from_dict(
        {"fields": {'a"</script>': "number", "__proto__": "timestamp"}})
    legacy = document["paths"]["/datasets/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert legacy == {"$ref": "#/components/schemas/Dataset13Batch"}
    assert document["security"] == [{"bearerAuth": []}]


def test_every_status_the_server_can_answer_is_listed() -> None:
    definition = {"p": {"datasets": {"2": {"fields": {}}}}}
    plain = ds.Registry.from_dict(definition).to_openapi()["paths"]["/datasets/2"]["post"]["responses"]
    assert list(plain) == ["202", "400", "401", "404", "429", "503"]
    limited = ds.Registry.from_dict(definition, max_body_bytes=1000).to_openapi()
    validate(limited)
    responses = limited["paths"]["/datasets/2/batch"]["post"]["responses"]
    assert list(responses) == ["202", "400", "401", "404", "413", "429", "503"]
    assert "1000 bytes" in responses["413"]["description"]
    schemas = limited["components"]["schemas"]
    statuses = {row.status for row in ds.CATALOGUE.values()}
    assert {f"Error{status}" for status in statuses} <= set(schemas)
    assert {str(status) for status in statuses} <= set(responses)  # no status of the catalogue left out
    assert "invalid_request_id" in schemas["Error400"]["properties"]["code"]["enum"]


def test_without_default_there_are_no_legacy_paths() -> None:
    document = ds.Registry.from_dict({"p": {"datasets": {"2": {"fields": {}}}}}).to_openapi()
    validate(document)
    assert set(document["paths"]) == {"/datasets/2", "/datasets/2/batch"}


def test_one_project_per_document() -> None:
    registry = ds.Registry.from_dict({"a": {"datasets": {"1": {"fields": {}}}}, "b": {"datasets": {"1": {"fields": {"x": "string"}}}}})
    with pytest.raises(ValueError, match="serves 2 projects"):
        registry.to_openapi()
    with pytest.raises(ValueError, match="no project 'c'"):
        registry.to_openapi("c")
    assert "Dataset1Record" in registry.to_openapi("b")["components"]["schemas"]


def test_the_example_servers_answers_conform(tmp_path: Path) -> None:
    """A bounded schemathesis run over loopback: no 5xx, every answer conforms to the document."""
    import schemathesis
    from schemathesis.specs.openapi.checks import (
        content_type_conformance, response_schema_conformance, status_code_conformance)
    from schemathesis.checks import not_a_server_error

    example = load_example()

    class Quiet(example.Handler):  # type: ignore[name-defined,misc]
        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{httpd.server_address[1]}"
    schema = schemathesis.openapi.from_dict(example.REGISTRY.to_openapi())
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    seen: set[tuple[str, int]] = set()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()

            @settings(max_examples=_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy())
            def run(case: Any) -> None:
                response = case.call(base_url=base_url, headers=AUTH, timeout=10)
                case.validate_response(response, checks=checks)
                seen.add((operation.path, response.status_code))

            run()
    finally:
        httpd.shutdown()
        httpd.server_close()
    # The run reached accepted records and rejected ones on every path.
    assert {status for _, status in seen} >= {202, 400}
