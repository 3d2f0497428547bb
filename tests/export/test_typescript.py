"""Schema.to_typescript(): a .d.ts for the generated module, checked by tsc (and by shape)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import dataset_schema as ds
from dataset_schema._export.literals import js_string

from ..support.seed import SEED_SCHEMA

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ds.Schema({
    'a"b': "string", "</script>": "number", "\u2028": "boolean", "__proto__": "timestamp", "*/": "string",
    "constructor": "number", "0": "boolean", "\ud800": "string", "`${x}`": "number", "\\": "boolean",
})


def _tsc() -> str | None:
    # .ci/run installs TypeScript under build/npm; TSC=... or a tsc on PATH also do.
    for candidate in (os.environ.get("TSC"), str(ROOT / "build/npm/node_modules/.bin/tsc"), shutil.which("tsc")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def test_record_type_lists_every_field_as_an_escaped_literal() -> None:
    text = HOSTILE.to_typescript()
    record = re.search(r"export interface DatasetRecord \{\n(.*?)\n\}", text, re.S)
    assert record is not None
    expected = ["  timestamp: Timestamp;", "  context: JsonObject;"]
    types = {"string": "string", "number": "number", "boolean": "boolean", "timestamp": "Timestamp"}
    expected += [f"  {js_string(name)}: {types[kind]};" for name, kind in HOSTILE.items()]
    assert record.group(1).split("\n") == expected
    assert text.isascii() and "</script>" not in text and "\u2028" not in text


def test_error_code_union_is_the_catalogue() -> None:
    text = ds.Schema.from_dict(SEED_SCHEMA).to_typescript()
    codes = re.findall(r'^  \| "([a-z_]+)"', text, re.M)
    assert codes == list(ds.CATALOGUE)


USAGE = """\
import { parseRecord, parseBatch, validateRecord, IngestFailure, fields } from "./validator.js";
import type { DatasetRecord, ErrorBody, ErrorCode } from "./validator.js";

const result = parseRecord(new TextEncoder().encode("{}"));
if (result instanceof IngestFailure) {
  const code: ErrorCode = result.code;
  const body: ErrorBody = JSON.parse(JSON.stringify(result));
  const status: number = result.status;
  console.log(code, body.field, status);
} else {
  const record: DatasetRecord = result;
  const amount: number = record["amount"];
  const when: string = record.signup_at;
  console.log(amount, when, record.context);
}
const batch = parseBatch("[]");
if (!(batch instanceof IngestFailure)) console.log(batch.length);
console.log(validateRecord({}), fields.length);
// @ts-expect-error: not a code of the catalogue
const wrong: ErrorCode = "no_such_code";
// @ts-expect-error: a declared number field
const bad: DatasetRecord = { timestamp: "", context: {}, country: "RO", plan: "p", amount: "1", active: true, signup_at: "" };
"""


def test_tsc_compiles_the_declarations_and_their_use(tmp_path: Path) -> None:
    tsc = _tsc()
    if tsc is None:
        if os.environ.get("CI"):
            pytest.fail("tsc is not installed: .ci/run installs typescript under build/npm")
        pytest.skip("tsc is not installed (npm install --prefix build/npm typescript@5)")
    (tmp_path / "package.json").write_text('{"type": "module"}')
    for name, schema in (("validator", ds.Schema.from_dict(SEED_SCHEMA)), ("hostile", HOSTILE)):
        (tmp_path / f"{name}.js").write_text(schema.to_javascript(), "ascii")
        (tmp_path / f"{name}.d.ts").write_text(schema.to_typescript(), "ascii")
    (tmp_path / "use.ts").write_text(USAGE + 'import type { DatasetRecord as H } from "./hostile.js";\n'
                                     'const h: H["__proto__"] = "2026-06-10T10:00:00Z";\nconsole.log(h);\n')
    result = subprocess.run(
        [tsc, "--strict", "--noEmit", "--module", "nodenext", "--moduleResolution", "nodenext",
         "--target", "es2022", "--checkJs", "false", "use.ts"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
