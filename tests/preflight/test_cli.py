"""The dataset-schema command, end to end through a subprocess."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
SCHEMA = EXAMPLES / "schema.json"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

GOOD = {"timestamp": "2026-06-10T11:00:00Z", "context": {}, "country": "RO", "plan": "pro",
        "amount": 20, "active": True, "signup_at": "2026-06-01T08:00:00Z"}


def run(*args: str, stdin: bytes | None = None, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "dataset_schema", *args], input=stdin,
                          capture_output=True, env=ENV, cwd=ROOT, timeout=60, **kwargs)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


def record(**changes: Any) -> dict[str, Any]:
    rec = dict(GOOD)
    for key, value in changes.items():
        if value is DROP:
            del rec[key]
        else:
            rec[key] = value
    return rec


DROP = object()


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def ndjson(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


# -- the shipped example (the README's first command) ------------------------------

def test_example_files_report_each_invalid_line() -> None:
    result = run("check", "docs/examples/schema.json", "docs/examples/records.ndjson")
    assert result.returncode == 1
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "docs/examples/records.ndjson:3: Invalid number field: amount (invalid_number_field)",
        "docs/examples/records.ndjson:5: Missing field: amount (missing_field)",
        "docs/examples/records.ndjson:6: Invalid number field: amount (invalid_number_field)",
        "docs/examples/records.ndjson:7: Invalid or missing timestamp (invalid_timestamp)",
        "docs/examples/records.ndjson:8: Extra field: extra (extra_field)",
        "docs/examples/records.ndjson:9: Invalid JSON body (invalid_json)",
    ]
    assert lines[6] == "10 records checked: 4 valid, 6 invalid"


def test_readme_shows_the_real_output() -> None:
    result = run("check", "docs/examples/schema.json", "docs/examples/records.ndjson")
    readme = (ROOT / "README.md").read_text()
    assert "dataset-schema check docs/examples/schema.json docs/examples/records.ndjson" in readme
    assert result.stdout in readme


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


# -- options ------------------------------------------------------------------------

def test_all_reports_every_problem(tmp_path: Path) -> None:
    bad = record(timestamp=DROP, amount="1", active=None, extra=1)
    path = write(tmp_path / "r.ndjson", ndjson(bad))
    first = run("check", str(SCHEMA), str(path))
    assert first.stdout.splitlines()[0] == f"{path}:1: Invalid or missing timestamp (invalid_timestamp)"
    assert len(first.stdout.splitlines()) == 3
    every = run("check", str(SCHEMA), str(path), "--all", "--format", "json")
    items = json_lines(every.stdout)
    assert [i["code"] for i in items[:-1]] == [
        "invalid_timestamp", "extra_field", "invalid_number_field", "invalid_boolean_field"]
    assert all(i["line"] == 1 for i in items[:-1])
    assert items[-1]["summary"]["invalid"] == 1
    assert items[-1]["summary"]["codes"] == {"invalid_timestamp": 1, "extra_field": 1,
                                             "invalid_number_field": 1, "invalid_boolean_field": 1}


def test_all_on_arrays(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps([record(country=1, plan=2)]))
    result = run("check", str(SCHEMA), str(path), "--all")
    assert result.stdout.splitlines()[:2] == [
        f"{path}[0]: Invalid string field: country (invalid_string_field)",
        f"{path}[0]: Invalid string field: plan (invalid_string_field)",
    ]


def test_json_output_parses_back(tmp_path: Path) -> None:
    result = run("check", str(SCHEMA), str(EXAMPLES / "records.ndjson"), "--format", "json")
    items = json_lines(result.stdout)
    problems, summary = items[:-1], items[-1]
    assert [list(p) for p in problems] == [["file", "line", "code", "message", "field"]] * 6
    assert [p["line"] for p in problems] == [3, 5, 6, 7, 8, 9]
    assert problems[5] == {"file": str(EXAMPLES / "records.ndjson"), "line": 9,
                           "code": "invalid_json", "message": "Invalid JSON body", "field": None}
    assert summary["summary"]["records"] == 10 and summary["summary"]["valid"] == 4
    assert sum(summary["summary"]["codes"].values()) == 6


def test_garbage_line_in_the_middle_does_not_stop_checking(tmp_path: Path) -> None:
    lines = ndjson(GOOD, GOOD, "this is not json", "\x00\xff", GOOD, record(plan=5))
    path = write(tmp_path / "r.ndjson", lines.encode("utf-8", "surrogateescape").replace(b"\xc3\xbf", b"\xff"))
    result = run("check", str(SCHEMA), str(path))
    assert result.stdout.splitlines() == [
        f"{path}:3: Invalid JSON body (invalid_json)",
        f"{path}:4: Invalid JSON body (invalid_json)",
        f"{path}:6: Invalid string field: plan (invalid_string_field)",
        "6 records checked: 3 valid, 3 invalid",
        "  invalid_json          2",
        "  invalid_string_field  1",
    ]


def test_max_errors_stops_early(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD, "x", GOOD, "y", "z", GOOD))
    result = run("check", str(SCHEMA), str(path), "--max-errors", "2", "--format", "json")
    items = json_lines(result.stdout)
    assert [i["line"] for i in items[:-1]] == [2, 4]
    assert items[-1]["summary"] == {"files": 1, "records": 4, "valid": 2, "invalid": 2,
                                    "codes": {"invalid_json": 2}, "stopped_early": True}
    assert result.returncode == 1
    text = run("check", str(SCHEMA), str(path), "--max-errors", "1")
    assert text.stdout.splitlines()[1] == "2 records checked: 1 valid, 1 invalid (stopped after 1 invalid, --max-errors)"


def test_max_errors_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.ndjson", ndjson("x"))
    b = write(tmp_path / "b.ndjson", ndjson(GOOD, "y"))
    result = run("check", str(SCHEMA), str(a), str(b), str(a), "--max-errors", "2")
    assert result.stdout.splitlines()[:3] == [
        f"{a}:1: Invalid JSON body (invalid_json)", f"{b}:2: Invalid JSON body (invalid_json)",
        "3 records checked: 1 valid, 2 invalid (stopped after 2 invalid, --max-errors)"]


def test_control_characters_stay_on_one_line_in_text(tmp_path: Path) -> None:
    key = "evil\n\x1b[31mred\u2028"
    path = write(tmp_path / "r.ndjson", ndjson(record(**{key: 1})))
    text = run("check", str(SCHEMA), str(path))
    assert text.stdout.splitlines()[0] == f"{path}:1: Extra field: evil\\n\\x1b[31mred\\u2028 (extra_field)"
    assert "\x1b" not in text.stdout
    as_json = run("check", str(SCHEMA), str(path), "--format", "json")
    assert json_lines(as_json.stdout)[0]["field"] == key
    assert json_lines(as_json.stdout)[0]["message"] == f"Extra field: {key}"


def test_lone_surrogate_keys_do_not_crash_the_output(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", '{"\\ud800": 1}\n')
    for fmt in ("text", "json"):
        result = run("check", str(SCHEMA), str(path), "--format", fmt, "--all")
        assert result.returncode == 1 and result.stderr == ""
    # the first problem is the timestamp; --all adds the extra field, escaped
    assert "Extra field: \\ud800" in run("check", str(SCHEMA), str(path), "--all").stdout


# -- exit status 2 --------------------------------------------------------------------

def assert_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dataset-schema: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_missing_input_file(tmp_path: Path) -> None:
    assert_usage_error(run("check", str(SCHEMA), str(tmp_path / "nope.ndjson")),
                       "cannot read", "nope.ndjson", "No such file")


def test_missing_input_fails_before_any_output(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.ndjson", "x\n")
    assert_usage_error(run("check", str(SCHEMA), str(bad), str(tmp_path / "nope")), "nope")


def test_directory_input(tmp_path: Path) -> None:
    assert_usage_error(run("check", str(SCHEMA), str(tmp_path)), "cannot read")


def test_missing_schema(tmp_path: Path) -> None:
    assert_usage_error(run("check", str(tmp_path / "s.json")), "cannot read", "s.json")


@pytest.mark.parametrize(("text", "word"), [
    ('{"fields": {"a": "integer"}}', "unknown type"),
    ('{"fields": ', "not valid JSON"),
    ('{"fields": {"timestamp": "string"}}', "reserved"),
    ("[]", "must be an object"),
])
def test_bad_schema(tmp_path: Path, text: str, word: str) -> None:
    schema = write(tmp_path / "s.json", text)
    result = run("check", str(schema), str(EXAMPLES / "records.ndjson"))
    assert_usage_error(result, "bad schema", word)
    assert_usage_error(run("schema", str(schema)), "bad schema", word)


@pytest.mark.parametrize("args", [
    (), ("frobnicate",), ("check",), ("check", str(SCHEMA), "--jobs", "0"),
    ("check", str(SCHEMA), "--max-errors", "x"), ("check", str(SCHEMA), "--input-format", "csv"),
    ("check", str(SCHEMA), "-", "-"), ("check", "-"),
])
def test_usage_errors(args: tuple[str, ...]) -> None:
    assert_usage_error(run(*args, stdin=b""))


def test_options_may_follow_inputs(tmp_path: Path) -> None:
    a = write(tmp_path / "a.ndjson", ndjson(record(plan=1)))
    result = run("check", str(SCHEMA), str(a), "--format", "json", str(a), "--quiet")
    assert [i.get("file") for i in json_lines(result.stdout)] == [str(a), str(a), None]


def test_missing_schema_argument_names_only_schema() -> None:
    result = run("check")
    assert_usage_error(result, "required: SCHEMA (")


def test_help_exits_0() -> None:
    result = run("check", "--help")
    assert result.returncode == 0 and "--max-errors" in result.stdout


# -- schema command -----------------------------------------------------------------

def test_schema_prints_normalised(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.json", '{ "fields" : {"b":"number","a" :"string"} }')
    result = run("schema", str(schema))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"fields": {"b": "number", "a": "string"}}
    assert result.stdout == '{\n  "fields": {\n    "b": "number",\n    "a": "string"\n  }\n}\n'
    assert run("schema", "-", stdin=schema.read_bytes()).stdout == result.stdout


# -- --jobs ---------------------------------------------------------------------------

def mixed_lines(n: int) -> str:
    out = []
    for i in range(n):
        kind = i % 11
        if kind == 3:
            out.append(json.dumps(record(amount=str(i))))
        elif kind == 5:
            out.append("")
        elif kind == 7 and i % 3 == 0:
            out.append("{broken " + str(i))
        elif kind == 9:
            out.append(json.dumps(record(extra=i, plan=None, active=DROP)))
        else:
            out.append(json.dumps(record(amount=i)))
    return "\n".join(out)  # no final newline: the last range ends mid-file


@pytest.mark.parametrize("extra", [(), ("--all",), ("--format", "json"), ("--max-errors", "150"),
                                   ("--all", "--max-errors", "77", "--format", "json")])
def test_jobs_2_output_is_identical_to_jobs_1(tmp_path: Path, extra: tuple[str, ...]) -> None:
    path = write(tmp_path / "r.ndjson", mixed_lines(3000))
    other = write(tmp_path / "s.ndjson", mixed_lines(500))
    args = ("check", str(SCHEMA), str(path), str(other), *extra)
    one = run(*args)
    two = run(*args, "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stderr == two.stderr == ""
    assert one.stdout.count("\n") > 100
    assert two.stdout == one.stdout


def test_jobs_splits_into_line_aligned_ranges(tmp_path: Path) -> None:
    from dataset_schema._preflight.parallel import split
    data = mixed_lines(400).encode()
    path = write(tmp_path / "r.ndjson", data)
    chunks = split(str(path), len(data), 2)
    assert len(chunks) > 2
    assert chunks[0][0] == 0 and chunks[-1][1] == len(data)
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))
    assert all(data[start - 1:start] == b"\n" for start, _ in chunks[1:])


def test_jobs_with_stdin_and_arrays_falls_back_to_one_process(tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps([GOOD, {}]))
    assert run("check", str(SCHEMA), str(path), "--jobs", "2").stdout.startswith(f"{path}[1]: ")
    data = ndjson(GOOD, {})
    assert run("check", str(SCHEMA), "--jobs", "2", stdin=data.encode()).stdout.startswith("<stdin>:2: ")


# -- terminals, pipes and signals ---------------------------------------------------

def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", mixed_lines(20000))
    for jobs in ("1", "2"):
        result = run("check", str(SCHEMA), str(path), "--jobs", jobs)
        assert result.returncode == 1
        assert result.stderr == ""


def run_with_tty_stderr(*args: str) -> tuple[int, str, bytes]:
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "dataset_schema", *args], cwd=ROOT, env=ENV,
                                stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
        os.close(follower)
        stdout, _ = proc.communicate(timeout=60)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end is closed
                break
            if not chunk:
                break
            seen += chunk
        return proc.returncode, stdout.decode(), seen
    finally:
        os.close(leader)


def test_progress_on_a_terminal_and_quiet(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD, GOOD))
    code, stdout, seen = run_with_tty_stderr("check", str(SCHEMA), str(path))
    assert code == 0 and stdout == "2 records checked: 2 valid, 0 invalid\n"
    assert f"{path}: 0 B of".encode() in seen and seen.endswith(b"\r\x1b[K")
    code, stdout, seen = run_with_tty_stderr("check", str(SCHEMA), str(path), "--quiet")
    assert code == 0 and seen == b""


def test_closed_output_pipe_exits_quietly(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(*["x"] * 200000))
    proc = subprocess.Popen([sys.executable, "-m", "dataset_schema", "check", str(SCHEMA), str(path)],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().endswith(b"Invalid JSON body (invalid_json)\n")
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=60) == 141
    assert stderr == b""


def test_interrupt_exits_quietly() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "dataset_schema", "check", str(SCHEMA)],
                            cwd=ROOT, env={**ENV, "PYTHONUNBUFFERED": "1"},
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(b'{"a": 1}\n{"b": 2}\n' + b"\n" * 70000)  # past the format sniffing
    proc.stdin.flush()
    assert proc.stdout.readline() == b"<stdin>:1: Invalid or missing timestamp (invalid_timestamp)\n"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    assert proc.stderr.read() == b""
    proc.stdin.close()
