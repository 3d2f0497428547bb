"""Fuzz target: ``parse_record`` and ``parse_batch`` on arbitrary bytes.

The one invariant: for any body, each call either returns or raises
``IngestError`` (nothing else escapes), and its answer is the reference
implementation's answer, to the type and sign of every number, on the default
path (the native module and msgspec, where built and installed) and on the pure
path alike.  A ``str``
body gets the same answer as its UTF-8 bytes, and so do ``bytearray`` and
``memoryview`` bodies.

Two ways to run it:

* under atheris (coverage-guided, raw bytes), where atheris installs::

      python tests/fuzz/fuzz_bodies.py -max_total_time=600 -timeout=10

  With no corpus directory given, it works in a new temporary directory; an empty
  corpus directory is first filled with the seed's example bodies.  A JSON token
  dictionary (``json.dict`` beside this file) is used unless ``-dict=`` is given.
  ``--structured`` feeds atheris' bytes to the hypothesis test below instead,
  which mixes raw bytes with bodies built by ``dataset_schema.strategies``.

* as a hypothesis test, everywhere (``tests/strategies/test_fuzz_bodies.py`` runs a short one
  in CI)::

      FUZZ_EXAMPLES=200000 python -m pytest tests/strategies/test_fuzz_bodies.py -k test_fuzz_bodies
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from typing import Any, Callable

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

if __name__ == "__main__":
    # Under atheris, instrument only the library (and the stdlib JSON parser it drives):
    # instrumenting everything loaded, hypothesis included, takes half a minute.
    import atheris  # type: ignore[import-not-found, import-untyped, unused-ignore]

    with atheris.instrument_imports(include=["dataset_schema", "json"]):
        import json  # noqa: F401
        import json.decoder  # noqa: F401

        import dataset_schema  # noqa: F401
        import dataset_schema._core.reference  # noqa: F401

from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import dataset_schema as ds  # noqa: E402
from dataset_schema import strategies as dss  # noqa: E402
from dataset_schema._core.reference import reference_parse_batch, reference_parse_record  # noqa: E402
from tests.support.switch import compile_switched  # noqa: E402

# The seed's schema and example bodies (docs: the Dataset Ingest API page).
SCHEMA = {
    "fields": {
        "country": "string", "plan": "string", "amount": "number", "active": "boolean", "signup_at": "timestamp",
    }
}
# The default compile: the native fast path when the module is built, msgspec's decoder when
# installed.  PURE_VALIDATOR is compiled with every accelerator off (DATASET_SCHEMA_PURE=1),
# and every body gets the same answer from both (and from the reference).
VALIDATOR = ds.compile(SCHEMA)


PURE_VALIDATOR = compile_switched(SCHEMA, pure=True)

SEEDS = [
    b'{\n  "timestamp": "2026-06-10T10:58:00Z",\n  "context": {\n    "source": "billing-service",\n'
    b'    "request_id": "req_123"\n  },\n  "country": "RO",\n  "plan": "pro",\n  "amount": 42.5,\n'
    b'  "active": true,\n  "signup_at": "2026-06-01T08:00:00Z"\n}',
    b'[\n  {\n    "timestamp": "2026-06-10T11:00:00Z",\n    "context": { "source": "billing-service" },\n'
    b'    "country": "RO",\n    "plan": "pro",\n    "amount": 20,\n    "active": true,\n'
    b'    "signup_at": "2026-06-01T08:00:00Z"\n  },\n  {\n    "timestamp": "2026-06-10T11:01:00Z",\n'
    b'    "context": { "source": "billing-service" },\n    "country": "US",\n    "plan": "free",\n'
    b'    "amount": 5,\n    "active": false,\n    "signup_at": "2026-06-02T08:00:00Z"\n  }\n]',
    b'{\n  "timestamp": "2026-06-10T10:00:00Z",\n  "context": {},\n  "country": "RO",\n  "amount": 12.5,\n'
    b'  "active": true\n}',
    b'{\n  "timestamp": "2026-06-10T10:00:00Z",\n  "context": {},\n  "country": "RO",\n  "amount": "12.5",\n'
    b'  "active": true\n}',
    b'{\n  "timestamp": "2026-06-10T10:00:00Z",\n  "context": {},\n  "country": "RO",\n  "amount": 12.5,\n'
    b'  "active": true,\n  "extra": "not allowed"\n}',
]


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 is not 1.0, -0.0 is not 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (a == b and math.copysign(1.0, a) == math.copysign(1.0, b)) or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[key], b[key]) for key in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _answer(parse: Callable[[Any], Any], body: Any) -> tuple[str, Any]:
    # Anything but IngestError propagates: that is the fuzzer's finding.
    try:
        return "ok", parse(body)
    except ds.IngestError as error:
        return "error", error


def _agree(a: tuple[str, Any], b: tuple[str, Any]) -> bool:
    if a[0] != b[0]:
        return False
    return _same(a[1], b[1]) if a[0] == "ok" else bool(a[1] == b[1])


def check_body(data: bytes) -> None:
    """Assert the invariant for one body (raises AssertionError, or the escaping exception)."""
    try:
        text: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    for name, reference in (("parse_record", reference_parse_record), ("parse_batch", reference_parse_batch)):
        parse = getattr(VALIDATOR, name)
        got = _answer(parse, data)
        want = _answer(lambda body: reference(SCHEMA, body), data)
        assert _agree(got, want), (data, got, want)
        pure = _answer(getattr(PURE_VALIDATOR, name), data)
        assert _agree(pure, got), (data, "accelerated and pure paths differ", got, pure)
        for other in (bytearray(data), memoryview(data), text):
            if other is not None:
                answer = _answer(parse, other)
                assert _agree(answer, got), (data, type(other).__name__, answer, got)


# Raw bytes, JSON-looking text, and the strategies' bodies (valid and broken).
_JSONISH = st.text(alphabet='{}[]:,"\\ \n0123456789.eE+-truefalsnTZtz\u00e9\ufeff', max_size=60)
BODIES = st.one_of(
    st.binary(max_size=300),
    _JSONISH.map(lambda text: text.encode("utf-8")),
    dss.bodies(SCHEMA).map(lambda case: case[0]),
    dss.bodies(SCHEMA, batch=True).map(lambda case: case[0]),
)


def _examples(test: Callable[[bytes], None]) -> Callable[[bytes], None]:
    for seed in SEEDS:
        test = example(seed)(test)
    return test


@settings(
    # FUZZ_EXAMPLES, else the loaded hypothesis profile's count (tests/conftest.py: 200 by default).
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "0")) or settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(BODIES)
@_examples
def test_fuzz_bodies(data: bytes) -> None:
    check_body(data)


def _atheris_main(argv: list[str]) -> None:
    import atheris  # type: ignore[import-not-found, import-untyped, unused-ignore]

    structured = "--structured" in argv
    argv = [arg for arg in argv if arg != "--structured"]
    paths = [arg for arg in argv[1:] if not arg.startswith("-")]
    if not paths:
        paths = [tempfile.mkdtemp(prefix="fuzz_bodies_")]
        argv.append(paths[0])
    # A file argument replays that input; an empty corpus directory starts from the seed's bodies.
    if os.path.isdir(paths[0]) and not os.listdir(paths[0]):
        for number, seed in enumerate(SEEDS):
            with open(os.path.join(paths[0], f"seed{number}"), "wb") as file:
                file.write(seed)
    if not any(arg.startswith("-dict=") for arg in argv):
        argv.insert(1, "-dict=" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "json.dict"))
    target = test_fuzz_bodies.hypothesis.fuzz_one_input if structured else check_body  # type: ignore[attr-defined]
    native = type(VALIDATOR.check).__name__ == "Checker"
    print(f"fuzz_bodies: {'native' if native else 'pure'} check path, compared with the pure path", file=sys.stderr)
    if not native:  # say why: the switch, or the module's import error
        why = "DATASET_SCHEMA_PURE=" + os.environ.get("DATASET_SCHEMA_PURE", "")
        try:
            import dataset_schema._core.accel._native  # noqa: F401
        except ImportError as error:
            why = repr(error)
        print(f"fuzz_bodies: native module not used: {why}", file=sys.stderr)
    atheris.Setup(argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    _atheris_main(sys.argv)
