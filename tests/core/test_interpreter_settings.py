"""Answers and survival whatever the caller sets: recursion limit, thread stack size, int digit limit.

Issue 10, items 11 and 12.  A crash (SIGSEGV) would kill pytest itself, so every case
that could crash the interpreter runs in a subprocess and must exit cleanly with the
expected answer.  The int digit limit is process-global: each test sets it and puts
it back.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import dataset_schema as ds
from dataset_schema._core import body as _body
from dataset_schema._core.reference import reference_parse_batch, reference_parse_record

from ..support.seed import SEED_SCHEMA, seed_record

ROOT = Path(__file__).resolve().parents[2]
V = ds.compile(SEED_SCHEMA)
INVALID_JSON = "Invalid JSON body"

#: docs/contract.md and docs/reliability.md: the smallest thread stack we support.
MIN_THREAD_STACK = 128 * 1024


def run_python(code: str) -> str:
    """Run ``code`` in a fresh interpreter; its stdout, after asserting it exited cleanly."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    return done.stdout


PRELUDE = """
    import sys, threading
    import dataset_schema as ds
    from dataset_schema._core.reference import reference_parse_batch, reference_parse_record
    SCHEMA = {"fields": {"amount": "number"}}
    V = ds.compile(SCHEMA)
    PARSERS = [V.parse_batch, V.parse_record,
               lambda b: reference_parse_batch(SCHEMA, b), lambda b: reference_parse_record(SCHEMA, b)]

    def answers(body, parsers=PARSERS):
        found = []
        for parse in parsers:
            try:
                parse(body)
                found.append("ok")
            except ds.IngestError as error:
                found.append(error.message)
        return found
"""


# -- item 11: no body and no caller setting crashes the interpreter -------------------------

@pytest.mark.parametrize(("limit", "opener", "count"), [
    (100_000, "[", 10**6), (10**6, "[", 10**6), (10**6, '{"a":', 10**5), (10**6, '[{"a":', 10**5),
])
def test_deep_bodies_under_a_raised_recursion_limit(limit: int, opener: str, count: int) -> None:
    out = run_python(PRELUDE + f"""
    sys.setrecursionlimit({limit})
    body = ({opener!r} * {count}).encode()
    print(answers(body))
    print(answers(body + b"1" + b"]" * {count}, PARSERS[:2]))  # the reference is slow on megabytes
    """)
    assert out.splitlines() == [repr([INVALID_JSON] * 4), repr([INVALID_JSON] * 2)]


# Bodies at the limit must parse on the smallest supported stack; past it they are refused
# before the parser runs, so any stack will do.
def nested(depth: int, kind: str) -> str:
    """The expression of a body nesting ``depth`` levels (code for the subprocess)."""
    if kind == "array":
        return f'"[" * {depth} + "]" * {depth}'
    if kind == "object":
        return f"""'{{"a":' * {depth} + "1" + "}}" * {depth}"""
    pairs, odd = divmod(depth, 2)
    return f"""'[' * {odd} + '[{{"a":' * {pairs} + "1" + "}}]" * {pairs} + ']' * {odd}"""


@pytest.mark.parametrize("kind", ["array", "object", "mixed"])
@pytest.mark.parametrize(("stack", "depth"), [
    (32 * 1024, 5000), (64 * 1024, 5000), (MIN_THREAD_STACK, 512), (MIN_THREAD_STACK, 513),
    (_body.SAFE_STACK, 5000),  # no scan from here up: the parser's recursion limit stops it in time
])
def test_small_thread_stacks(kind: str, stack: int, depth: int) -> None:
    out = run_python(PRELUDE + f"""
    threading.stack_size({stack})
    body = ({nested(depth, kind)}).encode()
    found = []
    thread = threading.Thread(target=lambda: found.append(answers(body)))
    thread.start()
    thread.join()
    print(found[0])
    """)
    if depth > _body.MAX_DEPTH:
        expected = [INVALID_JSON] * 2
    else:  # parsed, then answered by the record rules (batch, then record)
        expected = AT_THE_LIMIT[kind]
    assert out.strip() == repr(expected * 2)  # the validator's answers, then the reference's


AT_THE_LIMIT = {
    "array": ["Payload must be an object", "Payload must be an object"],
    "object": ["Batch body must be a non-empty array", "Invalid or missing timestamp"],
    "mixed": ["Invalid or missing timestamp", "Payload must be an object"],
}


def test_a_small_stack_setting_does_not_reach_the_retry_thread() -> None:
    # On the main thread the parser stops itself (RecursionError); the retry on a fresh
    # thread, made with the small setting, must not be given the deep body.
    out = run_python(PRELUDE + """
    threading.stack_size(32768)
    print(answers(("[" * 5000 + "]" * 5000).encode(), PARSERS[:2]))
    """)
    assert out.strip() == repr([INVALID_JSON] * 2)


def test_the_documented_minimum_stack_is_the_tests() -> None:
    for page in ("contract.md", "reliability.md"):
        text = (ROOT / "docs" / page).read_text()
        assert "threading.stack_size(131072)" in text, page
    assert MIN_THREAD_STACK == 131072


# -- the depth scan against the parsed depth -----------------------------------------------

def depth_of(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(depth_of, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(depth_of, value.values()), default=0)
    return 0


tricky_text = st.text(alphabet='[]{}"\\ab,:', max_size=6)
json_values = st.recursive(
    st.one_of(st.none(), st.integers(), tricky_text),
    lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(tricky_text, kids, max_size=3)),
    max_leaves=20,
)


@given(json_values, st.integers(0, 14), st.sampled_from([(",", ":"), (", ", ": ")]))
def test_the_depth_scan_is_exact_on_json(value: object, limit: int, separators: tuple[str, str]) -> None:
    for text in (json.dumps(value, separators=separators), json.dumps(value, ensure_ascii=False, indent=1)):
        assert _body.text_nests_deeper(text.encode(), limit) == (depth_of(value) > limit)


@pytest.mark.parametrize("text", [
    '["' + "[" * 2000 + '"]',  # brackets inside a string do not nest
    '["\\"' + "[" * 2000 + '"]',  # nor after an escaped quote
    '["\\\\", ' + "[" * 300 + "]" * 300 + "]",  # an escaped backslash ends before the quote
    '{"a": "' + "{" * 600 + '", "b": [' + "[]," * 600 + "1]}",
], ids=["in-a-string", "after-an-escaped-quote", "after-an-escaped-backslash", "in-a-key-and-wide"])
def test_brackets_in_strings_are_not_nesting(text: str) -> None:
    assert not _body.text_nests_deeper(text.encode(), _body.MAX_DEPTH)
    value = json.loads(text)
    assert _body.decode_body(text.encode()) == value
    record = json.dumps({"timestamp": "2026-06-10T10:58:00Z", "context": {"v": value}})
    assert ds.compile({"fields": {}}).parse_record(record)["context"]["v"] == value


# -- item 12: answers independent of sys.set_int_max_str_digits ---------------------------

@pytest.fixture(params=[0, 640, 4300, 5000], ids=lambda limit: f"digits={limit}")
def digit_limit(request: pytest.FixtureRequest) -> Iterator[int]:
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(request.param)
    try:
        yield request.param
    finally:
        sys.set_int_max_str_digits(before)


def record_body(**values: str) -> bytes:
    fields = ", ".join(f'"{name}": {literal}' for name, literal in values.items())
    base = json.dumps(seed_record())[:-1]
    return f"{base}, {fields}}}".encode() if values else base.encode() + b"}"


def context_body(literal: str) -> bytes:
    return json.dumps(seed_record(context={"n": 0})).replace('"n": 0', f'"n": {literal}').encode()


def parse_both(body: bytes) -> list[Any]:
    """parse_record and parse_batch of the compiled validator and of the reference."""
    outcomes = []
    for parse in (V.parse_record, lambda b: reference_parse_record(SEED_SCHEMA, b)):
        try:
            outcomes.append(("ok", parse(body)))
        except ds.IngestError as error:
            outcomes.append(("error", error.message))
    for parse in (V.parse_batch, lambda b: reference_parse_batch(SEED_SCHEMA, b)):
        try:
            outcomes.append(("ok", parse(b"[" + body + b"]")[0]))
        except ds.IngestError as error:
            outcomes.append(("error", error.message))
    return outcomes


@pytest.mark.parametrize(("digits", "expected"), [
    (1000, 10**999), (4300, 10**4299), (4301, math.inf), (5000, math.inf),
], ids=["1000", "4300", "4301", "5000"])
@pytest.mark.parametrize("sign", ["", "-"])
def test_big_integers_in_context(digit_limit: int, digits: int, expected: float, sign: str) -> None:
    literal = sign + "1" + "0" * (digits - 1)
    for kind, record in parse_both(context_body(literal)):
        assert kind == "ok"
        got = record["context"]["n"]
        assert type(got) is type(expected) and got == (-expected if sign else expected)


@pytest.mark.parametrize("digits", [400, 1000, 4300, 4301, 5000])
def test_big_integers_in_a_number_field(digit_limit: int, digits: int) -> None:
    body = json.dumps(seed_record(amount=0)).replace('"amount": 0', '"amount": 1' + "0" * (digits - 1)).encode()
    assert parse_both(body) == [("error", "Invalid number field: amount")] * 4


def test_integers_a_float64_holds_are_exact(digit_limit: int) -> None:
    body = json.dumps(seed_record(amount=0)).replace('"amount": 0', '"amount": ' + "9" * 300).encode()
    for kind, record in parse_both(body):
        assert (kind, record["amount"]) == ("ok", int("9" * 300))


def test_the_digit_limit_of_the_contract_is_the_codes() -> None:
    from dataset_schema._core import reference

    assert _body.MAX_INT_DIGITS == reference.MAX_INT_DIGITS == 4300
    assert "over 4300 digits" in (ROOT / "docs" / "contract.md").read_text()
