"""``dataset-schema export``: each format to stdout or -o, and clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dataset_schema as ds
from dataset_schema._preflight.cli import main

from ..support.seed import SEED_SCHEMA


@pytest.fixture
def schema_file(tmp_path: Path) -> Path:
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(SEED_SCHEMA))
    return path


@pytest.mark.parametrize("fmt, batch", [("jsonschema", False), ("jsonschema", True), ("typescript", False), ("js", False)])
def test_schema_formats_match_the_library(fmt: str, batch: bool, schema_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["export", str(schema_file), "--format", fmt] + (["--batch"] if batch else [])
    assert main(argv) == 0
    schema = ds.Schema.from_dict(SEED_SCHEMA)
    out = capsys.readouterr().out
    if fmt == "jsonschema":
        assert json.loads(out) == schema.to_json_schema(batch=batch)
    else:
        assert out == (schema.to_typescript() if fmt == "typescript" else schema.to_javascript())


def test_openapi_from_a_registry_file_to_a_file(tmp_path: Path) -> None:
    config = {"p_1": {"default": 13, "datasets": {"13": SEED_SCHEMA}}}
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps(config))
    output = tmp_path / "openapi.json"
    assert main(["export", str(registry), "--format", "openapi", "-o", str(output)]) == 0
    assert json.loads(output.read_text("utf-8")) == ds.Registry.from_dict(config).to_openapi()


def test_lone_surrogate_names_are_written_escaped(tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    path.write_text('{"fields": {"\\ud800": "string"}}')
    output = tmp_path / "out.json"
    assert main(["export", str(path), "--format", "jsonschema", "-o", str(output)]) == 0
    assert "\\ud800" in output.read_text("utf-8")
    assert json.loads(output.read_text("utf-8"))["required"][-1] == "\ud800"


@pytest.mark.parametrize("argv, message", [
    (["--format", "openapi"], "bad registry"),
    (["--format", "js", "--batch"], "--batch only applies to --format jsonschema"),
    (["--format", "jsonschema", "--project", "p"], "--project only applies to --format openapi"),
])
def test_usage_errors_are_one_line(argv: list[str], message: str, schema_file: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(schema_file), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_several_projects_need_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps({"a": {"datasets": {"1": {"fields": {}}}}, "b": {"datasets": {"2": {"fields": {}}}}}))
    assert main(["export", str(registry), "--format", "openapi"]) == 2
    assert "name one" in capsys.readouterr().err
    assert main(["export", str(registry), "--format", "openapi", "--project", "b"]) == 0
    assert "/datasets/2" in json.loads(capsys.readouterr().out)["paths"]


def test_missing_format_and_unwritable_output(schema_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(schema_file)]) == 2
    assert main(["export", str(schema_file), "--format", "js", "-o", str(tmp_path / "no" / "such" / "dir.js")]) == 2
    assert capsys.readouterr().err.count("\n") == 2
