"""A JSON conformance corpus in the manner of JSONTestSuite, written here (not downloaded).

``y_`` bodies are JSON every parser must accept, ``n_`` bodies are not JSON, ``i_`` bodies
are where parsers may differ (big numbers, surrogates, deep nesting): for those the
contract's answer is whatever the strict pure decoder gives (docs/contract.md).
Used by differential tests: two decoders must agree on every body, not on a verdict
written here, so the ``y``/``n``/``i`` prefix only documents intent.
"""

from __future__ import annotations

import random

_Y = [
    b"[]", b"{}", b"[[]]", b'[""]', b"[1]", b"[-1]", b"[0]", b"[-0]", b"[1.5]", b"[-0.0]", b"[1E2]", b"[1e+2]",
    b"[1e-2]", b"[1E-2]", b"[0e0]", b"[0.0e+00]", b"[123456789]", b"[1.7976931348623157e308]",
    b"[5e-324]", b"[2.2250738585072014e-308]", b"[true]", b"[false]", b"[null]", b'{"a":1}', b'{"a":"b"}',
    b'{"":0}', b'{"a":1,"a":2}', b'{"a":1,"b":2,"a":3}', b'{"a":[],"b":{}}', b" [] ", b"\t\r\n[]\n",
    b'["\\u0000"]', b'["\\""]', b'["\\\\\\/\\b\\f\\n\\r\\t"]', b'["\\u00e9"]', b'["\\uD834\\uDD1E"]',
    b'["\xc3\xa9"]', b'["\xe2\x82\xac"]', b'["\xf0\x9d\x84\x9e"]', b'["\xe2\x80\xa8\xe2\x80\xa9"]',
    b'["\xef\xbf\xbf"]', b'["\\uFFFF"]', b'["\\uFEFF"]', b'["\x7f"]', b'"x"', b"1", b"-1", b"true", b"null",
    b"1.0", b" 1 ", b'{"__proto__":1}', b'{"a":{"b":{"c":[1,[2,[3]]]}}}', b"[1,2,3,4,5]", b'["a","b"]',
    b'{"timestamp":"2026-06-10T10:58:00Z","context":{}}', b"[0.1,0.2,0.30000000000000004]",
]

_N = [
    b"", b" ", b"[", b"]", b"[1,]", b"[,1]", b"[1,,2]", b"{,}", b'{"a"}', b'{"a":}', b'{"a":1,}', b'{a:1}',
    b"{'a':1}", b"['a']", b'["a"', b'["a\x00"]', b'["\x01"]', b'["\x1f"]', b'["\t"]', b'["\n"]', b'["\\x41"]',
    b'["\\u12"]', b'["\\uZZZZ"]', b'["\\a"]', b'["\\', b"[01]", b"[-01]", b"[1.]", b"[.1]", b"[+1]", b"[1e]",
    b"[1e+]", b"[-]", b"[--1]", b"[0x1]", b"[1_000]", b"[Infinity]", b"[-Infinity]", b"[NaN]", b"[nan]",
    b"[inf]", b"[True]", b"[nul]", b"[tru]", b"[1 2]", b"[1]x", b"[1][2]", b"{}{}", b"\xef\xbb\xbf[]",
    b"\xff", b'["\xff"]', b'["\xc0\xaf"]', b'["\xed\xa0\x80"]', b'["\xe2\x82"]', b'["\xf8\x88\x80\x80\x80"]',
    b"\x00[]", b"[]\x00", b"[\x0b1]", b"[\x0c1]", b"[\xc2\xa01]", b"[\xe3\x80\x801]", b"/*c*/[]", b"[]//",
    b'"\\u0000', b"[1.5e999999999999999999]" b"x", b'{"a" 1}', b'{"a"::1}', b'{1:1}', b"[\"a\\\n\"]",
    b"\xfe\xff\x00[\x00]", b"[\x00]", b"{\"a\":1", b"[[[[]]]",
]

_I = [
    b"[1e400]", b"[-1e400]", b"[1e-400]", b"[-1e-400]", b"[123456789012345678901234567890]",
    b"[-123456789012345678901234567890]", b"[9223372036854775807]", b"[9223372036854775808]",
    b"[18446744073709551615]", b"[18446744073709551616]", b"[-9223372036854775809]",
    b"[" + b"1" * 4300 + b"]", b"[" + b"1" * 4301 + b"]", b"[-" + b"9" * 4301 + b"]", b"[" + b"1" * 5000 + b".0]",
    b'["\\uD800"]', b'["\\uDC00"]', b'["\\uD800\\uD800"]', b'["\\uDD1E\\uD834"]', b'["\\uD800x"]',
    b"[1.000000000000000000000000000000000000000001]", b"[9007199254740993]", b"[9007199254740993.0]",
    b"[2.4703282292062327e-324]", b"[2.4703282292062328e-324]", b"[1.7976931348623158e308]",
    b"[1.7976931348623159e308]", b"[0." + b"0" * 400 + b"1]", b"[1" + b"0" * 400 + b"]",
    b"[1" + b"0" * 310 + b".0]", b"[1e0000000000000000000000000000000000001]",
    b"[" * 511 + b"]" * 511, b"[" * 512 + b"]" * 512, b"[" * 513 + b"]" * 513, b"[" * 5000 + b"]" * 5000,
    b'{"a":' * 600 + b"1" + b"}" * 600, b"[" * 100_000,
]

CORPUS: list[tuple[str, bytes]] = (
    [(f"y_{n}", body) for n, body in enumerate(_Y)]
    + [(f"n_{n}", body) for n, body in enumerate(_N)]
    + [(f"i_{n}", body) for n, body in enumerate(_I)]
)


def number_literals(count: int, seed: int = 14) -> list[bytes]:
    """Random number literals, valid and not: long mantissas, big exponents, halfway cases."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        sign = rng.choice(["", "", "-", "+", "--"]) if rng.random() < 0.2 else rng.choice(["", "-"])
        whole = rng.choice(["0", "1", "9", str(rng.randrange(10**rng.randrange(1, 40))), "0" + str(rng.randrange(99))])
        if rng.random() < 0.01:
            whole = str(rng.randrange(1, 10)) + "".join(rng.choice("0123456789") for _ in range(rng.randrange(4290, 4310)))
        fraction = "" if rng.random() < 0.4 else "." + "".join(rng.choice("0123456789") for _ in range(rng.randrange(0, 30)))
        exponent = ""
        if rng.random() < 0.5:
            exponent = rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.choice([0, 1, 22, 23, 307, 308, 309, 323, 324, 325, 400, rng.randrange(1000)]))
        found.append((sign + whole + fraction + exponent).encode())
    return found


def damaged(bodies: list[bytes], count: int, tokens: list[bytes], seed: int = 14) -> list[bytes]:
    """``count`` bodies made by cutting, flipping, inserting and repeating bytes of ``bodies``."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        body = bytearray(rng.choice(bodies))
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(body) + 1)
            action = rng.randrange(5)
            if action == 0:
                del body[at:at + rng.randrange(1, 8)]
            elif action == 1 and at < len(body):
                body[at] = rng.randrange(256)
            elif action == 2:
                body[at:at] = rng.choice(tokens)
            elif action == 3:
                body[at:at] = body[at:at + rng.randrange(1, 40)]
            else:
                body[at:at] = bytes([rng.choice(b'{}[]",:\\ 0e-.')])
        found.append(bytes(body))
    return found
