"""The wheel and the sdist: what they hold, their metadata, and that each works once installed.

Each is installed into a fresh venv (no system site-packages, no dependencies: the
package has none) and runs the README's first command; its output must be what the
README shows.  The build and the installs happen once per run (conftest.py).
"""

from __future__ import annotations

import email.parser
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import dataset_schema as ds

from ..support.markdown import blocks, console_steps
from ..support.dists import PACKAGE, ROOT, Dists, source_files

MAIN_COMMAND = "dataset-schema check docs/examples/schema.json docs/examples/records.ndjson"
WHEEL_PREFIX = "dataset_schema-"


def readme_output(command: str) -> str:
    """The output README.md shows under ``$ command``."""
    for block in blocks(ROOT / "README.md"):
        if block.lang == "console":
            shown = dict(console_steps(block.text))
            if command in shown:
                return shown[command]
    raise AssertionError(f"README.md shows no `$ {command}`")


def package_dirs() -> list[str]:
    """Every directory of the source package holding Python code, as a wheel path."""
    return sorted({str(Path(name).parent.as_posix()) for name in source_files()
                   if name.startswith(PACKAGE + "/") and name.endswith(".py")})


def wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


def sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as archive:
        return {member.name.split("/", 1)[1] for member in archive.getmembers() if "/" in member.name}


# -- the files ----------------------------------------------------------------------

def test_the_files_carry_the_packages_version(dists: Dists) -> None:
    assert dists.wheel.name.startswith(f"{WHEEL_PREFIX}{ds.__version__}-")
    assert dists.sdist.name == f"{WHEEL_PREFIX}{ds.__version__}.tar.gz"


def test_the_wheel_holds_every_package_and_py_typed(dists: Dists) -> None:
    names = set(zipfile.ZipFile(dists.wheel).namelist())
    dirs = package_dirs()
    assert {"dataset_schema", "dataset_schema/_core", "dataset_schema/strategies/_internal"} <= set(dirs)
    for directory in dirs:  # a directory without __init__.py would be missed by package discovery
        assert f"{directory}/__init__.py" in names, f"{directory} is not in the wheel"
    # Code and data alike (py.typed, _export/validator.js), all but C sources.
    files = {name for name in source_files() if name.startswith(PACKAGE + "/") and not name.endswith((".c", ".h"))}
    assert files <= names, f"missing from the wheel: {sorted(files - names)}"
    assert {"dataset_schema/py.typed", "dataset_schema/_export/validator.js"} <= names
    # Only the package and its metadata: no tests, docs or benchmarks.
    assert {name.split("/")[0] for name in names} == {"dataset_schema", f"dataset_schema-{ds.__version__}.dist-info"}


def test_the_sdist_holds_the_source_docs_and_tests(dists: Dists) -> None:
    names = sdist_names(dists.sdist)
    wanted = {name for name in source_files()
              if name.startswith((PACKAGE + "/", "docs/", "tests/"))}
    wanted |= {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in", "PKG-INFO"}
    assert wanted <= names, f"missing from the sdist: {sorted(wanted - names)}"
    assert not any(name.startswith("benches/") or "__pycache__" in name for name in names)


# -- the metadata PyPI shows ----------------------------------------------------------

def test_the_metadata_is_ready_for_pypi(dists: Dists) -> None:
    meta = wheel_metadata(dists.wheel)
    assert meta["Name"] == "dataset-schema"
    assert meta["Version"] == ds.__version__
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Description-Content-Type"] == "text/markdown"
    assert str(meta.get_payload()).startswith("# dataset_schema\n")  # the README is the long description
    classifiers = meta.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    # No runtime dependencies: every requirement belongs to an extra.
    assert all("extra ==" in req for req in meta.get_all("Requires-Dist") or [])
    assert {"strategies", "test", "release"} <= set(meta.get_all("Provides-Extra") or [])


def test_twine_check_passes_on_both(dists: Dists) -> None:
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(dists.wheel), str(dists.sdist)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


# -- installed in a fresh venv ----------------------------------------------------------

def run_installed(venv: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing from the checkout
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=120, stdin=subprocess.DEVNULL)


def check_installed(venv: Path, tmp_path: Path) -> None:
    probe = ("import dataset_schema, importlib.metadata as m, json, sys; "
             "print(json.dumps([dataset_schema.__file__, dataset_schema.__version__, m.version('dataset-schema'),"
             " sys.prefix != sys.base_prefix]))")
    where, version, metadata_version, in_venv = json.loads(run_installed(venv, "python", "-I", "-c", probe,
                                                                         cwd=tmp_path).stdout)
    assert Path(where).is_relative_to(venv) and in_venv
    assert version == metadata_version == ds.__version__

    command = MAIN_COMMAND.split()
    done = run_installed(venv, *command)  # cwd: the checkout, where docs/examples/ is
    assert done.stdout == readme_output(MAIN_COMMAND)
    assert done.returncode == 1  # README: 1 when a record is invalid

    # A command that reads a data file of the package (the JavaScript runtime).
    done = run_installed(venv, "dataset-schema", "export", "docs/examples/schema.json", "--format", "js")
    assert done.returncode == 0 and "function" in done.stdout, done.stdout[-2000:]

    # The venv has no hypothesis: the strategies say how to get it, both ways.
    done = run_installed(venv, "python", "-I", "-c", "import dataset_schema.strategies", cwd=tmp_path)
    assert done.returncode == 1
    assert "pip install 'dataset-schema[strategies]'" in done.stdout
    assert "pip install -e '.[strategies]'" in done.stdout


def test_the_installed_wheel_runs_the_readme_command(wheel_venv: Path, tmp_path: Path) -> None:
    check_installed(wheel_venv, tmp_path)


def test_the_installed_sdist_runs_the_readme_command(sdist_venv: Path, tmp_path: Path) -> None:
    check_installed(sdist_venv, tmp_path)


def test_native_speedups_are_built_from_the_sdist_where_a_compiler_exists(
        sdist_venv: Path, wheel_venv: Path, dists: Dists, tmp_path: Path) -> None:
    c_sources = [name for name in sdist_names(dists.sdist) if name.startswith(PACKAGE + "/") and name.endswith(".c")]
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    installed = [p for p in (sdist_venv / "lib").rglob(f"{PACKAGE}/**/*")
                 if any(p.name.endswith(suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES)]
    if c_sources and shutil.which(compiler):
        assert installed, f"{c_sources} ship in the sdist but no extension was built"
        # ... and compile() uses it, in the sdist's install and the wheel's alike.
        probe = "import dataset_schema as ds; print(type(ds.compile({'fields': {}}).check).__name__)"
        for venv in (sdist_venv, wheel_venv):
            assert run_installed(venv, "python", "-I", "-c", probe, cwd=tmp_path).stdout == "Checker\n"
        assert any(name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
                   for name in zipfile.ZipFile(dists.wheel).namelist())
    else:
        # Pure Python: the sdist builds nothing native, and the wheel is universal.
        assert not installed
        assert dists.wheel.name.endswith("-py3-none-any.whl")


def test_a_pure_build_skips_the_native_module(dists: Dists, tmp_path: Path) -> None:
    # DATASET_SCHEMA_PURE_BUILD=1 (setup.py, docs/releasing.md): a universal pure-Python wheel.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["DATASET_SCHEMA_PURE_BUILD"] = "1"
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(dists.sdist)],
                          capture_output=True, text=True, env=env, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    wheels = list(tmp_path.glob("*.whl"))
    assert len(wheels) == 1 and wheels[0].name.endswith("-py3-none-any.whl"), wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "dataset_schema/_core/accel/__init__.py" in names
    assert not any(name.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)) for name in names)
