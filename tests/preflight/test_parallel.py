"""--jobs: several processes, one process's output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.cli import children_of, kill_tree, popen, wait_for, SCHEMA, GOOD, run, write, ndjson, mixed_lines


# -- --jobs ---------------------------------------------------------------------------

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
    piped = run("check", str(SCHEMA), "--jobs", "2", stdin=data.encode())
    assert piped.stdout.startswith("<stdin>:2: ")
    assert piped.stderr == ("dataset-schema: warning: <stdin> is checked in one process: --jobs splits "
                            "only uncompressed NDJSON files that are regular files\n")


def test_jobs_on_an_empty_file_warns_only_that_it_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.ndjson", "")
    result = run("check", str(SCHEMA), str(path), "--jobs", "2")
    assert result.stderr == f"dataset-schema: warning: {path} holds no records (empty input)\n"


# -- faults: a dead worker, SIGTERM, a file that grows ---------------------------------

def busy_run(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[bytes], list[int]]:
    """A --jobs 2 run on a file big enough that its workers are still busy when we act."""
    path = write(tmp_path / "big.ndjson", ndjson(*[GOOD] * 200_000))
    proc = popen("check", str(SCHEMA), str(path), "--jobs", "2", "--summary", *extra)
    workers: list[int] = wait_for(lambda: len(children_of(proc.pid)) >= 2 and children_of(proc.pid))
    return proc, workers


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_worker_ends_the_run_with_exit_2_and_one_line(tmp_path: Path) -> None:
    proc, workers = busy_run(tmp_path)
    try:
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = proc.communicate(timeout=30)  # before: waited forever for the lost range
    finally:
        kill_tree(proc)
    assert proc.returncode == 2
    assert stderr.decode().splitlines() == [
        "dataset-schema: error: a --jobs worker process died (killed by signal 9); "
        "its part of the input was not checked"]
    wait_for(lambda: not any(alive(pid) for pid in workers), timeout=10)


def test_sigterm_stops_the_workers_and_exits_143_quietly(tmp_path: Path) -> None:
    proc, workers = busy_run(tmp_path)
    try:
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        kill_tree(proc)
    assert proc.returncode == 143  # before: killed by the signal, workers left to die noisily
    assert stderr == b""
    wait_for(lambda: not any(alive(pid) for pid in workers), timeout=10)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_that_grows_is_checked_up_to_its_size_at_the_start(tmp_path: Path, jobs: str) -> None:
    path = write(tmp_path / "grows.ndjson", "x\n" * 50_000)
    proc = popen("check", str(SCHEMA), str(path), "--jobs", jobs, "--format", "json")
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # running; it now blocks on its full output pipe
        with path.open("a") as more:
            more.write("x\n" * 1000)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        kill_tree(proc)
    assert json.loads(first)["line"] == 1 and stderr == b""
    summary = json.loads(stdout.splitlines()[-1])["summary"]
    assert (summary["records"], summary["invalid"]) == (50_000, 50_000)


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    proc, workers = busy_run(tmp_path)
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        wait_for(lambda: not any(alive(pid) for pid in workers), timeout=15)
    finally:
        kill_tree(proc)


_STOP_AT_ONCE = """
import signal, sys
import dataset_schema as ds
from dataset_schema._preflight import cli, parallel
signal.signal(signal.SIGTERM, cli._on_sigterm)  # as the CLI runs: its handler is what a fork inherits
validator = ds.compile({"fields": {"a": "string"}})
for _ in range(40):
    parallel.Workers(2, validator, False).close()
print("stopped")
"""


def test_workers_stopped_as_they_start_end_quietly_and_never_hang() -> None:
    # A terminate() reaching a worker before it set its own SIGTERM handler used to run
    # the CLI's handler there (a traceback on stderr) or be lost (a worker that never ended).
    proc = subprocess.run([sys.executable, "-c", _STOP_AT_ONCE], capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, b"stopped\n", b"")
