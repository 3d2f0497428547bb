"""The check command end to end (through a subprocess): what it reports and its options."""

from __future__ import annotations

import json
from pathlib import Path

from ..support.cli import DROP, EXAMPLES, GOOD, ROOT, SCHEMA, assert_usage_error, json_lines, ndjson, record, run, write


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


def test_summary_writes_only_the_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD, "x", record(plan=1)))
    text = run("check", str(SCHEMA), str(path), "--summary")
    assert (text.returncode, text.stderr) == (1, "")
    assert text.stdout.splitlines() == ["3 records checked: 1 valid, 2 invalid",
                                        "  invalid_json          1", "  invalid_string_field  1"]
    as_json = run("check", str(SCHEMA), str(path), "--summary", "--format", "json", "--all")
    assert json_lines(as_json.stdout) == [{"summary": {
        "files": 1, "records": 3, "valid": 1, "invalid": 2,
        "codes": {"invalid_json": 1, "invalid_string_field": 1}, "stopped_early": False}}]


def test_max_errors_0_points_to_summary(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", ndjson(GOOD))
    assert_usage_error(run("check", str(SCHEMA), str(path), "--max-errors", "0"), "--summary")
