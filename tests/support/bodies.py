"""Raw-body tables: (id, body, expected) for single and batch bodies and the nesting limit."""

from __future__ import annotations

import json
from typing import Any, Callable

import dataset_schema as ds

from .seed import seed_record

RECORD = json.dumps(seed_record())
RECORD_BYTES = RECORD.encode()


def outcome(parse: Callable[[Any], Any], body: Any) -> tuple[str, Any]:
    try:
        return ("ok", parse(body))
    except ds.IngestError as error:
        return ("error", (error.message, error.index))


def with_amount(literal: str) -> bytes:
    return RECORD.replace('"amount": 42.5', f'"amount": {literal}').encode()


INVALID_JSON = "Invalid JSON body"

SINGLE_CASES = [
    ("seed example", RECORD_BYTES, None),
    ("str body", RECORD, None),
    ("bytearray body", bytearray(RECORD_BYTES), None),
    ("memoryview body", memoryview(RECORD_BYTES), None),
    ("surrounding JSON whitespace", b" \t\r\n" + RECORD_BYTES + b"\n\r\t ", None),
    ("empty", b"", INVALID_JSON),
    ("whitespace only", b" \n\t", INVALID_JSON),
    ("trailing garbage", RECORD_BYTES + b"x", INVALID_JSON),
    ("two objects", RECORD_BYTES + RECORD_BYTES, INVALID_JSON),
    ("truncated", RECORD_BYTES[:-1], INVALID_JSON),
    ("single quotes", RECORD.replace('"', "'").encode(), INVALID_JSON),
    ("trailing comma", RECORD_BYTES[:-1] + b",}", INVALID_JSON),
    ("comment", b"/* c */" + RECORD_BYTES, INVALID_JSON),
    ("NaN", with_amount("NaN"), INVALID_JSON),
    ("Infinity", with_amount("Infinity"), INVALID_JSON),
    ("-Infinity", with_amount("-Infinity"), INVALID_JSON),
    ("nan lowercase", with_amount("nan"), INVALID_JSON),
    ("leading plus", with_amount("+1"), INVALID_JSON),
    ("leading zero", with_amount("01"), INVALID_JSON),
    ("hex", with_amount("0x10"), INVALID_JSON),
    ("bare dot", with_amount(".5"), INVALID_JSON),
    ("BOM", b"\xef\xbb\xbf" + RECORD_BYTES, INVALID_JSON),
    ("str BOM", "\ufeff" + RECORD, INVALID_JSON),
    ("UTF-16 LE", RECORD.encode("utf-16-le"), INVALID_JSON),
    ("UTF-16 with BOM", RECORD.encode("utf-16"), INVALID_JSON),
    ("UTF-32", RECORD.encode("utf-32"), INVALID_JSON),
    ("invalid UTF-8", RECORD_BYTES.replace(b'"RO"', b'"\xff"'), INVALID_JSON),
    ("surrogate bytes", RECORD_BYTES.replace(b'"RO"', b'"\xed\xa0\x80"'), INVALID_JSON),
    ("overlong encoding", RECORD_BYTES.replace(b'"RO"', b'"\xc0\xaf"'), INVALID_JSON),
    ("raw lone surrogate in a str body", RECORD.replace('"RO"', '"\ud800"'), INVALID_JSON),
    ("escaped lone surrogate is JSON", RECORD_BYTES.replace(b'"RO"', b'"\\ud800"'), None),
    ("raw control character in a string", RECORD_BYTES.replace(b'"RO"', b'"R\nO"'), INVALID_JSON),
    ("non-JSON whitespace", b"\x0c" + RECORD_BYTES, INVALID_JSON),
    ("NUL after", RECORD_BYTES + b"\x00", INVALID_JSON),
    ("non-ASCII UTF-8", RECORD_BYTES.replace(b'"RO"', "\"Ţară\"".encode()), None),
    # valid JSON that is not an object
    ("array", b"[" + RECORD_BYTES + b"]", "Payload must be an object"),
    ("null", b"null", "Payload must be an object"),
    ("number", b"1", "Payload must be an object"),
    ("string", b'"{}"', "Payload must be an object"),
    ("true", b"true", "Payload must be an object"),
    # numbers from JSON text
    ("1e400 overflows", with_amount("1e400"), "Invalid number field: amount"),
    ("-1e400 overflows", with_amount("-1e400"), "Invalid number field: amount"),
    ("400-digit int is too big for float64", with_amount("1" + "0" * 400), "Invalid number field: amount"),
    ("5000-digit int is too big for float64", with_amount("1" + "0" * 5000), "Invalid number field: amount"),
    ("-5000-digit int", with_amount("-" + "9" * 5000), "Invalid number field: amount"),
    ("1e308 is finite", with_amount("1e308"), None),
    ("tiny underflows to zero", with_amount("1e-400"), None),
    ("negative zero", with_amount("-0"), None),
    ("exponent", with_amount("4.25E1"), None),
    ("long fraction", with_amount("0." + "3" * 5000), None),
    ("string number", with_amount('"42.5"'), "Invalid number field: amount"),
    ("null number", with_amount("null"), "Invalid number field: amount"),
    # duplicate keys: the last wins, at the first key's position
    ("duplicate, last valid", with_amount('"x", "amount": 1'), None),
    ("duplicate, last invalid", with_amount('1, "amount": "x"'), "Invalid number field: amount"),
    ("huge int in context is fine", RECORD_BYTES.replace(b'"req_123"', b"1" + b"0" * 5000), None),
    ("huge string", RECORD_BYTES.replace(b'"RO"', b'"' + b"x" * 2_000_000 + b'"'), None),
    ("deep context", RECORD_BYTES.replace(b'"req_123"', b"[" * 200 + b"]" * 200), None),
    ("too deep context", RECORD_BYTES.replace(b'"req_123"', b"[" * 100_000 + b"]" * 100_000), INVALID_JSON),
    ("too deep unbalanced", b"[" * 100_000, INVALID_JSON),
    ("deep objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, INVALID_JSON),
]


BATCH_BODY = ("[" + ", ".join([RECORD, json.dumps(seed_record(country="US", amount=5))]) + "]").encode()

BATCH_CASES = [
    ("seed-like batch", BATCH_BODY, None),
    ("one record", b"[" + RECORD_BYTES + b"]", None),
    ("empty array", b"[]", ("Batch body must be a non-empty array", None)),
    ("empty array with spaces", b" [ ] ", ("Batch body must be a non-empty array", None)),
    ("object", RECORD_BYTES, ("Batch body must be a non-empty array", None)),
    ("null", b"null", ("Batch body must be a non-empty array", None)),
    ("string", b'"[]"', ("Batch body must be a non-empty array", None)),
    ("invalid JSON", b"[" + RECORD_BYTES, (INVALID_JSON, None)),
    ("NaN inside", b"[" + with_amount("NaN") + b"]", (INVALID_JSON, None)),
    ("record not an object", b"[" + RECORD_BYTES + b", 5]", ("Payload must be an object", 1)),
    ("nested array", b"[[" + RECORD_BYTES + b"]]", ("Payload must be an object", 0)),
    ("third record bad", b"[" + b",".join([RECORD_BYTES, RECORD_BYTES, with_amount('"1"'), with_amount("true")]) + b"]",
     ("Invalid number field: amount", 2)),
    ("overflow in a batch", b"[" + RECORD_BYTES + b"," + with_amount("1e400") + b"]", ("Invalid number field: amount", 1)),
]


MAX_DEPTH = 512  # docs/contract.md; a test below checks the code says the same


def nest(levels: int) -> bytes:
    """JSON text of ``levels`` nested arrays: nest(1) is ``[]``."""
    return b"[" * levels + b"]" * levels


def record_with(key: bytes, value: bytes) -> bytes:
    return RECORD_BYTES.replace(b'"plan": "pro"', b'"plan": "pro", ' + key + b": " + value)


def deep_context(levels: int) -> bytes:
    """A valid record whose context holds ``levels`` nested arrays under "a"."""
    return RECORD_BYTES.replace(b'{"source": "billing-service", "request_id": "req_123"}', b'{"a": ' + nest(levels) + b"}")




DEPTH_CASES = [
    # record (1) > context (1) > levels: the record is levels + 2 deep
    ("valid record at the limit", deep_context(MAX_DEPTH - 2), None),
    ("valid record one past the limit", deep_context(MAX_DEPTH - 1), INVALID_JSON),
    # an invalid record: the JSON answer comes first, so depth still decides
    ("extra field at the limit", record_with(b'"extra"', nest(MAX_DEPTH - 1)), "Extra field: extra"),
    ("extra field one past the limit", record_with(b'"extra"', nest(MAX_DEPTH)), INVALID_JSON),
    ("wrong type at the limit", with_amount(nest(MAX_DEPTH - 1).decode()), "Invalid number field: amount"),
    ("wrong type past the limit", with_amount(nest(MAX_DEPTH).decode()), INVALID_JSON),
    ("bare array at the limit", nest(MAX_DEPTH), "Payload must be an object"),
    ("bare array past the limit", nest(MAX_DEPTH + 1), INVALID_JSON),
    ("far past what the parser recurses", nest(5000), INVALID_JSON),
    ("around the parser's own limit", nest(992), INVALID_JSON),
]


def assert_nesting_limit_on_batches(parse: Callable[[Any], Any]) -> None:
    """The batch nesting limit, for any parse_batch (the validator's, the reference's, a baseline's)."""
    # batch (1) > record (1) > context (1) > levels
    at_limit = b"[" + RECORD_BYTES + b"," + deep_context(MAX_DEPTH - 3) + b"]"
    past_limit = b"[" + RECORD_BYTES + b"," + deep_context(MAX_DEPTH - 2) + b"]"
    assert outcome(parse, at_limit)[0] == "ok"
    assert outcome(parse, past_limit) == ("error", (INVALID_JSON, None))
    # a record error earlier in the batch does not hide a body that is too deep
    bad_then_deep = b"[" + with_amount('"1"') + b"," + deep_context(MAX_DEPTH - 2) + b"]"
    assert outcome(parse, bad_then_deep) == ("error", (INVALID_JSON, None))
    bad_then_at_limit = b"[" + with_amount('"1"') + b"," + deep_context(MAX_DEPTH - 3) + b"]"
    assert outcome(parse, bad_then_at_limit) == ("error", ("Invalid number field: amount", 0))
