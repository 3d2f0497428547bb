"""The generated JavaScript module gives Python's answers, proven in Node (one process for all cases).

Every case is answered by both sides and compared: the error body word for word (key
order included), or the decoded value.  The one modelled difference is JSON.parse's key
order (integer-like keys first), which can change *which* extra key is reported; it is
applied to Python's answer by ``_in_object_keys_order`` and pinned in
test_integer_like_keys_come_first.  docs/interop.md lists every difference.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema import strategies as dss
from dataset_schema._core.body import decode_body
from dataset_schema._export.literals import js_string

from ..support.seed import SEED_BATCH, SEED_SCHEMA, SEED_SINGLE

HARNESS = Path(__file__).with_name("harness.mjs")

# Names that break generated code that formats them into source or looks them up in a
# plain object: quotes, markup, line separators, prototype keys, replacement patterns,
# comment ends, integer-like keys, lone surrogates.
HOSTILE_NAMES = [
    'a"b', "a'b", "`${x}`", "\\", "</script>", "<!--", "*/", "\u2028", "\u2029", "\n", "\x00",
    "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__",
    "$&", "$'", "$`", "$1", "{field}", "0", "42", "4294967294", "4294967295", "-1", "01", "1e3",
    "NaN", "Infinity", " ", "\ud800", "\udfff", "\U0001f600", "é", "\ufeff",
]
KINDS = ds.FIELD_TYPES
HOSTILE = ds.Schema({name: KINDS[i % 4] for i, name in enumerate(HOSTILE_NAMES)})
SEED = ds.Schema.from_dict(SEED_SCHEMA)


def _examples(count: int) -> int:
    return int(os.environ.get("HYPOTHESIS_MAX", count))


# -- the Node side ---------------------------------------------------------------------


class Node:
    """One Node process running the harness; ``ask`` sends a case and reads its answer."""

    def __init__(self, node: str, directory: Path) -> None:
        self.directory = directory
        self.process = subprocess.Popen([node, str(HARNESS)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.compared = 0
        self.started = time.perf_counter()
        self.modules: dict[ds.Schema, str] = {}

    def module(self, schema: ds.Schema) -> str:
        if schema not in self.modules:
            source = schema.to_javascript()
            path = self.directory / f"validator-{len(self.modules)}.mjs"
            path.write_text(source, "ascii")  # every non-ASCII character is escaped
            self.modules[schema] = str(path)
        return self.modules[schema]

    def ask(self, schema: ds.Schema, op: str, **payload: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        case = {"module": self.module(schema), "op": op, **payload}
        self.process.stdin.write(json.dumps(case).encode() + b"\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "node stopped answering"
        self.compared += 1
        return json.loads(line)  # type: ignore[no-any-return]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    executable = shutil.which("node")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed: .ci/run installs Debian's nodejs")
        pytest.skip("node is not installed (apt-get install nodejs)")
    runner = Node(executable, tmp_path_factory.mktemp("js"))
    yield runner
    runner.close()
    elapsed = time.perf_counter() - runner.started
    print(f"\nnode differential: {runner.compared} answers compared in {elapsed:.1f} s")


# -- Python's answers, and the comparison -------------------------------------------------


def _canon(value: Any) -> Any:
    """A value as float64 data: what both sides agree a JSON value is."""
    if isinstance(value, dict):
        if set(value) == {"$nonfinite"}:
            return value
        return {key: _canon(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canon(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    if math.isinf(number):
        return {"$nonfinite": "Infinity" if number > 0 else "-Infinity"}
    return number


def _is_array_index(key: str) -> bool:
    # ECMA-262: a canonical decimal integer from 0 to 2**32 - 2.
    return key.isascii() and key.isdigit() and str(int(key)) == key and int(key) <= 2**32 - 2


def _in_object_keys_order(schema: ds.Schema, body: dict[str, Any], record: Any) -> dict[str, Any]:
    """Python's error body, with the extra key JavaScript's Object.keys order names first."""
    if body.get("code") != "extra_field" or not isinstance(record, dict):
        return body
    allowed = {"timestamp", "context", *schema.fields}
    extras = [key for key in record if key not in allowed]
    ordered = sorted((k for k in extras if _is_array_index(k)), key=int) + [k for k in extras if not _is_array_index(k)]
    first = ordered[0]
    return {**body, "error": f"Extra field: {first}", "field": first}


_compiled = functools.lru_cache(maxsize=64)(ds.compile)


def _python_parse(schema: ds.Schema, op: str, body: bytes | str) -> tuple[str, Any]:
    validator = _compiled(schema)
    parse = validator.parse_batch if op == "parseBatch" else validator.parse_record
    try:
        return "value", parse(body)
    except ds.IngestError as error:
        expected = error.body
        if error.code == "extra_field":
            value = decode_body(body)
            expected = _in_object_keys_order(schema, expected, value if error.index is None else value[error.index])
        return "failure", expected


def _compare(python: tuple[str, Any], js: dict[str, Any], case: object) -> None:
    kind, expected = python
    if kind == "failure":
        assert "failure" in js, (case, expected, js)
        got = json.loads(js["failure"])
        assert list(got.items()) == list(expected.items()), (case, expected, got)
        assert js["status"] == ds.CATALOGUE[expected["code"]].status
    else:
        assert "value" in js, (case, expected, js)
        assert _canon(json.loads(js["value"])) == _canon(expected), case


def compare_body(node: Node, schema: ds.Schema, batch: bool, body: bytes) -> None:
    op = "parseBatch" if batch else "parseRecord"
    python = _python_parse(schema, op, body)
    _compare(python, node.ask(schema, op, bytes=base64.b64encode(body).decode()), body)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return
    # The same body as a string: the same answer on both sides.
    assert _python_parse(schema, op, text) == python
    _compare(python, node.ask(schema, op, text=text), text)


def _json_text(value: Any) -> str:
    """JSON text for a record, with float('inf') written as the literal 1e400 decodes to."""
    if isinstance(value, float) and math.isinf(value):
        return "1e400" if value > 0 else "-1e400"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k) + ":" + _json_text(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    return json.dumps(value)


def compare_record(node: Node, schema: ds.Schema, value: Any, batch: bool) -> None:
    validator = _compiled(schema)
    error = validator.check_batch(value) if batch else validator.check(value)
    js = node.ask(schema, "validateBatch" if batch else "validateRecord", json=_json_text(value))
    if error is None:
        assert js.get("valid") is True, (value, js)
        return
    record = value if error.index is None else value[error.index]
    _compare(("failure", _in_object_keys_order(schema, error.body, record)), js, value)


# -- generated cases ----------------------------------------------------------------------

FIXED = {"seed": SEED, "hostile": HOSTILE}


@pytest.mark.parametrize("batch", [False, True], ids=["single", "batch"])
@pytest.mark.parametrize("name", list(FIXED))
def test_strategy_bodies(node: Node, name: str, batch: bool) -> None:
    schema = FIXED[name]

    # The hostile schema's 38-field bodies cost several times more to draw.
    @settings(max_examples=_examples(100 if name == "seed" else 40), database=None)
    @given(dss.bodies(schema, batch=batch))
    def run(case: tuple[bytes, dss.Expected]) -> None:
        body, expected = case
        compare_body(node, schema, batch, body)

    run()


@pytest.mark.parametrize("name", list(FIXED))
def test_strategy_records(node: Node, name: str) -> None:
    schema = FIXED[name]
    records = st.one_of(dss.records(schema), dss.invalid_records(schema, json_only=True).map(lambda case: case[0]))

    @settings(max_examples=_examples(50), database=None)
    @given(records, st.lists(records, max_size=2))
    def run(record: Any, batch: list[Any]) -> None:
        compare_record(node, schema, record, batch=False)
        compare_record(node, schema, batch, batch=True)

    run()


def test_generated_schemas(node: Node) -> None:
    @settings(max_examples=_examples(30), database=None)
    @given(dss.schemas(), st.data())
    def run(definition: dict[str, Any], data: st.DataObject) -> None:
        schema = ds.Schema.from_dict(definition)
        batch = data.draw(st.booleans())
        body, _ = data.draw(dss.bodies(schema, batch=batch))
        compare_body(node, schema, batch, body)

    run()


# -- a corpus of raw bodies -----------------------------------------------------------------

_RECORD = b'{"timestamp": "2026-06-10T10:00:00Z", "context": {}, "country": "RO", "plan": "pro", ' \
          b'"amount": %s, "active": true, "signup_at": "2026-06-01T08:00:00Z"}'
_LIMIT = 2**1024 - 2**970


def _nested(depth: int, inner: bytes = b"") -> bytes:
    return b"[" * depth + inner + b"]" * depth


def _with_context(context: bytes) -> bytes:
    return b'{"timestamp": "2026-06-10T10:00:00Z", "context": %s}' % context


CORPUS: list[bytes] = [
    SEED_SINGLE, SEED_BATCH, b"", b" ", b"\n\t\r ", b"null", b"[]", b"{}", b"[{}]", b'"x"', b"0", b"true",
    *(SEED_SINGLE[:cut] for cut in range(0, len(SEED_SINGLE), 7)),
    *(SEED_BATCH[:cut] for cut in range(0, len(SEED_BATCH), 23)),
    SEED_SINGLE + b"x", SEED_SINGLE + b" ", SEED_SINGLE + b"}", SEED_SINGLE + b"\x00", b" " + SEED_SINGLE + b"\r\n",
    b"\xef\xbb\xbf" + SEED_SINGLE, b"\xef\xbb\xbf" + SEED_BATCH,
    *(SEED_SINGLE.decode().encode(codec) for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le")),
    *(_RECORD % token for token in (
        b"NaN", b"-NaN", b"Infinity", b"-Infinity", b"1e400", b"-1e400", b"1E+400", b"1e-400", b"-0", b"-0.0",
        b"0.1", b"1.7976931348623157e308", b"1.7976931348623158e308", b"1.7976931348623159e308",
        str(_LIMIT).encode(), str(_LIMIT - 1).encode(), str(-_LIMIT).encode(), str(-(_LIMIT - 1)).encode(),
        b"1" + b"0" * 400, b"9" * 4300, b"9" * 4301, b"-" + b"9" * 5000, b"1" + b"0" * 400 + b".0",
        b"01", b"+1", b".5", b"1.", b"1e", b"0x10", b"true", b'"12.5"', b"null", b"[]", b"{}",
    )),
    *(_RECORD.replace(b'"RO"', bad) % b"1" for bad in (
        b'"\xff"', b'"\xc0\x80"', b'"\xed\xa0\x80"', b'"\xf4\x90\x80\x80"', b'"\xe2\x82"', b'"\x80"',
        b'"\\ud800"', b'"\\udfff\\ud800"', b'"\\ud83d\\ude00"', b'"\xf0\x9f\x98\x80"', b'"\\u0000"',
        b'"a\nb"', b'"\t"', b'"\x7f"', b'"\\x41"', b'"\\u12"', b"'RO'", b'"\\/"', b'"\xe2\x80\xa8"',
    )),
    *(_with_context(_nested(depth)) for depth in (509, 510, 511, 512, 513, 1000)),
    *(b"[" + _with_context(_nested(depth)) + b"]" for depth in (508, 509, 510, 511)),
    _nested(512), _nested(513), _nested(100_000), b"[" * 100_000, _nested(20, b"1"),
    _with_context(b'{"a": ' + _nested(2000) + b', "a": 1}'),  # 600 levels: test_deep_discarded_duplicate
    _with_context(b'{"k": "' + b"[" * 2000 + b'"}'),  # brackets inside a string do not nest
    _with_context(b'{"k": "\\"' + b"[" * 2000 + b'"}'),
    b'{"timestamp": "2026-06-10T10:00:00Z", "timestamp": 1, "context": {}}',
    b'{"timestamp": 1, "timestamp": "2026-06-10T10:00:00Z", "context": {}}',
    b'{"context": {}, "timestamp": "2026-06-10T10:00:00Z", "context": []}',
    b'{"__proto__": {}, "timestamp": "2026-06-10T10:00:00Z", "context": {}}',
    b'{"timestamp": "2026-06-10T10:00:00Z", "context": {"__proto__": 1}, "constructor": 1}',
    b'{"timestamp": "2026-06-10T10:00:00Z", "context": {}, "b": 1, "7": 1, "a": 1}',
    *(b'{"timestamp": "%s", "context": {}}' % ts for ts in (
        b"2026-06-10T10:00:00Z\\n", b"2026-06-10T10:00:00Z\\u2028", b"2026-06-10 10:00:00Z", b"2026-02-29T00:00:00Z",
        b"2000-02-29T00:00:00Z", b"1900-02-29T00:00:00Z", b"0000-02-29T00:00:00Z", b"2026-06-10T23:59:60Z",
        b"2026-06-10T10:00:00.123456789012+23:59", b"2026-06-10t10:00:00z", b"2026-06-10T10:00:00-00:00",
        b"\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6-06-10T10:00:00Z", b"2026-06-10T10:00:00+24:00", b"2026-06-10T10:00:00",
    )),
]


@pytest.mark.parametrize("name", list(FIXED))
def test_corpus(node: Node, name: str) -> None:
    for body in CORPUS:
        for batch in (False, True):
            compare_body(node, FIXED[name], batch, body)


# -- pinned differences (docs/interop.md) ---------------------------------------------------


def test_deep_discarded_duplicate(node: Node) -> None:
    # A duplicate key's first value is discarded (the last wins).  Python judges depth on
    # the values it keeps, but refuses a body its recursive parser cannot read, so a
    # discarded value 513 to ~990 levels deep passes in Python (at the default recursion
    # limit) and one deeper does not.  The module counts depth on the text, as the contract
    # words it, independent of any stack: deeper than 512 anywhere is Invalid JSON body.
    for depth, python_code in ((600, "missing_field"), (2000, "invalid_json")):
        body = _with_context(b'{"a": ' + _nested(depth) + b', "a": 1}')
        kind, expected = _python_parse(SEED, "parseRecord", body)
        assert expected["code"] == python_code
        got = json.loads(node.ask(SEED, "parseRecord", bytes=base64.b64encode(body).decode())["failure"])
        assert got["code"] == "invalid_json"
    shallow = _with_context(b'{"a": ' + _nested(510) + b', "a": 1}')
    _compare(_python_parse(SEED, "parseRecord", shallow), node.ask(SEED, "parseRecord", text=shallow.decode()), shallow)


def test_integer_like_keys_come_first(node: Node) -> None:
    schema = ds.Schema.from_dict({"fields": {}})
    body = b'{"timestamp": "2026-06-10T10:00:00Z", "context": {}, "b": 1, "4294967295": 1, "7": 1, "01": 1}'
    kind, python = _python_parse(schema, "parseRecord", body)
    assert ds.compile(schema).check(json.loads(body)).field == "b"  # Python: text order
    assert python["field"] == "7"  # the modelled answer: JavaScript's key order
    got = json.loads(node.ask(schema, "parseRecord", bytes=base64.b64encode(body).decode())["failure"])
    assert (got["error"], got["field"]) == ("Extra field: 7", "7")


def test_module_text_is_ascii_and_holds_no_raw_name(node: Node) -> None:
    source = HOSTILE.to_javascript()
    assert source.isascii()
    for marker in ("</script>", "<!--", "\u2028", '"__proto__": '):
        assert marker not in source
    for name in HOSTILE:
        assert js_string(name) in source  # each name is there once, as an escaped literal
    js = node.ask(HOSTILE, "parseRecord", text="[]")
    assert json.loads(js["failure"])["code"] == "payload_not_object"


def test_wrong_body_type_throws_type_error(node: Node) -> None:
    js = node.ask(SEED, "parseRecord", json="12")
    assert js["threw"].startswith("TypeError")
    with pytest.raises(TypeError):
        ds.compile(SEED).parse_record(12)  # type: ignore[arg-type]
