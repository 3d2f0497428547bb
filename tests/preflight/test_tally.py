"""The counting helpers the CLI and check_records share."""

from __future__ import annotations

from collections import Counter

import dataset_schema as ds
from dataset_schema._preflight import output, report, scan
from dataset_schema._preflight.tally import ordered_counts, problem_finder

VALIDATOR = ds.compile({"fields": {"a": "number", "b": "string"}})
BAD = {"timestamp": "2026-06-10T11:00:00Z", "context": {}, "a": "x", "b": 1}
GOOD = {"timestamp": "2026-06-10T11:00:00Z", "context": {}, "a": 1, "b": "x"}


def test_counts_follow_the_catalogue_order_then_unknown_codes_by_name() -> None:
    counts = Counter({"zzz": 1, "invalid_number_field": 2, "invalid_json": 3, "aaa": 4})
    assert list(ordered_counts(counts)) == ["invalid_json", "invalid_number_field", "aaa", "zzz"]
    assert ordered_counts(counts)["invalid_json"] == 3


def test_first_or_every_problem() -> None:
    first, every = problem_finder(VALIDATOR, False), problem_finder(VALIDATOR, True)
    assert first(GOOD) == [] and every(GOOD) == []
    assert [e.code for e in first(BAD)] == ["invalid_number_field"]
    assert [e.code for e in every(BAD)] == ["invalid_number_field", "invalid_string_field"]


def test_the_report_and_the_cli_share_one_helper() -> None:
    # The notebook report no longer reaches into the CLI's output module for it.
    assert report.ordered_counts is ordered_counts and output.ordered_counts is ordered_counts
    assert scan.problem_finder is problem_finder and report.problem_finder is problem_finder


def test_finding_fields_are_named() -> None:
    found = list(scan.scan_document(VALIDATOR, b'[{}, {"x": 1}]', "array", False, scan.Totals()))
    assert [(f.position, f.records) for f in found] == [(0, 1), (1, 2)]
    assert found[0].problems[0].code == "invalid_timestamp"
