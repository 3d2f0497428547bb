"""The msgspec body decoder gives the strict pure decoder's answer on every body.

A differential test: both decoders on a JSON conformance corpus, damaged fuzz bodies,
random number literals and the strategies' bodies; plus the cases where msgspec must
not be asked (recursion limits, body types).  Runs wherever msgspec is installed in
the tested range (``pip install -e '.[fast]'``; CI installs it).
"""

from __future__ import annotations

import ast
import json
import math
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from hypothesis import given, settings

import dataset_schema as ds
import dataset_schema.strategies as dss
from dataset_schema._core import accel
from dataset_schema._core.body import MAX_DEPTH, decode as pure_decode, nests_deeper

from ..support.bodies import BATCH_CASES, DEPTH_CASES, SINGLE_CASES, with_amount
from ..support.json_corpus import CORPUS, damaged, number_literals
from ..support.seed import SEED_BATCH, SEED_SCHEMA, SEED_SINGLE

msgspec_body = pytest.importorskip("dataset_schema._core.accel.msgspec_body")
fast_decode = msgspec_body.decode

_FUZZ = Path(__file__).parents[1] / "fuzz"


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, -0.0 is not 0.0).

    Without recursion: the corpus nests thousands of levels deep."""
    pending = [(a, b)]
    while pending:
        x, y = pending.pop()
        if type(x) is not type(y):
            return False
        if type(x) is float:
            if not ((x == y and math.copysign(1.0, x) == math.copysign(1.0, y)) or (math.isnan(x) and math.isnan(y))):
                return False
        elif type(x) is dict:
            if list(x) != list(y):
                return False
            pending.extend((x[key], y[key]) for key in x)
        elif type(x) is list:
            if len(x) != len(y):
                return False
            pending.extend(zip(x, y))
        elif x != y:
            return False
    return True


def _answer(decode: Callable[[object], tuple[Any, bool]], body: object) -> tuple[str, Any, bool]:
    """What a body comes to: the value (or the error's message) after the nesting limit."""
    try:
        value, may_be_deep = decode(body)
    except ds.IngestError as error:
        return "error", error.message, False
    if may_be_deep and nests_deeper(value, MAX_DEPTH):
        return "error", "Invalid JSON body", may_be_deep
    return "ok", value, may_be_deep


def assert_same_answer(body: object) -> None:
    want, got = _answer(pure_decode, body), _answer(fast_decode, body)
    assert want[0] == got[0] and _same(want[1], got[1]), (body if len(body) < 200 else body[:200], want, got)  # type: ignore[arg-type]
    assert got[2] or not want[2]  # may_be_deep may be said more often, never less


def _dictionary_tokens() -> list[bytes]:
    tokens = []
    for line in (_FUZZ / "json.dict").read_text().splitlines():
        if line.startswith('"'):
            tokens.append(line[1:-1].encode().decode("unicode_escape").encode("latin-1"))
    return tokens


def _fuzz_seeds() -> list[bytes]:
    # The fuzz target's seed bodies, read from its source so it need not be imported.
    tree = ast.parse((_FUZZ / "fuzz_bodies.py").read_text())
    found = [node.value for node in tree.body if isinstance(node, ast.Assign)
             and any(isinstance(target, ast.Name) and target.id == "SEEDS" for target in node.targets)]
    bodies = ast.literal_eval(found[0])
    assert len(bodies) == 5 and all(type(body) is bytes for body in bodies)
    return list(bodies)


@pytest.mark.parametrize("name, body", CORPUS, ids=[name for name, _ in CORPUS])
def test_corpus(name: str, body: bytes) -> None:
    for form in (body, body.decode("utf-8", "surrogatepass") if _utf8(body) else None):
        if form is not None:
            assert_same_answer(form)


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_corpus_exercises_both_decoders() -> None:
    # The corpus must hold bodies msgspec takes and bodies it hands back, or it proves little.
    taken = sum(1 for _, body in CORPUS if _msgspec_takes(body))
    assert 40 < taken < len(CORPUS) - 40


def _msgspec_takes(body: bytes) -> bool:
    try:
        msgspec_body.msgspec.json.decode(body)
    except Exception:
        return False
    return True


def test_the_contract_tables() -> None:
    for _, body, _ in SINGLE_CASES + BATCH_CASES:
        assert_same_answer(body)
    for case in DEPTH_CASES:
        assert_same_answer(case[1])
    assert_same_answer(SEED_SINGLE)
    assert_same_answer(SEED_BATCH)


def test_damaged_fuzz_bodies() -> None:
    seeds = _fuzz_seeds() + [SEED_SINGLE, SEED_BATCH]
    for body in damaged(seeds, 20_000, _dictionary_tokens()):
        assert_same_answer(body)


def test_number_literals() -> None:
    for literal in number_literals(10_000):
        assert_same_answer(literal)
        assert_same_answer(with_amount(literal.decode()))


def test_lone_surrogates_in_text_bodies() -> None:
    for text in ('{"a": "\ud800"}', '["\udc00x"]', '"\ud834\udd1e"', '["\\ud800"]'):
        assert_same_answer(text)


# The strategies' bodies are slow to draw (~0.1-0.2 s each): a quarter of the profile's count.
@settings(max_examples=max(1, settings().max_examples // 4))
@given(dss.bodies(SEED_SCHEMA))
def test_strategy_record_bodies(case: tuple[bytes, Any]) -> None:
    assert_same_answer(case[0])


@settings(max_examples=max(1, settings().max_examples // 8))
@given(dss.bodies(SEED_SCHEMA, batch=True))
def test_strategy_batch_bodies(case: tuple[bytes, Any]) -> None:
    assert_same_answer(case[0])


def test_other_body_types_go_to_the_pure_decoder() -> None:
    class Text(str):
        pass

    for body in (bytearray(SEED_SINGLE), memoryview(SEED_SINGLE), Text(SEED_SINGLE.decode()), b"\xef\xbb\xbf{}"):
        assert_same_answer(body)
    with pytest.raises(TypeError):
        fast_decode(12)


@pytest.fixture
def recursion_limit() -> Iterator[Callable[[int], None]]:
    before = sys.getrecursionlimit()
    yield sys.setrecursionlimit
    sys.setrecursionlimit(before)


@pytest.mark.parametrize("limit", [200, MAX_DEPTH + 8, msgspec_body.MIN_RECURSION_LIMIT, 1000, 20_000, 10**6])
def test_recursion_limits_set_by_the_caller(limit: int, recursion_limit: Callable[[int], None]) -> None:
    bodies = [b"[" * depth + b"]" * depth for depth in (100, MAX_DEPTH, MAX_DEPTH + 1, 3000)]
    recursion_limit(limit)
    for body in bodies:
        assert_same_answer(body)


def test_a_raised_limit_never_lets_msgspec_recurse_past_the_ceiling(recursion_limit: Callable[[int], None]) -> None:
    # msgspec crashes the process on ~50,000 levels when the limit allows it; here it is not asked.
    recursion_limit(10**7)
    body = b"[" * 60_000 + b"]" * 60_000
    assert not msgspec_body._msgspec_may_take(body)
    assert msgspec_body._msgspec_may_take(b"[]")


def test_the_ceiling_is_safe_on_a_thread(recursion_limit: Callable[[int], None]) -> None:
    depth = msgspec_body.MAX_RECURSION_LIMIT - 20
    body = b"[" * depth + b"]" * depth
    recursion_limit(msgspec_body.MAX_RECURSION_LIMIT)
    found: list[Any] = []
    thread = threading.Thread(target=lambda: found.append(msgspec_body._msgspec_decode(body)))
    thread.start()
    thread.join()
    assert nests_deeper(found[0], depth - 1) and not nests_deeper(found[0], depth)


def test_the_pure_decoder_takes_max_depth_at_the_minimum_limit(recursion_limit: Callable[[int], None]) -> None:
    # MIN_RECURSION_LIMIT is what makes msgspec safe to ask: the pure decoder accepts
    # every body within MAX_DEPTH there too, so their answers cannot part on depth.
    recursion_limit(msgspec_body.MIN_RECURSION_LIMIT)
    value, _ = pure_decode(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    assert not nests_deeper(value, MAX_DEPTH)


def test_the_switch_and_the_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(accel.PURE_SWITCH, raising=False)
    assert accel.body_decoder() is fast_decode
    for value in ("1", "yes"):
        monkeypatch.setenv(accel.PURE_SWITCH, value)
        assert accel.body_decoder() is pure_decode
    for value in ("", "0"):
        monkeypatch.setenv(accel.PURE_SWITCH, value)
        assert accel.body_decoder() is fast_decode


def test_the_tested_range_covers_the_installed_version() -> None:
    low, high = msgspec_body.TESTED
    assert low <= msgspec_body.msgspec_version() < high
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    assert f'"msgspec>={low[0]}.{low[1]},<{high[0]}.{high[1]}"' in pyproject


def test_big_integers_do_not_follow_the_digit_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # docs/contract.md: 4300 digits is the contract's rule, whatever the interpreter's setting.
    body, huge = b"[" + b"7" * 3000 + b"]", b"[" + b"7" * 5000 + b"]"
    sevens = int("7" * 3000)
    before = sys.get_int_max_str_digits()
    try:
        for limit in (2000, 0, 640, 5000):
            sys.set_int_max_str_digits(limit)
            assert_same_answer(body)
            assert_same_answer(huge)
            assert _answer(fast_decode, body)[1] == [sevens]
            assert _answer(fast_decode, huge)[1] == [math.inf]
    finally:
        sys.set_int_max_str_digits(before)
    assert _answer(fast_decode, body)[1] == [sevens]


def test_json_dumps_round_trip_of_values() -> None:
    for value in ([1, 2.5, "é", None, True], {"a": {"b": [-0.0, 1e308]}}, "\u2028"):
        text = json.dumps(value, ensure_ascii=False)
        assert_same_answer(text)
        assert_same_answer(text.encode())
