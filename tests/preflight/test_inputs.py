"""Inputs of the check command: format detection, stdin, pipes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.cli import ROOT, SCHEMA, ENV, GOOD, DROP, run, record, write, ndjson, json_lines


# -- formats ------------------------------------------------------------------------

def test_ndjson_valid_file_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path / "ok.ndjson", ndjson(GOOD, GOOD, GOOD))
    result = run("check", str(SCHEMA), str(path))
    assert result.returncode == 0
    assert result.stdout == "3 records checked: 3 valid, 0 invalid\n"


def test_blank_lines_are_skipped_but_counted_as_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", "\n" + json.dumps(GOOD) + "\n  \t\r\n" + json.dumps(record(plan=1)) + "\n\n")
    result = run("check", str(SCHEMA), str(path))
    assert result.stdout.splitlines() == [
        f"{path}:4: Invalid string field: plan (invalid_string_field)",
        "2 records checked: 1 valid, 1 invalid",
        "  invalid_string_field  1",
    ]


def test_json_array_positions_are_indexes(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps([GOOD, record(active=1), GOOD, "x"], indent=2))
    result = run("check", str(SCHEMA), str(path))
    assert result.returncode == 1
    assert result.stdout.splitlines()[:3] == [
        f"{path}[1]: Invalid boolean field: active (invalid_boolean_field)",
        f"{path}[3]: Payload must be an object (payload_not_object)",
        "4 records checked: 2 valid, 2 invalid",
    ]


def test_single_line_array_is_detected(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", "  " + json.dumps([GOOD, GOOD]))
    assert run("check", str(SCHEMA), str(path)).stdout == "2 records checked: 2 valid, 0 invalid\n"


def test_pretty_printed_object_is_one_record(tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.json", json.dumps(GOOD, indent=2))
    assert run("check", str(SCHEMA), str(ok)).stdout == "1 record checked: 1 valid, 0 invalid\n"
    bad = write(tmp_path / "bad.json", json.dumps(record(country=DROP), indent=2))
    result = run("check", str(SCHEMA), str(bad), "--format", "json")
    assert result.returncode == 1
    assert json_lines(result.stdout)[0] == {
        "file": str(bad), "index": None, "code": "missing_field",
        "message": "Missing field: country", "field": "country"}


def test_broken_array_document_is_one_invalid_json_record(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps([GOOD, GOOD])[:-5])
    result = run("check", str(SCHEMA), str(path))
    assert result.stdout.splitlines() == [
        f"{path}: Invalid JSON body (invalid_json)",
        "1 record checked: 0 valid, 1 invalid",
        "  invalid_json  1",
    ]


def test_garbage_first_line_of_ndjson_is_still_ndjson(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", '{"timestamp": \n' + ndjson(GOOD, record(amount=True)))
    result = run("check", str(SCHEMA), str(path))
    assert result.stdout.splitlines()[:2] == [
        f"{path}:1: Invalid JSON body (invalid_json)",
        f"{path}:3: Invalid number field: amount (invalid_number_field)",
    ]


def test_pretty_object_with_nested_empty_objects_is_one_object(tmp_path: Path) -> None:
    text = json.dumps(record(context={"items": [{}, {}], "more": {}}), indent=2)
    assert "\n      {}" in text  # a nested line that is a complete object, but indented
    path = write(tmp_path / "r.json", text)
    assert run("check", str(SCHEMA), str(path)).stdout == "1 record checked: 1 valid, 0 invalid\n"


def test_process_substitution_pipe(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD, record(plan=1)))
    command = f'"{sys.executable}" -m dataset_schema check "{SCHEMA}" <(cat "{path}")'
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=ENV,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0].endswith(":2: Invalid string field: plan (invalid_string_field)")
    assert result.stdout.splitlines()[1] == "2 records checked: 1 valid, 1 invalid"


@pytest.mark.parametrize(("forced", "expected"), [
    ("array", "Batch body must be a non-empty array (batch_not_array)"),
    ("ndjson", "Invalid JSON body (invalid_json)"),
])
def test_forced_format_on_a_pretty_object(tmp_path: Path, forced: str, expected: str) -> None:
    path = write(tmp_path / "r.json", json.dumps(GOOD, indent=2))
    result = run("check", str(SCHEMA), str(path), "--input-format", forced)
    assert result.returncode == 1
    assert expected in result.stdout.splitlines()[0]


def test_forced_object_on_an_array(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps([GOOD]))
    result = run("check", str(SCHEMA), str(path), "--input-format", "object")
    assert result.stdout.splitlines()[0] == f"{path}: Payload must be an object (payload_not_object)"


def test_forced_ndjson_on_single_line_records(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", ndjson(GOOD, GOOD))
    result = run("check", str(SCHEMA), str(path), "--input-format", "ndjson")
    assert (result.returncode, result.stdout) == (0, "2 records checked: 2 valid, 0 invalid\n")


@pytest.mark.parametrize("args", [(), ("-",)])
def test_stdin(args: tuple[str, ...]) -> None:
    data = ndjson(GOOD, record(context=[]))
    result = run("check", str(SCHEMA), *args, stdin=data.encode())
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "<stdin>:2: context must be an object (context_not_object)"


def test_schema_from_stdin(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD))
    result = run("check", "-", str(path), stdin=SCHEMA.read_bytes())
    assert (result.returncode, result.stdout) == (0, "1 record checked: 1 valid, 0 invalid\n")


def test_stdin_array() -> None:
    result = run("check", str(SCHEMA), stdin=json.dumps([GOOD, {}], indent=1).encode())
    assert result.stdout.splitlines()[0] == "<stdin>[1]: Invalid or missing timestamp (invalid_timestamp)"


def test_several_inputs_one_summary(tmp_path: Path) -> None:
    a = write(tmp_path / "a.ndjson", ndjson(GOOD, record(plan=None)))
    b = write(tmp_path / "b.json", json.dumps([record(plan=None), GOOD, GOOD]))
    result = run("check", str(SCHEMA), str(a), str(b), "--format", "json")
    items = json_lines(result.stdout)
    assert [(i["file"], i.get("line"), i.get("index")) for i in items[:2]] == [
        (str(a), 2, None), (str(b), None, 0)]
    assert "index" not in items[0] and "line" not in items[1]
    assert items[2] == {"summary": {"files": 2, "records": 5, "valid": 3, "invalid": 2,
                                    "codes": {"invalid_string_field": 2}, "stopped_early": False}}
