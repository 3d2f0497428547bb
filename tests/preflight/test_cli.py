"""The dataset-schema entry point: arguments, exit statuses, terminals and signals."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.cli import run_limited, ROOT, EXAMPLES, SCHEMA, ENV, GOOD, run, record, write, ndjson, json_lines, assert_usage_error, mixed_lines, run_with_tty_stderr


# -- exit status 2 --------------------------------------------------------------------

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



# -- terminals, pipes and signals ---------------------------------------------------

def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = write(tmp_path / "r.ndjson", mixed_lines(20000))
    for jobs in ("1", "2"):
        result = run("check", str(SCHEMA), str(path), "--jobs", jobs)
        assert result.returncode == 1
        assert result.stderr == ""


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


# -- the subcommand table and --version ----------------------------------------------

def test_version_is_the_package_version() -> None:
    import dataset_schema
    result = run("--version")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"dataset-schema {dataset_schema.__version__}\n"
    assert dataset_schema.__version__[0].isdigit()


def test_parser_is_built_from_the_command_table() -> None:
    import argparse

    from dataset_schema._preflight.cli import COMMANDS, build_parsers
    from dataset_schema._preflight.command import Command

    def arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--shout", action="store_true")

    extra = Command("hello", "say hello", "Say hello.", arguments, lambda args, out: 0)
    parser, parsers = build_parsers((*COMMANDS, extra))
    assert list(parsers) == ["check", "schema", "export", "hello"]
    assert parsers["hello"].parse_args(["--shout"]).shout is True
    assert "say hello" in parser.format_help()


# -- out of memory ----------------------------------------------------------------------

def test_out_of_memory_on_a_record_is_exit_2_and_one_line(tmp_path: Path) -> None:
    # 15 MiB (under the line limit) that decodes into 5 million dicts: past the cap with
    # either decoder (a list of small ints, shared objects, fits under msgspec).
    path = tmp_path / "fat.ndjson"
    path.write_text('{"timestamp": "2026-06-10T11:00:00Z", "context": {"a": [' + "{}," * 5_000_000 + "{}]}}\n")
    result = run_limited("check", str(SCHEMA), str(path), memory_mib=100)
    assert (result.returncode, result.stdout) == (2, "")  # before: a MemoryError traceback, exit 1
    assert result.stderr == f"dataset-schema: error: out of memory while checking {path}\n"


def test_out_of_memory_on_a_document_names_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "fat.json"
    path.write_text("[" + "0," * 7_500_000 + "0]")
    result = run_limited("check", str(SCHEMA), str(path), memory_mib=100)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"dataset-schema: error: out of memory while checking {path} (a JSON array "
                             "or object is loaded whole: NDJSON is read line by line)\n")
