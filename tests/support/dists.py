"""What the release tests share: the checkout's files and a step runner (tests/release/)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "dataset_schema"
TIMEOUT = 600  # seconds for a build or an install: the network may be slow, never endless


@dataclass(frozen=True)
class Dists:
    wheel: Path
    sdist: Path


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a build or install step; a failure shows its output's tail."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def source_files() -> list[str]:
    """The checkout's files as a fresh clone would hold them (tracked, or new and not ignored)."""
    if (ROOT / ".git").exists():
        listed = run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=ROOT).stdout
        return sorted(name for name in set(listed.split("\0")) if name and (ROOT / name).is_file())
    skip = {"__pycache__", ".pytest_cache", ".mypy_cache", ".hypothesis", "build", "dist"}
    # Built files (the native module an editable install compiles in place) are not sources.
    return sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                  if p.is_file() and not skip & set(p.relative_to(ROOT).parts) and ".egg-info" not in str(p)
                  and not p.name.endswith((".so", ".pyd")))
