"""The arrows between the package's rooms (docs/architecture.md), enforced on the source.

Each module belongs to a room: the first name under ``dataset_schema`` (``_core``,
``_ingest``, ``_preflight``, ``_export``, ``client``, ``strategies``), or the base
(``_errors``, ``_schema``, ``_version``) at the bottom, or the top (``__init__``,
``__main__``, ``_legacy``), which may import anything.  A room imports only the rooms
listed for it in ``MAY_IMPORT``; no module imports an optional dependency at module
level outside the optional parts; no two modules import each other, even indirectly (type-only imports included).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from typing import Iterator, NamedTuple

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dataset_schema"

BASE = "base"
TOP = "top"
MAY_IMPORT = {
    BASE: {BASE},
    "_core": {BASE, "_core"},
    "_ingest": {BASE, "_core", "_ingest"},
    "_export": {BASE, "_core", "_ingest", "_export"},
    "_preflight": {BASE, "_core", "_ingest", "_export", "_preflight"},
    "client": {BASE, "_core", "_ingest", "client"},
    "strategies": {BASE, "strategies"},
}
TOP_MODULES = {"__init__", "__main__", "_legacy"}
# Methods that hand a schema or registry to the export room import it when called:
# the one documented exception to the arrows (docs/architecture.md).
CALL_TIME_EXCEPTIONS = {(BASE, "_export"), ("_ingest", "_export")}

OPTIONAL = {
    "hypothesis", "pandas", "polars", "pyarrow", "httpx", "msgspec", "redis",
    "dask", "pyspark", "numpy", "jsonschema", "atheris",
}
# Modules that exist to use an optional dependency: the dependency may be imported at
# their top, since nothing reaches them on `import dataset_schema` (the next test checks).
OPTIONAL_PARTS = ("strategies", "client._async", "_core.accel.msgspec_body")


class Import(NamedTuple):
    module: str  # the importing module, dotted, without the package name
    target: str  # the imported name, dotted (package modules without the package name)
    internal: bool
    at_call_time: bool  # inside a function body
    type_only: bool  # under `if TYPE_CHECKING:`
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def room_of(module: str) -> str:
    head = module.split(".")[0]
    if head in TOP_MODULES:
        return TOP
    if head in MAY_IMPORT:
        return head
    return BASE


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if is_package and module != "__init__" else module.split(".")[:-1]
    if module == "__init__":
        package = []
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path, root: Path, modules: set[str]) -> Iterator[Import]:
    module = module_name(path, root)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, in_function: bool, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            function = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            guarded = type_only or (isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    internal = alias.name.startswith("dataset_schema")
                    target = alias.name.partition(".")[2] if internal else alias.name
                    yield Import(module, target, internal, in_function, type_only, child.lineno)
            elif isinstance(child, ast.ImportFrom):
                internal = child.level > 0 or (child.module or "").startswith("dataset_schema")
                base = _resolve(module, is_package, child)
                if base.startswith("dataset_schema"):
                    base = base.partition(".")[2]
                for alias in child.names:
                    # `from .pkg import mod` imports the module pkg.mod; `from .mod import name` mod.
                    dotted = f"{base}.{alias.name}" if base else alias.name
                    target = dotted if dotted in modules else base
                    yield Import(module, target, internal, in_function, type_only, child.lineno)
            yield from walk(child, function, guarded)

    yield from walk(tree, False, False)


def violations(root: Path) -> list[str]:
    """Every broken arrow in the package rooted at ``root``, as readable lines."""
    found: list[str] = []
    graph: dict[str, set[str]] = {}
    modules = {module_name(p, root) for p in root.rglob("*.py")}
    for path in sorted(root.rglob("*.py")):
        for imp in imports_of(path, root, modules):
            where = f"{imp.module}:{imp.line}"
            source, target_room = room_of(imp.module), room_of(imp.target)
            if not imp.internal:
                top_name = imp.target.split(".")[0]
                optional_part = any(imp.module == part or imp.module.startswith(part + ".") for part in OPTIONAL_PARTS)
                if top_name in OPTIONAL and not imp.at_call_time and not imp.type_only and not optional_part:
                    found.append(f"{where}: optional dependency {top_name} imported at module level")
                continue
            if source != TOP and target_room not in MAY_IMPORT[source]:
                if not (imp.at_call_time and (source, target_room) in CALL_TIME_EXCEPTIONS):
                    found.append(f"{where}: room {source} imports {imp.target} of room {target_room}")
            # Type-only imports count: a circle through them is still two modules that
            # cannot be read, tested or moved apart.
            if not imp.at_call_time:
                if imp.target in modules and imp.target != imp.module:
                    graph.setdefault(imp.module, set()).add(imp.target)
    found += [f"import circle: {' -> '.join(cycle)}" for cycle in _cycles(graph)]
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle through each module that is on one (depth-first, iterative)."""
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                # A package's __init__ importing its own submodules is not a circle
                # unless a submodule imports the package back.
                if nxt == start:
                    cycles.append(path + [start])
                elif nxt not in path and nxt not in done:
                    stack.append((nxt, path + [nxt]))
        done.add(start)
    return cycles


def test_the_package_keeps_the_arrows() -> None:
    assert violations(PACKAGE) == []


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for directory in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        (directory / "__init__.py").touch()
    return root


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"_core/engine.py": "from .._ingest import registry\n"}, "room _core imports _ingest"),
        ({"_core/engine.py": "from dataset_schema._preflight.cli import main\n"}, "room _core imports _preflight.cli"),
        ({"_ingest/request.py": "from ..client import Client\n"}, "room _ingest imports client"),
        ({"strategies/__init__.py": "from .._core import validator\n"}, "room strategies imports _core"),
        ({"_schema.py": "from ._preflight import report\n"}, "room base imports _preflight"),
        ({"_core/body.py": "import msgspec\n"}, "optional dependency msgspec imported at module level"),
        ({"client/http.py": "import httpx\n"}, "optional dependency httpx imported at module level"),
        ({"_core/a.py": "from . import b\n", "_core/b.py": "from .a import x\n"}, "import circle: _core.a -> _core.b -> _core.a"),
        ({"_core/a.py": "def f():\n    from .._export import js\n"}, "room _core imports _export"),
    ],
)
def test_a_forbidden_import_is_reported(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    found = violations(_write(tmp_path / "pkg", files))
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    "files",
    [
        {"_core/engine.py": "from .._errors import make_error\nfrom .rules import x\n", "_core/rules.py": "x = 1\n"},
        {"_schema.py": "def to_json_schema():\n    from ._export import jsonschema\n"},
        {"_preflight/frames.py": "def check():\n    import pandas\n"},
        {"strategies/_internal/values.py": "from hypothesis import strategies as st\n"},
        {"_ingest/request.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import redis\n"},
    ],
)
def test_an_allowed_import_is_not_reported(tmp_path: Path, files: dict[str, str]) -> None:
    assert violations(_write(tmp_path / "pkg", files)) == []


def test_importing_the_package_loads_no_optional_dependency() -> None:
    code = (
        "import sys, dataset_schema, dataset_schema.client\n"
        f"print(sorted(m for m in {sorted(OPTIONAL)!r} if m in sys.modules))"
    )
    if not (PACKAGE / "client").is_dir():
        code = code.replace(", dataset_schema.client", "")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_public_name_reports_the_public_module() -> None:
    import dataset_schema as ds

    for name in ds.__all__:
        value = getattr(ds, name)
        if callable(value):
            assert value.__module__ == "dataset_schema", name


def test_the_architecture_page_names_only_files_that_exist() -> None:
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:_core|_ingest|_preflight|_export|client|strategies)/[\w/]*(?:\.py)?)`", page))
    assert named, "the page names no files"
    missing = sorted(name for name in named if not (PACKAGE / name).exists())
    assert missing == []
