"""The registry fixture the ingest request tests share (a fresh one per test), and the room's CI time."""

from __future__ import annotations

from typing import Any

import pytest

import dataset_schema as ds

from ..support.ingest import make_registry


@pytest.fixture
def reg() -> ds.Registry:
    return make_registry()


# CI's budget is shared between rooms: say what this one costs (test time, summed over workers).
_SPENT = [0.0]


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.nodeid.startswith("tests/ingest/"):
        _SPENT[0] += report.duration


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _SPENT[0]:
        terminalreporter.write_line(f"ci: tests/ingest took {_SPENT[0]:.1f} s of test time")
