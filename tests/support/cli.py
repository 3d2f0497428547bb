"""Running the dataset-schema command in a subprocess, and the records its tests feed it."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def assert_usage_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("dataset-schema: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


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


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "dataset_schema", *args]


def run_limited(*args: str, memory_mib: int, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``run`` with the address space capped (``ulimit -v``), so running out of memory is quick."""
    import resource

    limit = memory_mib * 1024 * 1024

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(command(*args), capture_output=True, env=ENV, cwd=ROOT, timeout=timeout,
                          preexec_fn=cap)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(),
                                       done.stderr.decode())


def popen(*args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    """The command started in its own session, so ``kill_tree`` can end all of it."""
    return subprocess.Popen(command(*args), cwd=ROOT, env=ENV, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def kill_tree(proc: subprocess.Popen[bytes]) -> None:
    """End a test's command and its workers, whatever state a regression left them in."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def children_of(pid: int) -> list[int]:
    """Live child processes of ``pid`` (from /proc: Linux)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def wait_for(predicate: Any, timeout: float = 30) -> Any:
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still false after {timeout} s: {predicate}")
