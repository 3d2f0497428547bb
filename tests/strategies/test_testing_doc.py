"""docs/testing.md shows code that runs: its example is tests/strategies/test_example_endpoint.py, verbatim."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", DOC, flags=re.S)


def test_the_example_is_the_test_file_ci_runs() -> None:
    example = (ROOT / "tests" / "strategies" / "test_example_endpoint.py").read_text(encoding="utf-8")
    assert BLOCKS[0] == example


def test_the_fixture_snippet_writes_cases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(BLOCKS[1], "docs/testing.md", "exec"), {"__name__": "snippet"})
    cases = json.loads((tmp_path / "ingest_cases.json").read_text(encoding="utf-8"))
    assert {case["status"] for case in cases} == {202, 400}
    assert "Invalid JSON body" in {case["error"] for case in cases}


def test_the_commands_name_real_files() -> None:
    for path in re.findall(r"(tests/[\w/]+\.(?:py|dict))", DOC):
        assert os.path.exists(ROOT / path), path
