"""One source for the release number: dataset_schema/_version.py.

The built wheel's metadata is compared with it in tests/release/test_dist.py;
here, without building, that pyproject.toml reads the version from there and
nowhere else, and that CHANGELOG.md has an entry for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import dataset_schema as ds
from dataset_schema import _version

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_the_one_in_version_module() -> None:
    assert ds.__version__ == _version.__version__
    # PEP 440 release (or pre-release) form: what PyPI accepts.
    assert re.fullmatch(r"\d+\.\d+\.\d+((a|b|rc)\d+)?", ds.__version__)


def test_pyproject_reads_the_version_from_the_package() -> None:
    # Plain text, not tomllib: the tests run on Python 3.10 too, which has no tomllib.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = text.split("[project]\n", 1)[1].split("\n[", 1)[0]
    assert not re.search(r"^version\s*=", project, re.M), "the version is written twice"
    assert re.search(r'^dynamic = \["version"\]$', project, re.M)
    dynamic = text.split("[tool.setuptools.dynamic]\n", 1)[1].split("\n[", 1)[0]
    assert re.search(r'^version = \{ attr = "dataset_schema\._version\.__version__" \}$', dynamic, re.M)
