"""registry.py: adding datasets, the config form, claim names."""

from __future__ import annotations

import json
from typing import Any

import pytest

import dataset_schema as ds

from ..support.ingest import JUNE, NOTE, OTHER_SCHEMA, P1
from ..support.seed import SEED_SCHEMA, SEED_SINGLE


def test_project_claim_name_is_configurable() -> None:
    registry = ds.Registry(project_claim="pid", user_claim="uid")
    registry.add("p_1", 20, OTHER_SCHEMA)
    acc = registry.ingest(path="/datasets/20", body=NOTE, claims={"pid": "p_1"})
    assert acc.project_id == "p_1"
    err = pytest.raises(ds.IngestError, registry.ingest, path="/datasets/20", body=NOTE,
                        claims={"projectId": "p_1"}).value
    assert err.code == "project_not_found"


def test_user_claim_name_is_configurable() -> None:
    registry = ds.Registry(user_claim="sub")
    registry.add("p_1", 20, OTHER_SCHEMA)
    store = ds.MemoryQuotaStore({"alice": 1})
    acc = registry.ingest(path="/datasets/20", body=NOTE, claims={"projectId": "p_1", "sub": "alice"},
                          quota=store, now=JUNE)
    assert acc.quota == ds.QuotaResult(True, 1, 0, 1, "2026-06")


def test_add_compiles_once_and_returns_the_validator() -> None:
    registry = ds.Registry()
    validator = registry.add("p", 1, OTHER_SCHEMA)
    assert isinstance(validator, ds.Validator)
    assert registry.get("p", 1) is validator
    reused = ds.compile(SEED_SCHEMA)
    assert registry.add("p", 2, reused) is reused
    assert registry.add("p", "3", ds.Schema.from_dict(OTHER_SCHEMA)) == validator
    assert registry.get("p", 4) is None and registry.get("q", 1) is None


@pytest.mark.parametrize("dataset_id", [0, -1, 2**53, True, 1.0, "013", "", "x", None])
def test_add_refuses_bad_dataset_ids(dataset_id: Any) -> None:
    with pytest.raises(ValueError, match="dataset id"):
        ds.Registry().add("p", dataset_id, OTHER_SCHEMA)


@pytest.mark.parametrize("project_id", ["", None, 1, b"p"])
def test_add_refuses_bad_project_ids(project_id: Any) -> None:
    with pytest.raises(ValueError, match="project id"):
        ds.Registry().add(project_id, 1, OTHER_SCHEMA)


def test_add_refuses_duplicates_and_second_defaults() -> None:
    registry = ds.Registry()
    registry.add("p", 1, OTHER_SCHEMA, default=True)
    with pytest.raises(ValueError, match="already has dataset 1"):
        registry.add("p", 1, OTHER_SCHEMA)
    with pytest.raises(ValueError, match="already has default dataset 1"):
        registry.add("p", 2, OTHER_SCHEMA, default=True)
    assert registry.get("p", 2) is None
    registry.add("q", 1, OTHER_SCHEMA, default=True)  # another project's dataset 1 and default
    assert registry.default_dataset("q") == 1


def test_add_refuses_bad_schemas() -> None:
    with pytest.raises(ds.SchemaError):
        ds.Registry().add("p", 1, {"fields": {"a": "int"}})


@pytest.mark.parametrize("claim", ["", None, 3])
def test_claim_names_must_be_non_empty_strings(claim: Any) -> None:
    with pytest.raises(ValueError, match="claim"):
        ds.Registry(project_claim=claim)
    with pytest.raises(ValueError, match="claim"):
        ds.Registry(user_claim=claim)


def test_from_dict_is_the_issue_form() -> None:
    registry = ds.Registry.from_dict({"p_1": {"default": 13, "datasets": {"13": SEED_SCHEMA}}})
    assert registry.default_dataset("p_1") == 13
    acc = registry.ingest(path="/datasets", body=SEED_SINGLE, claims=P1)
    assert acc.dataset_id == 13
    assert registry.to_dict() == {"p_1": {"default": 13, "datasets": {"13": SEED_SCHEMA}}}
    assert ds.Registry.from_dict(registry.to_dict()) == registry
    assert eval(repr(registry), {"Registry": ds.Registry}) == registry


def test_from_dict_round_trip(reg: ds.Registry) -> None:
    again = ds.Registry.from_dict(json.loads(json.dumps(reg.to_dict())))
    assert again == reg
    assert again.default_dataset("p_3") is None
    custom = ds.Registry.from_dict({}, project_claim="pid", user_claim="uid")
    assert (custom.project_claim, custom.user_claim) == ("pid", "uid")
    assert custom != ds.Registry()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ([], "registry config must be a mapping"),
        ({"": {"datasets": {}}}, "project id must be a non-empty string"),
        ({"p": []}, "project 'p': expected a mapping"),
        ({"p": {}}, "project 'p': 'datasets' must be a mapping"),
        ({"p": {"datasets": {}, "defualt": 1}}, "project 'p': unknown keys 'defualt'"),
        ({"p": {"datasets": {"0": OTHER_SCHEMA}}}, "dataset id must be an integer"),
        ({"p": {"datasets": {"1": OTHER_SCHEMA}, "default": 2}}, "default dataset 2 is not among"),
        ({"p": {"datasets": {"1": OTHER_SCHEMA}, "default": "01"}}, "dataset id must be an integer"),
        ({"p": {"datasets": {"1": OTHER_SCHEMA, 1: OTHER_SCHEMA}}}, "dataset 1 appears twice"),
        ({"p": {"datasets": {"7": {"fields": {"a": "int"}}}}}, "project 'p', dataset 7: "),
    ],
)
def test_from_dict_says_where_the_config_is_wrong(config: Any, message: str) -> None:
    with pytest.raises(ValueError) as info:
        ds.Registry.from_dict(config)
    assert message in str(info.value)


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10"])
def test_max_body_bytes_must_be_a_positive_int(value: Any) -> None:
    with pytest.raises(ValueError, match="max_body_bytes"):
        ds.Registry(max_body_bytes=value)


def test_max_body_bytes_in_the_config_form_and_repr() -> None:
    registry = ds.Registry.from_dict({"p": {"datasets": {"1": OTHER_SCHEMA}}}, max_body_bytes=1000)
    assert registry.max_body_bytes == 1000
    assert registry != ds.Registry.from_dict({"p": {"datasets": {"1": OTHER_SCHEMA}}})
    assert eval(repr(registry), {"Registry": ds.Registry}) == registry
    assert ds.Registry().max_body_bytes is None
