"""request.py: Registry.ingest's rules, in order, with the API's exact answers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset_schema as ds

from ..support.ingest import JUNE, NOTE, NOTES, P1, UTC, answer, make_registry, rejected
from ..support.seed import SEED_BATCH, SEED_HEADERS, SEED_SCHEMA, SEED_SINGLE

SHARED = make_registry()  # ingest never changes a registry


def test_seed_single_record_example(reg: ds.Registry) -> None:
    acc = reg.ingest(path="/datasets/13", headers=SEED_HEADERS, body=SEED_SINGLE, claims=P1)
    assert acc.status == 202
    assert json.dumps(acc.body) == '{"success": true, "status": "queued"}'
    assert (acc.project_id, acc.dataset_id, acc.count) == ("p_1", 13, 1)
    assert acc.records == [json.loads(SEED_SINGLE)]
    assert "__traceId" not in acc.records[0]


def test_seed_batch_example(reg: ds.Registry) -> None:
    acc = reg.ingest(path="/datasets/13/batch", headers=SEED_HEADERS, body=SEED_BATCH, claims=P1)
    assert acc.status == 202
    assert json.dumps(acc.body) == '{"success": true, "count": 2, "status": "queued"}'
    assert (acc.project_id, acc.dataset_id, acc.count) == ("p_1", 13, 2)
    assert acc.records == json.loads(SEED_BATCH)


def test_seed_example_with_the_optional_headers(reg: ds.Registry) -> None:
    headers = {**SEED_HEADERS, "X-Request-Id": "req_123", "X-Loguro-Dataset-Id": "13"}
    acc = reg.ingest(path="/datasets/13/batch", headers=headers, body=SEED_BATCH, claims=P1)
    assert [r["__traceId"] for r in acc.records] == ["req_123", "req_123"]
    assert acc.trace_id == "req_123"
    assert acc.body == {"success": True, "count": 2, "status": "queued"}


@pytest.mark.parametrize(
    "claims",
    [
        None,
        {},
        {"projectId": ""},
        {"projectId": None},
        {"projectId": 13},
        {"projectId": ["p_1"]},
        {"projectId": b"p_1"},
        {"projectid": "p_1"},  # claim names are case-sensitive
        {"project_id": "p_1"},
        # A personal access token: a user, scopes, no project.
        {"sub": "u_1", "userId": "u_1", "type": "pat", "scopes": ["datasets:write"]},
        [("projectId", "p_1")],  # not a mapping
        "p_1",
    ],
    ids=repr,
)
def test_project_claim_must_be_a_non_empty_string(reg: ds.Registry, claims: Any) -> None:
    err = rejected(reg, claims=claims)
    assert (err.status, err.code) == (401, "project_not_found")
    assert err.body == answer("project_not_found")
    assert err.message == "Project not found in API token claims"


def test_unknown_project_has_no_schema(reg: ds.Registry) -> None:
    err = rejected(reg, claims={"projectId": "p_404"})
    assert (err.status, err.body) == (404, answer("schema_not_found"))


def test_dataset_header_agreeing_with_the_path_is_fine(reg: ds.Registry) -> None:
    acc = reg.ingest(path="/datasets/20", headers={"x-loguro-dataset-id": " 20 "}, body=NOTE, claims=P1)
    assert acc.dataset_id == 20


def test_dataset_header_disagreeing_with_the_path(reg: ds.Registry) -> None:
    err = rejected(reg, path="/datasets/20", headers={"X-Loguro-Dataset-Id": "13"}, body=NOTE)
    assert (err.status, err.body) == (400, answer("invalid_dataset_id"))


def test_legacy_paths_use_the_default(reg: ds.Registry) -> None:
    assert reg.ingest(path="/datasets", body=SEED_SINGLE, claims=P1).dataset_id == 13
    acc = reg.ingest(path="/datasets/batch", body=NOTES, claims={"projectId": "p_2"})
    assert (acc.project_id, acc.dataset_id, acc.count) == ("p_2", 14, 3)


def test_legacy_path_without_a_default(reg: ds.Registry) -> None:
    for path in ("/datasets", "/datasets/batch"):
        err = rejected(reg, path=path, claims={"projectId": "p_3"}, body=NOTE)
        assert (err.status, err.body) == (404, answer("schema_not_found"))
    # The header still selects a dataset there.
    acc = reg.ingest(path="/datasets", headers={"X-Loguro-Dataset-Id": "30"}, body=NOTE,
                     claims={"projectId": "p_3"})
    assert acc.dataset_id == 30


def test_unknown_dataset(reg: ds.Registry) -> None:
    err = rejected(reg, path="/datasets/99")
    assert (err.status, err.code, err.body) == (404, "schema_not_found", answer("schema_not_found"))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/datasets/14", None),
        ("/datasets/14/batch", None),
        ("/datasets", {"X-Loguro-Dataset-Id": "14"}),
        ("/datasets/batch", {"X-Loguro-Dataset-Id": "30"}),
    ],
)
def test_a_project_cannot_write_into_another_projects_dataset(
    reg: ds.Registry, path: str, headers: Any
) -> None:
    body = NOTES if path.endswith("batch") else NOTE
    err = rejected(reg, path=path, headers=headers, body=body, claims=P1)
    assert (err.status, err.body) == (404, answer("schema_not_found"))


def test_same_dataset_id_in_two_projects_uses_each_projects_schema(reg: ds.Registry) -> None:
    # Dataset 13 of p_2 declares only "note"; the seed's record is wrong there.
    err = rejected(reg, path="/datasets/13", claims={"projectId": "p_2"})
    assert err.code == "extra_field"
    acc = reg.ingest(path="/datasets/13", body=NOTE, claims={"projectId": "p_2"})
    assert (acc.project_id, acc.dataset_id) == ("p_2", 13)
    assert rejected(reg, path="/datasets/13", body=NOTE).code == "extra_field"


@pytest.mark.parametrize(
    ("path", "body", "code", "extra"),
    [
        ("/datasets/13", b"", "invalid_json", {}),
        ("/datasets/13", b"{", "invalid_json", {}),
        ("/datasets/13", b"\xff", "invalid_json", {}),
        ("/datasets/13", b"[]", "payload_not_object", {}),
        ("/datasets/13", SEED_BATCH, "payload_not_object", {}),
        ("/datasets/13/batch", SEED_SINGLE, "batch_not_array", {}),
        ("/datasets/13/batch", b"[]", "batch_not_array", {}),
        ("/datasets/13", b'{"context": {}}', "invalid_timestamp", {}),
        ("/datasets/13", SEED_SINGLE.replace(b'"pro"', b"7"), "invalid_string_field", {"field": "plan"}),
        ("/datasets/13/batch", SEED_BATCH.replace(b"5,", b'"5",'), "invalid_number_field",
         {"field": "amount", "index": 1}),
        ("/datasets/13/batch", SEED_BATCH.replace(b'"plan": "free",', b'"plan": "free", "extra": 1,'),
         "extra_field", {"field": "extra", "index": 1}),
    ],
)
def test_body_errors_are_the_cores(
    reg: ds.Registry, path: str, body: bytes, code: str, extra: dict[str, Any]
) -> None:
    err = rejected(reg, path=path, body=body)
    assert (err.status, err.code) == (400, code)
    assert err.body == {"success": False, "error": err.message, "code": code, **extra}


@pytest.mark.parametrize("body", [SEED_SINGLE.decode(), bytearray(SEED_SINGLE), memoryview(SEED_SINGLE)])
def test_body_may_be_str_or_any_bytes_like(reg: ds.Registry, body: Any) -> None:
    assert reg.ingest(path="/datasets/13", body=body, claims=P1).records == [json.loads(SEED_SINGLE)]


def test_body_of_another_type_is_a_host_error(reg: ds.Registry) -> None:
    with pytest.raises(TypeError, match="body"):
        reg.ingest(path="/datasets/13", body=json.loads(SEED_SINGLE), claims=P1)


def test_quota_counts_a_batch_as_its_records(reg: ds.Registry) -> None:
    store = ds.MemoryQuotaStore({"u_1": 5})
    acc = reg.ingest(path="/datasets/13/batch", body=SEED_BATCH, claims=P1, quota=store, now=JUNE)
    assert acc.quota == ds.QuotaResult(True, 5, 0, 2, "2026-06")
    assert store.get("usage_total:datasets:u_1:2026-06") == 2
    assert store.get("usage_delta:datasets:u_1:2026-06") == 2
    acc = reg.ingest(path="/datasets/20/batch", body=NOTES, claims=P1, quota=store, now=JUNE)
    assert acc.quota == ds.QuotaResult(True, 5, 2, 3, "2026-06")  # exactly at the limit
    assert store.get("usage_total:datasets:u_1:2026-06") == 5


def test_quota_exceeded(reg: ds.Registry) -> None:
    store = ds.MemoryQuotaStore({"u_1": 4})
    reg.ingest(path="/datasets/13/batch", body=SEED_BATCH, claims=P1, quota=store, now=JUNE)
    err = rejected(reg, path="/datasets/20/batch", body=NOTES, quota=store, now=JUNE)
    quota = {"limit": 4, "used": 2, "requested": 3, "period": "2026-06"}
    assert (err.status, err.code, err.message) == (429, "quota_exceeded", "Dataset quota exceeded")
    assert err.details == {"quota": quota}
    assert err.body == {"success": False, "error": "Dataset quota exceeded", "code": "quota_exceeded",
                        "quota": quota}
    assert json.loads(json.dumps(err.body)) == err.body
    # Nothing counted: the two records that fit still go through.
    assert store.get("usage_total:datasets:u_1:2026-06") == 2
    assert reg.ingest(path="/datasets/13/batch", body=SEED_BATCH, claims=P1, quota=store,
                      now=JUNE).quota == ds.QuotaResult(True, 4, 2, 2, "2026-06")


@pytest.mark.parametrize(
    ("limits", "default", "admitted"),
    [
        ({"u_1": 3}, None, True),       # exactly at the limit
        ({"u_1": 2}, None, False),      # one over
        ({"u_1": -1}, 0, True),         # -1: unlimited
        ({}, None, True),               # missing key: unlimited
        ({}, 2, False),                 # missing key: the store's default
        ({}, 3, True),
    ],
)
def test_quota_boundaries_through_ingest(
    reg: ds.Registry, limits: dict[str, int], default: int | None, admitted: bool
) -> None:
    store = ds.MemoryQuotaStore(limits, default_limit=default)
    request = dict(path="/datasets/20/batch", body=NOTES, claims=P1, quota=store, now=JUNE)
    if admitted:
        assert reg.ingest(**request).count == 3  # type: ignore[arg-type]
        assert store.get("usage_total:datasets:u_1:2026-06") == 3
    else:
        assert rejected(reg, **request).status == 429
        assert store.get("usage_total:datasets:u_1:2026-06") is None


def test_quota_month_rolls_over_at_utc_midnight_of_the_first(reg: ds.Registry) -> None:
    store = ds.MemoryQuotaStore({"u_1": 3})
    june_end = datetime(2026, 7, 1, 1, 59, 59, tzinfo=timezone(timedelta(hours=2)))  # 23:59:59Z
    july = june_end + timedelta(seconds=1)
    request = dict(path="/datasets/20/batch", body=NOTES, claims=P1, quota=store)
    assert reg.ingest(**request, now=june_end).quota.period == "2026-06"  # type: ignore[arg-type, union-attr]
    assert rejected(reg, **request, now=june_end).details == {
        "quota": {"limit": 3, "used": 3, "requested": 3, "period": "2026-06"}}
    assert reg.ingest(**request, now=july).quota == ds.QuotaResult(  # type: ignore[arg-type]
        True, 3, 0, 3, "2026-07")


def test_quota_now_defaults_to_the_current_time(reg: ds.Registry) -> None:
    store = ds.MemoryQuotaStore()
    acc = reg.ingest(path="/datasets/20", body=NOTE, claims=P1, quota=store)
    assert acc.quota is not None
    assert store.get(ds.quota_keys("u_1", datetime.now(UTC)).total) in (1, None)  # month may turn
    assert acc.quota.period == ds.quota_keys("u_1", datetime.now(UTC)).period or acc.quota.used == 0


def test_quota_refuses_a_naive_now(reg: ds.Registry) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reg.ingest(path="/datasets/20", body=NOTE, claims=P1, quota=ds.MemoryQuotaStore(),
                   now=datetime(2026, 6, 10))


@pytest.mark.parametrize(
    "claims",
    [
        {"projectId": "p_1"},
        {"projectId": "p_1", "userId": ""},
        {"projectId": "p_1", "userId": None},
        {"projectId": "p_1", "userId": 42},
        {"projectId": "p_1", "userid": "u_1"},
    ],
    ids=repr,
)
def test_quota_needs_a_user_claim(reg: ds.Registry, claims: dict[str, Any]) -> None:
    store = ds.MemoryQuotaStore({"u_1": 100})
    err = rejected(reg, path="/datasets/20", body=NOTE, claims=claims, quota=store)
    assert (err.status, err.code, err.body) == (401, "user_not_found", answer("user_not_found"))
    # Without a quota store no user is needed.
    assert reg.ingest(path="/datasets/20", body=NOTE, claims=claims).quota is None


def test_invalid_records_consume_no_quota(reg: ds.Registry) -> None:
    store = ds.MemoryQuotaStore({"u_1": 10})
    bad = SEED_BATCH.replace(b"5,", b'"5",')
    assert rejected(reg, path="/datasets/13/batch", body=bad, quota=store, now=JUNE).index == 1
    assert store.get("usage_total:datasets:u_1:2026-06") is None


@pytest.mark.parametrize("name", ["X-Request-Id", "x-request-id", "X-REQUEST-ID", "x-ReQuEsT-iD"])
def test_request_id_becomes_the_trace_id(reg: ds.Registry, name: str) -> None:
    acc = reg.ingest(path="/datasets/20/batch", headers={name: " req_9 "}, body=NOTES, claims=P1)
    assert [record["__traceId"] for record in acc.records] == ["req_9"] * 3
    assert list(acc.records[0]) == ["timestamp", "context", "note", "__traceId"]


@pytest.mark.parametrize("headers", [None, {}, {"X-Request-Id": ""}, {"X-Request-Id": "  "}, [], {"X-Other": "1"}])
def test_no_request_id_no_trace_key(reg: ds.Registry, headers: Any) -> None:
    acc = reg.ingest(path="/datasets/20/batch", headers=headers, body=NOTES, claims=P1)
    assert all("__traceId" not in record for record in acc.records)
    assert acc.trace_id is None


def test_nothing_is_partially_accepted(reg: ds.Registry) -> None:
    body = b"[" + NOTE + b"," + NOTE + b', {"timestamp": "x", "context": {}, "note": "hi"}]'
    err = rejected(reg, path="/datasets/20/batch", body=body, headers={"X-Request-Id": "r"})
    assert (err.code, err.index) == ("invalid_timestamp", 2)


BAD_CLAIMS = {"userId": "u_1"}


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (dict(claims=BAD_CLAIMS, path="/nope", body=b"{"), "project_not_found"),
        (dict(claims=BAD_CLAIMS, path="/datasets/0", body=b"{"), "project_not_found"),
        (dict(path="/nope", headers={"X-Loguro-Dataset-Id": "x"}, body=b"{"), "not_found"),
        (dict(path="/datasets/0", body=b"{"), "invalid_dataset_id"),
        (dict(path="/datasets/99", headers={"X-Loguro-Dataset-Id": "x"}), "invalid_dataset_id"),
        (dict(path="/datasets/99", body=b"{"), "schema_not_found"),
        (dict(path="/datasets", claims={"projectId": "p_3", "userId": "u_1"}, body=b"{"), "schema_not_found"),
        (dict(path="/datasets/13", body=b"{", quota=ds.MemoryQuotaStore({"u_1": 0})), "invalid_json"),
        (dict(path="/datasets/13", body=b"{", claims={"projectId": "p_1"}, quota=ds.MemoryQuotaStore()),
         "invalid_json"),
        (dict(path="/datasets/13", claims={"projectId": "p_1"}, quota=ds.MemoryQuotaStore({"u_1": 0})),
         "user_not_found"),
        (dict(path="/datasets/13", quota=ds.MemoryQuotaStore({"u_1": 0})), "quota_exceeded"),
    ],
)
def test_first_failing_rule_answers(reg: ds.Registry, request_: dict[str, Any], code: str) -> None:
    assert rejected(reg, now=JUNE, **request_).code == code


def test_every_request_level_rejection_status(reg: ds.Registry) -> None:
    seen = {
        rejected(reg, claims={}).code: rejected(reg, claims={}).status,
        rejected(reg, path="/x").code: rejected(reg, path="/x").status,
        rejected(reg, path="/datasets/0").code: rejected(reg, path="/datasets/0").status,
        rejected(reg, path="/datasets/9").code: rejected(reg, path="/datasets/9").status,
        rejected(reg, claims={"projectId": "p_1"}, quota=ds.MemoryQuotaStore()).code: 401,
        rejected(reg, quota=ds.MemoryQuotaStore({"u_1": 0}), now=JUNE).code: 429,
    }
    assert seen == {
        "project_not_found": 401, "not_found": 404, "invalid_dataset_id": 400,
        "schema_not_found": 404, "user_not_found": 401, "quota_exceeded": 429,
    }
    for code, status in seen.items():
        assert ds.CATALOGUE[code].status == status


def test_accepted_is_frozen(reg: ds.Registry) -> None:
    acc = reg.ingest(path="/datasets/13", body=SEED_SINGLE, claims=P1)
    with pytest.raises(AttributeError):
        acc.status = 200  # type: ignore[misc]


_text = st.text(st.sampled_from("/datasets0123456789batch?%-+ \tX"), max_size=30)


_header_names = st.sampled_from(["X-Loguro-Dataset-Id", "x-request-id", "Content-Type", "x-loguro-DATASET-id"])


@settings(max_examples=300, deadline=None)
@given(
    path=st.one_of(_text, st.sampled_from(["/datasets", "/datasets/13", "/datasets/20/batch"])),
    headers=st.lists(st.tuples(_header_names, _text), max_size=3),
    body=st.one_of(st.binary(max_size=40), st.sampled_from([SEED_SINGLE, SEED_BATCH, NOTE, NOTES])),
    claims=st.one_of(st.none(), st.dictionaries(st.sampled_from(["projectId", "userId"]),
                                                st.one_of(st.none(), st.integers(), st.sampled_from(["", "p_1", "p_2", "u_1"])))),
    limit=st.one_of(st.none(), st.integers(-1, 3)),
)
def test_any_request_gets_an_answer(
    path: str, headers: list[tuple[str, str]], body: bytes,
    claims: Any, limit: int | None,
) -> None:
    store = None if limit is None else ds.MemoryQuotaStore({"u_1": limit})
    # Usage is counted under whichever user the claims name (only u_1 has a limit).
    user = claims.get("userId") if isinstance(claims, dict) else None
    usage_key = f"usage_total:datasets:{user}:2026-06"
    try:
        acc = SHARED.ingest(path=path, headers=headers, body=body, claims=claims, quota=store, now=JUNE)
    except ds.IngestError as err:
        assert err.code in ds.CATALOGUE and err.status == ds.CATALOGUE[err.code].status
        assert json.loads(json.dumps(err.body)) == err.body
        if store is not None:
            assert store.get(usage_key) is None
    else:
        assert acc.status == 202 and acc.count >= 1
        assert SHARED.get(acc.project_id, acc.dataset_id) is not None
        if store is not None:
            assert store.get(usage_key) == acc.count


def test_the_docs_worked_example() -> None:
    """docs/ingest.md's worked example gives what the page says."""
    registry = ds.Registry()
    registry.add(project_id="p_1", dataset_id=13, default=True, schema=SEED_SCHEMA)
    quota = ds.MemoryQuotaStore(limits={"u_1": 1000})
    request: dict[str, Any] = dict(
        path="/datasets/13/batch?source=cli",
        headers={"Content-Type": "application/json", "x-request-id": "req_123"},
        body=b'[{"timestamp": "2026-06-10T11:00:00Z", "context": {"source": "billing-service"},'
             b' "country": "RO", "plan": "pro", "amount": 20, "active": true,'
             b' "signup_at": "2026-06-01T08:00:00Z"}]',
        claims={"projectId": "p_1", "userId": "u_1"},
        quota=quota,
    )
    acc = registry.ingest(**request, now=datetime(2026, 6, 30, 23, 59, tzinfo=UTC))
    assert (acc.status, acc.body) == (202, {"success": True, "count": 1, "status": "queued"})
    assert acc.records[0]["__traceId"] == "req_123" and acc.records[0]["country"] == "RO"
    assert acc.quota == ds.QuotaResult(True, 1000, 0, 1, "2026-06")
    assert quota.get("usage_total:datasets:u_1:2026-06") == quota.get("usage_delta:datasets:u_1:2026-06") == 1
    july = registry.ingest(**request, now=datetime(2026, 7, 1, tzinfo=UTC))
    assert july.quota == ds.QuotaResult(True, 1000, 0, 1, "2026-07")
    with pytest.raises(ds.IngestError) as info:
        registry.ingest(**{**request, "path": "/datasets/14/batch"}, now=JUNE)
    assert (info.value.status, info.value.body) == (
        404, {"success": False, "error": "Dataset schema not found", "code": "schema_not_found"})


def test_the_flow_needs_only_a_lookup_not_the_registry() -> None:
    # request.py depends on the DatasetLookup protocol; registry.py imports request.py, not back.
    import ast
    from pathlib import Path

    from dataset_schema._ingest import request

    tree = ast.parse(Path(request.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "registry" not in imported and not any("registry" in (m or "") for m in imported)

    class Lookup:
        project_claim = "pid"
        user_claim = "uid"
        max_body_bytes = None
        validator = ds.compile({"fields": {"note": "string"}})

        def get(self, project_id: str, dataset_id: int) -> ds.Validator | None:
            return self.validator if (project_id, dataset_id) == ("p", 5) else None

        def default_dataset(self, project_id: str) -> int | None:
            return 5

    acc = request.ingest_request(Lookup(), path="/datasets", headers=None, body=NOTE,
                                 claims={"pid": "p"}, quota=None, now=None)
    assert (acc.project_id, acc.dataset_id, acc.records) == ("p", 5, [json.loads(NOTE)])


# --- a failing quota store: 503, fail closed ------------------------------------------------


class BrokenStore:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def reserve(self, user_id: str, count: int, now: datetime) -> ds.QuotaResult:
        raise self.error


@pytest.mark.parametrize("error", [ConnectionError("refused"), TimeoutError(), RuntimeError("x"),
                                   ds.QuotaUnavailable()], ids=repr)
def test_any_store_failure_is_quota_unavailable(reg: ds.Registry, error: Exception) -> None:
    err = rejected(reg, quota=BrokenStore(error), now=JUNE)
    assert isinstance(err, ds.QuotaUnavailable) and isinstance(err, ds.IngestError)
    assert (err.status, err.code) == (503, "quota_unavailable")
    assert err.body == answer("quota_unavailable") == {
        "success": False, "error": "Quota store unavailable", "code": "quota_unavailable"}
    assert err.__cause__ is (None if isinstance(error, ds.QuotaUnavailable) else error)
    assert "refused" not in json.dumps(err.body)  # the store's words stay in logs


def test_a_naive_now_is_still_the_hosts_error_not_the_stores(reg: ds.Registry) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        reg.ingest(path="/datasets/13", body=SEED_SINGLE, claims=P1,
                   quota=BrokenStore(RuntimeError()), now=datetime(2026, 6, 10))


def test_quota_unavailable_pickles_and_compares() -> None:
    import pickle

    err = ds.QuotaUnavailable()
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is ds.QuotaUnavailable and again == err
    assert repr(err) == "QuotaUnavailable('Quota store unavailable', code='quota_unavailable', status=503)"


# --- bounds: body size and X-Request-Id -------------------------------------------------------


def test_max_body_bytes_answers_413_before_parsing() -> None:
    registry = ds.Registry(max_body_bytes=len(SEED_SINGLE))
    registry.add("p_1", 13, SEED_SCHEMA, default=True)
    assert registry.ingest(path="/datasets/13", body=SEED_SINGLE, claims=P1).count == 1  # exactly at
    for body in (SEED_SINGLE + b" ", b"{" * (len(SEED_SINGLE) + 1), bytearray(len(SEED_SINGLE) + 1),
                 memoryview(b"[" * (len(SEED_SINGLE) + 1))):
        err = rejected(registry, body=body)
        assert (err.status, err.code, err.body) == (413, "body_too_large", answer("body_too_large"))


def test_max_body_bytes_counts_a_str_in_utf8_bytes() -> None:
    record = NOTE.decode().replace('"hi"', '"\u00e9\u00e9"')  # 2 characters, 4 bytes
    registry = ds.Registry(max_body_bytes=len(record.encode()) - 1)
    registry.add("p_1", 20, {"fields": {"note": "string"}})
    assert rejected(registry, path="/datasets/20", body=record).code == "body_too_large"
    roomy = ds.Registry(max_body_bytes=len(record.encode()))
    roomy.add("p_1", 20, {"fields": {"note": "string"}})
    assert roomy.ingest(path="/datasets/20", body=record, claims=P1).records[0]["note"] == "\u00e9\u00e9"


def test_body_size_comes_after_the_request_level_rules() -> None:
    registry = ds.Registry(max_body_bytes=1)
    registry.add("p_1", 13, SEED_SCHEMA, default=True)
    assert rejected(registry, claims={}).code == "project_not_found"
    assert rejected(registry, path="/datasets/99").code == "schema_not_found"
    store = ds.MemoryQuotaStore({"u_1": 10})
    assert rejected(registry, quota=store, now=JUNE).code == "body_too_large"
    assert store.get("usage_total:datasets:u_1:2026-06") is None


@pytest.mark.parametrize("value", ["a" * 128, "req_123", "a, b", "~!@#$%^&*()_+{}|:<>?`-=[];',./ \"\\"])
def test_request_ids_within_the_bound(reg: ds.Registry, value: str) -> None:
    acc = reg.ingest(path="/datasets/20", headers={"X-Request-Id": value}, body=NOTE, claims=P1)
    assert acc.records[0]["__traceId"] == acc.trace_id == value.strip()


@pytest.mark.parametrize(
    "value",
    ["a" * 129, "x" * 60_000, "a\r\nb", "a\nb", "a\x00b", "a\x7fb", "caf\u00e9", "\u2028", "id\tx"],
    ids=lambda v: repr(v[:20]),
)
def test_request_ids_past_the_bound_are_refused(reg: ds.Registry, value: str) -> None:
    store = ds.MemoryQuotaStore({"u_1": 100})
    err = rejected(reg, path="/datasets/20/batch", headers={"X-Request-Id": value}, body=NOTES,
                   quota=store, now=JUNE)
    assert (err.status, err.code, err.body) == (400, "invalid_request_id", answer("invalid_request_id"))
    assert store.get("usage_total:datasets:u_1:2026-06") is None


def test_request_id_as_latin1_bytes_beyond_ascii_is_refused(reg: ds.Registry) -> None:
    err = rejected(reg, path="/datasets/20", headers=[(b"X-Request-Id", b"\xff\xfe")], body=NOTE)
    assert err.code == "invalid_request_id"


def test_one_header_cannot_multiply_the_output(reg: ds.Registry) -> None:
    # A 10,000-record batch with the longest id: the output grows by at most 128 bytes a record.
    batch = b"[" + b",".join([NOTE] * 10_000) + b"]"
    acc = reg.ingest(path="/datasets/20/batch", headers={"X-Request-Id": "r" * 128}, body=batch, claims=P1)
    grown = len(json.dumps(acc.records)) - len(json.dumps(json.loads(batch)))
    assert grown <= 10_000 * (128 + len(', "__traceId": ""'))


def test_failing_open_is_the_hosts_explicit_choice(reg: ds.Registry) -> None:
    # docs/ingest.md, "Faults": catch QuotaUnavailable, ask again without a store.
    request: dict[str, Any] = dict(path="/datasets/13/batch", body=SEED_BATCH, claims=P1, now=JUNE)
    with pytest.raises(ds.QuotaUnavailable):
        reg.ingest(**request, quota=BrokenStore(TimeoutError()))
    acc = reg.ingest(**request, quota=None)
    assert (acc.count, acc.quota) == (2, None)
    bad = {**request, "body": SEED_BATCH.replace(b"5,", b'"5",')}
    assert rejected(reg, **bad, quota=None).code == "invalid_number_field"
