"""Every shell and Python snippet of README.md and docs/ runs as shown (docs/testing.md).

Each block runs in a fresh directory holding a copy of docs/examples/, against this
checkout (``PYTHONPATH``; ``dataset-schema`` and ``python`` on ``PATH`` are this
interpreter).  A console block's output, where the page shows it, must be the
command's output (stdout and stderr together, as a terminal shows them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support.markdown import ROOT, RUNS, Block, blocks, console_steps, doc_pages, python_source

PAGES = {page: blocks(page) for page in doc_pages()}
ALL = [block for found in PAGES.values() for block in found]
RUNNABLE = [block for block in ALL if block.lang in RUNS and block.no_run is None]
TIMEOUT = 120  # seconds for one snippet: a snippet that needs more is marked no-run


def page_of(block: Block) -> list[Block]:
    return PAGES[ROOT / block.path]


@pytest.fixture()
def sandbox(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "docs" / "examples", tmp_path / "docs" / "examples")
    return tmp_path


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """This checkout first on the import path; the command and python are this interpreter."""
    bin_dir = tmp_path_factory.mktemp("bin")
    shims = {"dataset-schema": f'exec "{sys.executable}" -m dataset_schema "$@"\n',
             "python": f'exec "{sys.executable}" "$@"\n', "python3": f'exec "{sys.executable}" "$@"\n'}
    for name, body in shims.items():
        (bin_dir / name).write_text("#!/bin/sh\n" + body)
        (bin_dir / name).chmod(0o755)
    return {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "NO_COLOR": "1", "COLUMNS": "100"}


def test_the_pages_have_snippets_that_run() -> None:
    # A parser that silently found nothing would make every other test here vacuous.
    assert len(RUNNABLE) >= 10
    assert {block.lang for block in RUNNABLE} >= {"python", "console"}


@pytest.mark.parametrize("block", ALL, ids=lambda block: block.where)
def test_each_block_says_what_it_is(block: Block) -> None:
    assert block.lang, f"{block.where}: name the language (```text for diagrams and grammar)"
    if block.no_run is not None:
        assert block.no_run, f"{block.where}: <!-- no-run: ... --> needs a reason"
    if block.lang in RUNS and block.no_run is None:
        # The suite must never install into the interpreter it runs in.
        assert "pip install" not in block.text, f"{block.where}: installs: mark it <!-- no-run: ... -->"
    if block.lang not in RUNS:
        assert block.no_run is None and not block.setup, f"{block.where}: {block.lang} blocks never run"


@pytest.mark.parametrize("block", [b for b in RUNNABLE if b.lang == "python"], ids=lambda b: b.where)
def test_python_snippet_runs(block: Block, sandbox: Path, env: dict[str, str]) -> None:
    script = sandbox / "snippet.py"  # a real file: process pools re-import it
    script.write_text(python_source(block, page_of(block)), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=sandbox, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{block.where} failed:\n{done.stderr[-3000:]}"


@pytest.mark.parametrize("block", [b for b in RUNNABLE if b.lang != "python"], ids=lambda b: b.where)
def test_shell_snippet_runs(block: Block, sandbox: Path, env: dict[str, str]) -> None:
    steps = console_steps(block.text) if block.lang == "console" else [(block.text, "")]
    for command, shown in steps:
        done = subprocess.run(["bash", "-c", command if block.lang == "console" else "set -e\n" + command],
                              cwd=sandbox, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        if shown:
            assert done.stdout == shown, f"{block.where}: `{command}` printed something else"
        else:
            assert done.returncode == 0, f"{block.where}: `{command}` failed:\n{done.stdout[-3000:]}"
