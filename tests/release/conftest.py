"""The release files, built once per test run, and fresh venvs with each one installed.

With several xdist workers, the first to ask builds (or installs) under a file
lock in the run's shared temporary directory; the others wait and reuse it.
"""

from __future__ import annotations

import fcntl
import shutil
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from ..support.dists import ROOT, Dists, run, source_files


@pytest.fixture(scope="session")
def shared_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    path = (base if worker_id == "master" else base.parent) / "release"
    path.mkdir(exist_ok=True)
    return path


def once(shared: Path, name: str, make: Callable[[Path], None]) -> Path:
    """``make(shared / name)`` in exactly one worker; every worker gets the path."""
    target = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.done").exists():
            shutil.rmtree(target, ignore_errors=True)
            started = time.monotonic()
            make(target)
            (shared / f"{name}.done").write_text(f"{time.monotonic() - started:.1f} s\n")
    return target


def _build(target: Path) -> None:
    # Build from a copy of the source files, so no egg-info or build/ lands in the checkout
    # and nothing ignored by git (a local dist/, caches) slips into the sdist.
    src = target / "src"
    for name in source_files():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    run(sys.executable, "-m", "build", "--outdir", target / "dist", src)


@pytest.fixture(scope="session")
def dists(shared_dir: Path) -> Dists:
    """``python -m build``: the sdist, then the wheel built from that sdist."""
    dist = once(shared_dir, "build", _build) / "dist"
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, sorted(p.name for p in dist.iterdir())
    return Dists(wheels[0], sdists[0])


def _venv_with(dist: Path) -> Callable[[Path], None]:
    def make(venv: Path) -> None:
        # No --system-site-packages: only what the package brings.  No pip inside (ensurepip is
        # the slow part of a venv): this interpreter's pip installs into it with --python.
        run(sys.executable, "-m", "venv", "--without-pip", venv)
        run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install",
            "--quiet", "--no-deps", dist)
    return make


@pytest.fixture(scope="session")
def wheel_venv(shared_dir: Path, dists: Dists) -> Path:
    return once(shared_dir, "venv-wheel", _venv_with(dists.wheel))


@pytest.fixture(scope="session")
def sdist_venv(shared_dir: Path, dists: Dists) -> Path:
    """The sdist installed as pip installs one: built in an isolated environment, extensions too."""
    return once(shared_dir, "venv-sdist", _venv_with(dists.sdist))
