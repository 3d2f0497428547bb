"""--jobs: several processes, one process's output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..support.cli import SCHEMA, GOOD, run, write, ndjson, mixed_lines


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
    assert run("check", str(SCHEMA), "--jobs", "2", stdin=data.encode()).stdout.startswith("<stdin>:2: ")
