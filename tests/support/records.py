"""The record-rule table: (id, record, first message or None) for the seed schema."""

from __future__ import annotations

import collections
import datetime
import decimal
import enum
import fractions
import math
from typing import Any

from .seed import seed_record

def without(key: str, **changes: Any) -> dict[str, Any]:
    record = seed_record(**changes)
    del record[key]
    return record


class MyDict(dict):  # type: ignore[type-arg]
    pass


class MyStr(str):
    pass


class MyFloat(float):
    pass


class MyInt(int):
    pass


class Color(enum.IntEnum):
    RED = 1


CASES = [
    # 1. not an object
    ("list", [seed_record()], "Payload must be an object"),
    ("none", None, "Payload must be an object"),
    ("string", '{"timestamp": "2026-06-10T10:58:00Z"}', "Payload must be an object"),
    ("int", 1, "Payload must be an object"),
    ("tuple of pairs", tuple(seed_record().items()), "Payload must be an object"),
    ("ordered dict is a dict", collections.OrderedDict(seed_record()), None),
    ("dict subclass", MyDict(seed_record()), None),
    ("mapping proxy is not a dict", __import__("types").MappingProxyType(seed_record()), "Payload must be an object"),
    ("non-str key", {**seed_record(), 1: "x"}, "Payload must be an object"),
    ("non-str key beats everything", {1: "x"}, "Payload must be an object"),
    # 2. timestamp
    ("timestamp missing", without("timestamp"), "Invalid or missing timestamp"),
    ("timestamp null", seed_record(timestamp=None), "Invalid or missing timestamp"),
    ("timestamp number", seed_record(timestamp=1781089080), "Invalid or missing timestamp"),
    ("timestamp date only", seed_record(timestamp="2026-06-10"), "Invalid or missing timestamp"),
    ("timestamp datetime object", seed_record(timestamp=datetime.datetime(2026, 6, 10, tzinfo=datetime.timezone.utc)),
     "Invalid or missing timestamp"),
    ("timestamp trailing newline", seed_record(timestamp="2026-06-10T10:58:00Z\n"), "Invalid or missing timestamp"),
    ("timestamp str subclass", seed_record(timestamp=MyStr("2026-06-10T10:58:00Z")), None),
    ("empty dict", {}, "Invalid or missing timestamp"),
    # 3. context
    ("context missing", without("context"), "context must be an object"),
    ("context null", seed_record(context=None), "context must be an object"),
    ("context list", seed_record(context=[]), "context must be an object"),
    ("context string", seed_record(context="{}"), "context must be an object"),
    ("context empty", seed_record(context={}), None),
    ("context dict subclass", seed_record(context=MyDict(a=1)), None),
    ("context deep", seed_record(context={"a": {"b": [{"c": None}]}}), None),
    # What JSON cannot carry in context is judged as its encoding would be (docs/contract.md).
    ("context with any values", seed_record(context={"n": math.nan, 1: b"x"}), "Invalid JSON body"),
    ("context with a datetime", seed_record(context={"at": datetime.datetime(2026, 6, 10)}), "Invalid JSON body"),
    ("context with a tuple", seed_record(context={"t": (1, 2)}), "Invalid JSON body"),
    ("context with a nested non-str key", seed_record(context={"a": {1: "x"}}), "Invalid JSON body"),
    ("context of JSON scalars", seed_record(context={"n": 1, "f": 1.5, "b": False, "z": None}), None),
    # 4. extra fields
    ("extra", seed_record(extra="not allowed"), "Extra field: extra"),
    ("extra null", seed_record(extra=None), "Extra field: extra"),
    ("extra __traceId", seed_record(__traceId="req_1"), "Extra field: __traceId"),
    ("extra first in record order", {"zzz": 1, **seed_record(), "aaa": 2}, "Extra field: zzz"),
    ("extra case matters", seed_record(Country="RO"), "Extra field: Country"),
    ("extra empty name", seed_record(**{"": 1}), "Extra field: "),
    ("extra beats missing", without("amount", extra=1), "Extra field: extra"),
    ("extra replaces a field", {**without("amount"), "amount ": 1}, "Extra field: amount "),
    # 5. declared fields, schema order
    ("missing country", without("country"), "Missing field: country"),
    ("missing amount", without("amount"), "Missing field: amount"),
    ("missing active", without("active"), "Missing field: active"),
    ("missing signup_at", without("signup_at"), "Missing field: signup_at"),
    ("schema order, not record order", {k: v for k, v in reversed(list(without("country", amount="1").items()))},
     "Missing field: country"),
    ("invalid before later missing", without("signup_at", plan=1), "Invalid string field: plan"),
    ("missing before later invalid", without("country", amount="12.5"), "Missing field: country"),
    # strings
    ("string empty", seed_record(country=""), None),
    ("string non-ascii", seed_record(country="Ţară 🇷🇴"), None),
    ("string lone surrogate", seed_record(country="\ud800"), None),
    ("string subclass", seed_record(country=MyStr("RO")), None),
    ("string number", seed_record(country=1), "Invalid string field: country"),
    ("string null", seed_record(country=None), "Invalid string field: country"),
    ("string bytes", seed_record(country=b"RO"), "Invalid string field: country"),
    ("string list", seed_record(country=["RO"]), "Invalid string field: country"),
    ("string bool", seed_record(country=True), "Invalid string field: country"),
    # numbers
    ("number int", seed_record(amount=20), None),
    ("number zero", seed_record(amount=0), None),
    ("number negative zero", seed_record(amount=-0.0), None),
    ("number max float", seed_record(amount=1.7976931348623157e308), None),
    ("number min subnormal", seed_record(amount=5e-324), None),
    ("number big int that is still a float", seed_record(amount=2**1023), None),
    ("number largest int that rounds to a finite float", seed_record(amount=2**1024 - 2**970 - 1), None),
    ("number negative largest", seed_record(amount=-(2**1024 - 2**970 - 1)), None),
    ("number int that rounds to infinity", seed_record(amount=2**1024 - 2**970), "Invalid number field: amount"),
    ("number huge int", seed_record(amount=10**400), "Invalid number field: amount"),
    ("number huge negative int", seed_record(amount=-(10**400)), "Invalid number field: amount"),
    ("number nan", seed_record(amount=math.nan), "Invalid number field: amount"),
    ("number inf", seed_record(amount=math.inf), "Invalid number field: amount"),
    ("number -inf", seed_record(amount=-math.inf), "Invalid number field: amount"),
    ("number string", seed_record(amount="12.5"), "Invalid number field: amount"),
    ("number true", seed_record(amount=True), "Invalid number field: amount"),
    ("number false", seed_record(amount=False), "Invalid number field: amount"),
    ("number null", seed_record(amount=None), "Invalid number field: amount"),
    ("number decimal", seed_record(amount=decimal.Decimal("12.5")), "Invalid number field: amount"),
    ("number fraction", seed_record(amount=fractions.Fraction(1, 2)), "Invalid number field: amount"),
    ("number complex", seed_record(amount=1j), "Invalid number field: amount"),
    ("number float subclass", seed_record(amount=MyFloat(1.5)), None),
    ("number float subclass nan", seed_record(amount=MyFloat("nan")), "Invalid number field: amount"),
    ("number int subclass", seed_record(amount=MyInt(3)), None),
    ("number int enum", seed_record(amount=Color.RED), None),
    ("number huge int subclass", seed_record(amount=MyInt(10**400)), "Invalid number field: amount"),
    # booleans
    ("boolean false", seed_record(active=False), None),
    ("boolean one", seed_record(active=1), "Invalid boolean field: active"),
    ("boolean zero", seed_record(active=0), "Invalid boolean field: active"),
    ("boolean string", seed_record(active="true"), "Invalid boolean field: active"),
    ("boolean null", seed_record(active=None), "Invalid boolean field: active"),
    # timestamps in fields
    ("timestamp field offset", seed_record(signup_at="2026-06-01T08:00:00.5+02:00"), None),
    ("timestamp field date only", seed_record(signup_at="2026-06-01"), "Invalid timestamp field: signup_at"),
    ("timestamp field datetime", seed_record(signup_at=datetime.datetime(2026, 6, 1)), "Invalid timestamp field: signup_at"),
    ("timestamp field number", seed_record(signup_at=0), "Invalid timestamp field: signup_at"),
    ("timestamp field null", seed_record(signup_at=None), "Invalid timestamp field: signup_at"),
    # several problems: the first rule wins
    ("all wrong", {"extra": 1, "amount": "x"}, "Invalid or missing timestamp"),
    ("context and extra", {"timestamp": "2026-06-10T10:58:00Z", "extra": 1}, "context must be an object"),
    ("seed valid", seed_record(), None),
]
