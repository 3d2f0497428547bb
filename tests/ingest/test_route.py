"""route.py: which endpoint a path names, how a dataset id is spelled, how headers are read."""

from __future__ import annotations

from typing import Any

import pytest

import dataset_schema as ds

from ..support.ingest import NOTE, NOTES, P1, answer, rejected
from ..support.seed import SEED_BATCH, SEED_SINGLE


ROUTES = [
    ("/datasets", False, 13),
    ("/datasets/", False, 13),
    ("/datasets?x=1", False, 13),
    ("/datasets/?x=1&y=/datasets/20", False, 13),
    ("/datasets/batch", True, 13),
    ("/datasets/batch/", True, 13),
    ("/datasets/batch?dataset=20", True, 13),
    ("/datasets/20", False, 20),
    ("/datasets/20/", False, 20),
    ("/datasets/20?", False, 20),
    ("/datasets/20/batch", True, 20),
    ("/datasets/20/batch/", True, 20),
    ("/datasets/20/batch?a=b", True, 20),
    ("/datasets/9007199254740991", False, 2**53 - 1),
    (b"/datasets/20/batch", True, 20),
]


@pytest.mark.parametrize(("path", "batch", "dataset"), ROUTES, ids=repr)
def test_routes(reg: ds.Registry, path: Any, batch: bool, dataset: int) -> None:
    body = (NOTES if batch else NOTE) if dataset != 13 else (SEED_BATCH if batch else SEED_SINGLE)
    acc = reg.ingest(path=path, body=body, claims=P1)
    assert (acc.dataset_id, acc.batch) == (dataset, batch)
    if batch:
        assert acc.body == {"success": True, "count": acc.count, "status": "queued"}
    else:
        assert acc.body == {"success": True, "status": "queued"} and acc.count == 1


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "?",
        "/dataset",
        "/datasetsx",
        "/Datasets/13",
        "/DATASETS",
        "datasets/13",
        "/api/datasets/13",
        "//datasets/13",
        "/datasets//",
        "/datasets//batch",
        "/datasets/13//",
        "/datasets/13/batch//",
        "/datasets/13/Batch",
        "/datasets/13/batches",
        "/datasets/13/batch/extra",
        "/datasets/13/records",
        "https://ingest.logu.ro/datasets/13",
    ],
    ids=repr,
)
def test_other_paths_are_not_found(reg: ds.Registry, path: str) -> None:
    err = rejected(reg, path=path)
    assert (err.status, err.code, err.body) == (404, "not_found", answer("not_found"))


@pytest.mark.parametrize(
    "segment",
    ["0", "00", "013", "+13", "-13", "13.0", "1e3", "0x0d", "abc", "batch%2F", "%31%33",
     "١٣", "１３", "13 ", "9007199254740992", "99999999999999999999999"],
    ids=repr,
)
def test_invalid_dataset_ids_in_the_path(reg: ds.Registry, segment: str) -> None:
    for path in (f"/datasets/{segment}", f"/datasets/{segment}/batch"):
        err = rejected(reg, path=path)
        assert (err.status, err.code, err.body) == (400, "invalid_dataset_id", answer("invalid_dataset_id"))


def test_batch_as_an_id_segment_is_invalid(reg: ds.Registry) -> None:
    assert rejected(reg, path="/datasets/batch/batch").code == "invalid_dataset_id"


@pytest.mark.parametrize(
    "name", ["X-Loguro-Dataset-Id", "x-loguro-dataset-id", "X-LOGURO-DATASET-ID", "x-LoGuRo-dAtAsEt-iD"]
)
def test_dataset_header_in_any_case_selects_on_legacy_paths(reg: ds.Registry, name: str) -> None:
    acc = reg.ingest(path="/datasets/batch", headers={name: "20"}, body=NOTES, claims=P1)
    assert (acc.dataset_id, acc.count) == (20, 3)


@pytest.mark.parametrize("value", ["20", " 20", "20 ", "\t20\t", "  20  "], ids=repr)
def test_dataset_header_whitespace_is_trimmed(reg: ds.Registry, value: str) -> None:
    acc = reg.ingest(path="/datasets", headers={"X-Loguro-Dataset-Id": value}, body=NOTE, claims=P1)
    assert acc.dataset_id == 20


@pytest.mark.parametrize(
    "value",
    ["", " ", "0", "020", "+20", "-20", "20.0", "2 0", "20,20", "abc", "１３", "9007199254740992"],
    ids=repr,
)
def test_invalid_dataset_header(reg: ds.Registry, value: str) -> None:
    for path in ("/datasets", "/datasets/batch", "/datasets/20"):
        err = rejected(reg, path=path, headers={"X-Loguro-Dataset-Id": value}, body=NOTE)
        assert (err.status, err.body) == (400, answer("invalid_dataset_id"))


def test_repeated_dataset_header_is_invalid(reg: ds.Registry) -> None:
    # Repeats are combined ("20, 20"), as RFC 9110 section 5.3 lets servers do.
    headers = [("X-Loguro-Dataset-Id", "20"), ("x-loguro-dataset-id", "20")]
    assert rejected(reg, path="/datasets", headers=headers, body=NOTE).code == "invalid_dataset_id"


def test_headers_as_pairs_and_bytes(reg: ds.Registry) -> None:
    for headers in (
        [("X-Request-Id", "r"), ("X-Loguro-Dataset-Id", "20")],
        [(b"x-request-id", b"r"), (b"x-loguro-dataset-id", b"20")],
        {b"X-Request-Id": b"r", b"X-Loguro-Dataset-Id": b"20"},
    ):
        acc = reg.ingest(path="/datasets", headers=headers, body=NOTE, claims=P1)
        assert (acc.dataset_id, acc.records[0]["__traceId"]) == (20, "r")


def test_repeated_request_ids_are_combined(reg: ds.Registry) -> None:
    acc = reg.ingest(path="/datasets/20", headers=[("X-Request-Id", "a"), ("x-request-id", "b")],
                     body=NOTE, claims=P1)
    assert acc.records[0]["__traceId"] == "a, b"


def test_http_message_headers_pass_as_they_are(reg: ds.Registry) -> None:
    import email.parser
    import http.client

    message = email.parser.Parser(_class=http.client.HTTPMessage).parsestr(
        "X-Request-Id: r1\r\nX-Loguro-Dataset-Id: 20\r\n\r\n")
    acc = reg.ingest(path="/datasets", headers=message, body=NOTE, claims=P1)  # type: ignore[arg-type]
    assert (acc.dataset_id, acc.records[0]["__traceId"]) == (20, "r1")


@pytest.mark.parametrize("headers", ["X-Request-Id: r", b"X", [("a", "b", "c")], ["ab"], [("a", 1)]], ids=repr)
def test_headers_of_the_wrong_shape_are_a_host_error(reg: ds.Registry, headers: Any) -> None:
    with pytest.raises(TypeError, match="header"):
        reg.ingest(path="/datasets/20", headers=headers, body=NOTE, claims=P1)
