"""The schema command."""

from __future__ import annotations

import json
from pathlib import Path

from ..support.cli import run, write


# -- schema command -----------------------------------------------------------------

def test_schema_prints_normalised(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.json", '{ "fields" : {"b":"number","a" :"string"} }')
    result = run("schema", str(schema))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"fields": {"b": "number", "a": "string"}}
    assert result.stdout == '{\n  "fields": {\n    "b": "number",\n    "a": "string"\n  }\n}\n'
    assert run("schema", "-", stdin=schema.read_bytes()).stdout == result.stdout
