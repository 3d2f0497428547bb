"""Inputs of the check command: format detection, stdin, pipes."""

from __future__ import annotations

import gzip
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.cli import (DROP, ENV, GOOD, ROOT, SCHEMA, assert_usage_error, command, json_lines, ndjson,
                           record, run, run_limited, write)


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


# -- long lines and memory ----------------------------------------------------------

MIB = 1024 * 1024


def test_a_line_past_16_mib_is_reported_and_skipped_unloaded(tmp_path: Path) -> None:
    # 100 MiB in one line, under a 100 MiB address space: detection reads 64 KiB of it,
    # the scan at most 16 MiB; before, both read the whole line and ran out of memory.
    path = tmp_path / "long.ndjson"
    with path.open("wb") as out:
        out.write(b'{"a": "' + b"x" * (100 * MIB) + b'"}\n')
        out.write(ndjson(GOOD, record(plan=1)).encode())
    result = run_limited("check", str(SCHEMA), str(path), memory_mib=100)
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{path}:1: Line longer than 16 MiB: not checked (line_too_long)",
        f"{path}:3: Invalid string field: plan (invalid_string_field)",
        "3 records checked: 1 valid, 2 invalid",
        "  invalid_string_field  1",
        "  line_too_long         1",
    ]
    assert result.returncode == 1


@pytest.mark.parametrize("size", [16 * MIB, 16 * MIB + 1])
def test_the_limit_is_16_mib_without_the_newline(tmp_path: Path, size: int) -> None:
    head = b'{"timestamp": "2026-06-10T11:00:00Z", "context": {"pad": "'
    line = head + b"x" * (size - len(head) - 3) + b'"}}'
    assert len(line) == size
    path = write(tmp_path / "edge.ndjson", line + b"\n" + ndjson(GOOD).encode())
    items = json_lines(run("check", str(SCHEMA), str(path), "--format", "json").stdout)
    assert [(i["line"], i["code"]) for i in items[:-1]] == [
        (1, "missing_field" if size == 16 * MIB else "line_too_long")]
    assert items[-1]["summary"]["records"] == 2


def test_endless_input_stays_in_bounded_memory(tmp_path: Path) -> None:
    # /dev/zero is one endless line: reported as soon as it passes the limit.
    result = run_limited("check", str(SCHEMA), "/dev/zero", "--max-errors", "1", memory_mib=100)
    assert result.stderr == ""
    assert result.stdout.splitlines()[0] == "/dev/zero:1: Line longer than 16 MiB: not checked (line_too_long)"
    assert result.returncode == 1


def test_a_long_first_line_is_ndjson(tmp_path: Path) -> None:
    # It does not end within the 64 KiB head: one long NDJSON record, not a pretty object.
    rec = record(context={"pad": "x" * 100_000})
    path = write(tmp_path / "long.ndjson", ndjson(rec, record(plan=1)))
    assert run("check", str(SCHEMA), str(path)).stdout.splitlines()[0] == (
        f"{path}:2: Invalid string field: plan (invalid_string_field)")


# -- compressed input -----------------------------------------------------------------

def test_gzip_input_is_read_by_its_magic_bytes(tmp_path: Path) -> None:
    text = ndjson(GOOD, record(plan=1), "x")
    plain = write(tmp_path / "r.ndjson", text)
    packed = write(tmp_path / "r.data", gzip.compress(text.encode()))
    expected = run("check", str(SCHEMA), str(plain)).stdout.replace(str(plain), str(packed))
    result = run("check", str(SCHEMA), str(packed))
    assert (result.returncode, result.stdout, result.stderr) == (1, expected, "")
    from_stdin = run("check", str(SCHEMA), stdin=packed.read_bytes())
    assert from_stdin.stdout.splitlines()[0] == "<stdin>:2: Invalid string field: plan (invalid_string_field)"


def test_gzip_array_and_jobs_fall_back_to_one_process(tmp_path: Path) -> None:
    array = write(tmp_path / "a.json.gz", gzip.compress(json.dumps([GOOD, {}], indent=2).encode()))
    assert run("check", str(SCHEMA), str(array)).stdout.startswith(f"{array}[1]: Invalid or missing timestamp")
    lines = write(tmp_path / "r.ndjson.gz", gzip.compress(ndjson(GOOD, "x").encode()))
    result = run("check", str(SCHEMA), str(lines), "--jobs", "2")
    assert result.stdout.splitlines()[0] == f"{lines}:2: Invalid JSON body (invalid_json)"
    assert result.stderr == (f"dataset-schema: warning: {lines} is checked in one process: --jobs splits "
                             "only uncompressed NDJSON files that are regular files\n")


def test_truncated_gzip_is_an_unreadable_input(tmp_path: Path) -> None:
    data = gzip.compress(ndjson(*[GOOD] * 1000).encode())
    path = write(tmp_path / "cut.gz", data[: len(data) // 2])
    result = run("check", str(SCHEMA), str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"dataset-schema: error: cannot read {path}: ")
    assert result.stderr.count("\n") == 1


def test_zstd_input_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path / "r.zst", b"\x28\xb5\x2f\xfd" + b"\x00" * 20)
    assert_usage_error(run("check", str(SCHEMA), str(path)), "zstd-compressed", "zstd -dc")


# -- empty input and terminals --------------------------------------------------------

@pytest.mark.parametrize("content", [b"", b"\n  \n"])
def test_empty_input_warns_and_exits_0(tmp_path: Path, content: bytes) -> None:
    path = write(tmp_path / "empty.ndjson", content)
    result = run("check", str(SCHEMA), str(path))
    assert (result.returncode, result.stdout) == (0, "0 records checked: 0 valid, 0 invalid\n")
    assert result.stderr == f"dataset-schema: warning: {path} holds no records (empty input)\n"
    stdin = run("check", str(SCHEMA), stdin=content)
    assert stdin.returncode == 0
    assert stdin.stderr == "dataset-schema: warning: <stdin> holds no records (empty input)\n"


def test_stdin_at_a_terminal_gets_a_hint() -> None:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(command("check", str(SCHEMA)), cwd=ROOT, env=ENV, stdin=follower,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        os.close(follower)
        os.write(leader, json.dumps(GOOD).encode() + b"\n\x04")  # a record, then Ctrl-D
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        os.close(leader)
    assert proc.returncode == 0 and stdout == b"1 record checked: 1 valid, 0 invalid\n"
    assert stderr.decode().splitlines() == [
        "dataset-schema: warning: reading records from the terminal (stdin); end with Ctrl-D, "
        "or name INPUT files (see dataset-schema check --help)"]
