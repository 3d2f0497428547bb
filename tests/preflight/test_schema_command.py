"""The schema command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..support.cli import SCHEMA, assert_usage_error, run, write


# -- schema command -----------------------------------------------------------------

def test_schema_prints_normalised(tmp_path: Path) -> None:
    schema = write(tmp_path / "s.json", '{ "fields" : {"b":"number","a" :"string"} }')
    result = run("schema", str(schema))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"fields": {"b": "number", "a": "string"}}
    assert result.stdout == '{\n  "fields": {\n    "b": "number",\n    "a": "string"\n  }\n}\n'
    assert run("schema", "-", stdin=schema.read_bytes()).stdout == result.stdout


@pytest.mark.parametrize(("text", "words"), [
    (b"fields:\n  amount: number\n", ["Expecting value", "only JSON schemas are read: this looks like YAML"]),
    (b'\xef\xbb\xbf{"fields": {"amount": "number"}}', ["byte order mark (BOM)", "without a BOM"]),
    (b'{"amount": "number"}', ['unknown key "amount"', 'declare the fields inside it, {"fields": {...}}']),
])
def test_schema_mistakes_are_named(tmp_path: Path, text: bytes, words: list[str]) -> None:
    schema = write(tmp_path / "s.json", text)
    for args in (("schema", str(schema)), ("check", str(schema), str(SCHEMA))):
        assert_usage_error(run(*args), "bad schema", *words)
