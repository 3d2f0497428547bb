"""A short run of the body fuzz target (tests/fuzz/fuzz_bodies.py) in the normal suite."""

from __future__ import annotations

import importlib.util
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dataset_schema as ds

from ..support.seed import SEED_SCHEMA

_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fuzz", "fuzz_bodies.py")
_spec = importlib.util.spec_from_file_location("fuzz_bodies", _PATH)
assert _spec is not None and _spec.loader is not None
fuzz_bodies = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_bodies)

# The hypothesis test itself, seeded with the seed's bodies; FUZZ_EXAMPLES sets its length.
test_fuzz_bodies = fuzz_bodies.test_fuzz_bodies


def test_the_target_fuzzes_the_seed_schema() -> None:
    # The target runs standalone under atheris, so it keeps its own copy.
    assert fuzz_bodies.SCHEMA == SEED_SCHEMA


def test_the_target_runs_the_native_path_where_it_is_built() -> None:
    from dataset_schema._core.accel import native_module

    native = native_module()
    assert inspect.isfunction(fuzz_bodies.PURE_VALIDATOR.check)
    if native is not None:
        assert type(fuzz_bodies.VALIDATOR.check) is native.Checker
        assert type(fuzz_bodies.VALIDATOR.check_batch) is native.Checker


def test_seed_bodies_get_the_seed_answers() -> None:
    single, batch, valid, amount_string, extra = fuzz_bodies.SEEDS
    assert ds.compile(fuzz_bodies.SCHEMA).parse_record(single)["amount"] == 42.5
    assert len(ds.compile(fuzz_bodies.SCHEMA).parse_batch(batch)) == 2
    seed_schema = {"fields": {"country": "string", "amount": "number", "active": "boolean"}}
    assert ds.compile(seed_schema).parse_record(valid)["amount"] == 12.5
    for body, message in ((amount_string, "Invalid number field: amount"), (extra, "Extra field: extra")):
        with pytest.raises(ds.IngestError) as caught:
            ds.compile(seed_schema).parse_record(body)
        assert caught.value.message == message


def test_the_target_catches_a_disagreement(monkeypatch: pytest.MonkeyPatch) -> None:
    # A validator that lets a non-IngestError escape, or answers differently, must be caught.
    class Broken:
        def parse_record(self, body: object) -> object:
            raise KeyError("boom")

        parse_batch = parse_record

    monkeypatch.setattr(fuzz_bodies, "VALIDATOR", Broken())
    with pytest.raises(KeyError):
        fuzz_bodies.check_body(b"{}")

    class Lenient:
        def parse_record(self, body: object) -> object:
            return {}

        parse_batch = parse_record

    monkeypatch.setattr(fuzz_bodies, "VALIDATOR", Lenient())
    with pytest.raises(AssertionError):
        fuzz_bodies.check_body(b"{}")


def test_same_tells_types_and_signs_apart() -> None:
    same = fuzz_bodies._same
    assert same({"a": [1, 2.5, None]}, {"a": [1, 2.5, None]})
    assert not same(1, 1.0) and not same(-0.0, 0.0) and not same(True, 1)
    assert not same({"a": 1, "b": 2}, {"b": 2, "a": 1})


def test_atheris_run(tmp_path: Path) -> None:
    pytest.importorskip("atheris")  # .ci/run installs it where a wheel exists
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(_PATH)))
    # libFuzzer's per-input alarm stays armed into the interpreter's exit; on a loaded
    # machine a 10 s alarm fired there (exit -14) after every input had passed.
    done = subprocess.run(
        [sys.executable, _PATH, "-atheris_runs=3000", "-timeout=60", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 3000 in" in done.stderr
    if os.environ.get("DATASET_SCHEMA_PURE", "") in ("", "0"):
        from dataset_schema._core.accel import native_module

        path = "native" if native_module() is not None else "pure"
        assert f"fuzz_bodies: {path} check path" in done.stderr


def test_atheris_replays_a_file(tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    crash = tmp_path / "crash-example"
    crash.write_bytes(fuzz_bodies.SEEDS[1])
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(_PATH)))
    done = subprocess.run([sys.executable, _PATH, str(crash)], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Executed " + str(crash) in done.stderr
