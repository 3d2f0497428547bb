"""Hypothesis strategies for raw request bodies, each with the answer the API gives.

Bodies are written by a small JSON encoder of our own, so that whitespace,
escapes, duplicate keys and overflowing number literals can be chosen; broken
bodies are then damaged on purpose (cut short, trailing garbage, BOM, UTF-16,
bad UTF-8 bytes, tokens RFC 8259 does not allow).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from ..._errors import IngestError, make_error
from .records import Fields, broken_records, record_pairs
from .values import json_values

__all__ = ["Expected", "body_cases"]


@dataclass(frozen=True)
class Expected:
    """What the API answers for a body: an error, or the record(s) it accepts.

    ``error`` is the exact :class:`IngestError` (message, code, status, field,
    index); ``value`` is what ``parse_record`` / ``parse_batch`` return when
    ``error`` is None.
    """

    error: IngestError | None
    value: Any = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str | None:
        return None if self.error is None else self.error.message

    @property
    def code(self) -> str | None:
        return None if self.error is None else self.error.code

    @property
    def index(self) -> int | None:
        return None if self.error is None else self.error.index


@dataclass(frozen=True)
class _Raw:
    """Text written into the body as it is."""

    text: str


@dataclass(frozen=True)
class _Object:
    """An object written from pairs, so a key may appear more than once."""

    pairs: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class _Style:
    ascii: bool
    comma: str
    colon: str
    infinity: str  # how float('inf') is written: a literal that overflows a float64


def _has_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _encode(value: Any, style: _Style) -> str:
    if isinstance(value, _Raw):
        return value.text
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, str):
        # A lone surrogate has no UTF-8 form: only its \u escape can carry it.
        return json.dumps(value, ensure_ascii=style.ascii or not _has_utf8(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isinf(value):
            return style.infinity if value > 0 else "-" + style.infinity
        return repr(value)
    if isinstance(value, dict):
        value = _Object(tuple(value.items()))
    if isinstance(value, _Object):
        items = (_encode(key, style) + style.colon + _encode(item, style) for key, item in value.pairs)
        return "{" + style.comma.join(items) + "}"
    if isinstance(value, list):
        return "[" + style.comma.join(_encode(item, style) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_SPACE = st.sampled_from(["", " ", "\n", "\t", "\r\n", "  "])
_INFINITIES = st.sampled_from(["1e400", "1E+400", "123e99999", "1" + "0" * 400 + ".0", "9" * 4301])


@st.composite
def _styles(draw: st.DrawFn) -> _Style:
    comma = draw(_SPACE) + "," + draw(_SPACE)
    colon = draw(_SPACE) + ":" + draw(_SPACE)
    return _Style(draw(st.booleans()), comma, colon, draw(_INFINITIES))


@st.composite
def _with_decoys(draw: st.DrawFn, record: Any) -> Any:
    """The record with some keys written twice; the earlier copy is a decoy (the last wins)."""
    if not isinstance(record, dict) or not record or not draw(st.booleans()):
        return record
    pairs: list[tuple[str, Any]] = []
    for key, value in record.items():
        if draw(st.integers(0, 3)) == 0:
            pairs.append((key, draw(json_values(4))))
        pairs.append((key, value))
    return _Object(tuple(pairs))


@st.composite
def _text(draw: st.DrawFn, value: Any) -> str:
    body = _encode(draw(_with_decoys(value)) if not isinstance(value, list) else
                   [draw(_with_decoys(item)) for item in value], draw(_styles()))
    return draw(_SPACE) + body + draw(_SPACE)


# Tokens RFC 8259 does not allow in place of a value.
_BAD_TOKENS = [
    "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "True", "None", "undefined",
    "01", "-01", "+1", ".5", "1.", "1e", "1e+", "-", "0x10", "1_000", "'a'", '"\\x41"', '"\\u12"',
    '"\\U0001"', '"a\nb"', '"\t"', '"\x00"', "[1,]", '{"a":1,}', "{,}", "[,1]", '{"a"}', '{"a" 1}',
    "{a:1}", "/*c*/1", "1 2", "[", "{", "]", '"abc', "tru", "nul", "\ufeff1", "\u00a01", "\u20281",
]
_BAD_BYTES = [b"\xff", b"\xfe", b"\xc0\x80", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
              b"\x80", b"\xf8\x88\x80\x80\x80", b"\xc3\x28"]
_MARK = "@@not-utf-8@@"
_GARBAGE = ["x", "}", "]", ",", "{}", "[]", "null", "0", '"a"', "\x00", "/", "#", "\ufeff", "\x1a"]


def _poisoned(value: Any, token: str, at: int) -> Any:
    """``value`` with one top-level slot replaced by a raw token (into a record of a batch too)."""
    if isinstance(value, list) and value:
        value = list(value)
        value[at % len(value)] = _poisoned(value[at % len(value)], token, at)
        return value
    if isinstance(value, dict) and value:
        key = list(value)[at % len(value)]
        return {**value, key: _Raw(token)}
    return [_Raw(token)]


@st.composite
def _invalid_json(draw: st.DrawFn, value: Any) -> bytes:
    """A body that is not strict UTF-8 JSON text, built by damaging the encoding of ``value``."""
    damage = draw(st.sampled_from(["cut", "garbage", "bom", "wide", "token", "bytes", "blank"]))
    if damage == "token":
        # The constants Python's own parser takes are the likeliest slip: half the draws.
        token = draw(st.one_of(st.sampled_from(["NaN", "Infinity", "-Infinity"]), st.sampled_from(_BAD_TOKENS)))
        return draw(_text(_poisoned(value, token, draw(st.integers(0, 50))))).encode()
    if damage == "bytes":
        body = draw(_text(_poisoned(value, json.dumps(_MARK), draw(st.integers(0, 50))))).encode()
        return body.replace(_MARK.encode(), draw(st.sampled_from(_BAD_BYTES)))
    if damage == "blank":
        return draw(st.sampled_from(["", " ", "\n", "\r\n\t "])).encode()
    text = draw(_text(value))
    if damage == "cut" and not isinstance(value, (dict, list)):
        damage = "garbage"  # a cut scalar may still be JSON ("12" from "123")
    if damage == "garbage":
        garbage = draw(st.sampled_from(_GARBAGE))
        if text[-1:].isdigit():
            garbage = " " + garbage  # "12" + "0" would be one number
        return (text + garbage).encode()
    if damage == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if damage == "wide":
        codec = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]))
        return text.encode(codec)
    # Cut before the closing bracket: an object or array left open is never JSON.
    body = text.encode()
    closing = len(body.rstrip()) - 1
    return body[:draw(st.integers(0, closing))]


_LONE_SURROGATES = st.sampled_from(["\ud800", "a\udfff", "\udc00\ud800", "\U0001f600\ud83d"])


@st.composite
def _valid_record(draw: st.DrawFn, fields: Fields) -> dict[str, Any]:
    """A valid record; sometimes a string holds an escaped lone surrogate, which JSON allows."""
    record = dict(draw(record_pairs(fields)))
    if draw(st.integers(0, 7)) == 0:
        strings = [name for name, kind in fields if kind == "string"]
        surrogate = draw(_LONE_SURROGATES)
        if strings:
            record[draw(st.sampled_from(strings))] = surrogate
        else:
            record["context"] = {**record["context"], surrogate: surrogate}
    return record


@st.composite
def _single(draw: st.DrawFn, fields: Fields) -> tuple[bytes, Expected]:
    kind = draw(st.sampled_from(["valid", "broken", "invalid_json"]))
    if kind == "valid":
        record = draw(_valid_record(fields))
        return draw(_text(record)).encode(), Expected(None, record)
    value, error = draw(broken_records(fields, json_only=True))
    if kind == "broken":
        return draw(_text(value)).encode(), Expected(error)
    return draw(_invalid_json(value)), Expected(make_error("invalid_json"))


@st.composite
def _batch(draw: st.DrawFn, fields: Fields) -> tuple[bytes, Expected]:
    kind = draw(st.sampled_from(["valid", "broken", "not_array", "invalid_json"]))
    valid = _valid_record(fields)
    records: list[Any] = draw(st.lists(valid, min_size=1, max_size=3))
    if kind == "valid":
        return draw(_text(records)).encode(), Expected(None, records)
    if kind == "not_array":
        value: Any = draw(st.one_of(st.just([]), st.just(records[0]), json_values(4).filter(lambda v: not isinstance(v, list))))
        return draw(_text(value)).encode(), Expected(make_error("batch_not_array"))
    at = draw(st.integers(0, len(records)))
    broken, error = draw(broken_records(fields, json_only=True))
    anything = st.one_of(valid, broken_records(fields, json_only=True).map(lambda case: case[0]))
    records = records[:at] + [broken] + draw(st.lists(anything, max_size=1))
    if kind == "broken":
        return draw(_text(records)).encode(), Expected(error.with_index(at))
    return draw(_invalid_json(records)), Expected(make_error("invalid_json"))


def body_cases(fields: Fields, batch: bool) -> st.SearchStrategy[tuple[bytes, Expected]]:
    return _batch(fields) if batch else _single(fields)
