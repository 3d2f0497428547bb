"""check_records and Report: counts, kept problems, and the notebook display."""

from __future__ import annotations

import json
from typing import Any, Iterator

import pytest

import dataset_schema as ds

from ..support.seed import SEED_SCHEMA, seed_record


def records() -> list[Any]:
    return [
        seed_record(),
        seed_record(amount="12.5"),  # invalid_number_field
        seed_record(),
        "not an object",  # payload_not_object
        seed_record(extra=1, active=None),  # extra_field first; --all adds invalid_boolean_field
        seed_record(amount="1"),  # invalid_number_field
    ]


def test_counts_and_first_problems() -> None:
    report = ds.check_records(SEED_SCHEMA, records())
    assert (report.total, report.valid, report.invalid, report.ok) == (6, 2, 4, False)
    assert report.counts == {"payload_not_object": 1, "extra_field": 1, "invalid_number_field": 2}
    assert list(report.counts) == ["payload_not_object", "extra_field", "invalid_number_field"]
    assert [(p.index, p.code, p.field, p.message) for p in report.problems] == [
        (1, "invalid_number_field", "amount", "Invalid number field: amount"),
        (3, "payload_not_object", None, "Payload must be an object"),
        (4, "extra_field", "extra", "Extra field: extra"),
        (5, "invalid_number_field", "amount", "Invalid number field: amount"),
    ]


def test_all_problems_counts_every_problem() -> None:
    report = ds.check_records(SEED_SCHEMA, records(), all_problems=True)
    assert report.invalid == 4
    assert report.counts["invalid_boolean_field"] == 1
    assert sum(report.counts.values()) == 5
    assert [p.index for p in report.problems] == [1, 3, 4, 4, 5]


def test_keep_bounds_the_problems_not_the_counts() -> None:
    report = ds.check_records(SEED_SCHEMA, records() * 100, keep=3)
    assert len(report.problems) == 3
    assert report.invalid == 400 and sum(report.counts.values()) == 400
    assert "397 more problems not kept (keep=3)" in repr(report)
    assert ds.check_records(SEED_SCHEMA, records(), keep=0).problems == ()
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="keep must be None"):
            ds.check_records(SEED_SCHEMA, [], keep=bad)  # type: ignore[arg-type]


def test_keep_none_keeps_every_problem_with_its_value() -> None:
    report = ds.check_records(SEED_SCHEMA, records() * 50, keep=None)
    assert len(report.problems) == report.invalid == 200 and report.omitted() == 0
    assert report.values[:3] == ("12.5", "not an object", 1)  # amount, the non-object itself, extra
    assert "not kept" not in repr(report)


@pytest.mark.parametrize("schema", [
    SEED_SCHEMA, ds.Schema.from_dict(SEED_SCHEMA), ds.compile(SEED_SCHEMA)])
def test_accepts_schema_definition_schema_or_validator(schema: Any) -> None:
    assert ds.check_records(schema, records()).invalid == 4


def test_any_iterable_is_consumed_once() -> None:
    def generate() -> Iterator[Any]:
        yield from records()

    assert ds.check_records(SEED_SCHEMA, generate()) == ds.check_records(SEED_SCHEMA, records())


def test_empty_and_all_valid() -> None:
    report = ds.check_records(SEED_SCHEMA, [])
    assert (report.total, report.ok, report.counts, report.problems) == (0, True, {}, ())
    valid = ds.check_records(SEED_SCHEMA, [seed_record()] * 3)
    assert valid.ok and valid.valid == 3
    assert repr(valid) == "<Report: 3 records, 3 valid, 0 invalid>"
    assert repr(ds.check_records(SEED_SCHEMA, [seed_record()])) == "<Report: 1 record, 1 valid, 0 invalid>"
    one_left = ds.check_records(SEED_SCHEMA, [{}, {}], keep=1)
    assert repr(one_left).endswith("... 1 more problem not kept (keep=1)")
    many = ds.check_records(SEED_SCHEMA, [seed_record()] * 1234)
    assert repr(many) == "<Report: 1,234 records, 1,234 valid, 0 invalid>"


def test_bad_schema_raises_schema_error() -> None:
    with pytest.raises(ds.SchemaError):
        ds.check_records({"fields": {"a": "integer"}}, [])


def test_to_dict_is_json_ready() -> None:
    data = ds.check_records(SEED_SCHEMA, records(), keep=2).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "total": 6, "valid": 2, "invalid": 4, "ok": False,
        "counts": {"payload_not_object": 1, "extra_field": 1, "invalid_number_field": 2},
        "fields": {"amount": 2, "extra": 1},
        "problems": [
            {"index": 1, "code": "invalid_number_field", "field": "amount",
             "message": "Invalid number field: amount"},
            {"index": 3, "code": "payload_not_object", "field": None,
             "message": "Payload must be an object"},
        ],
    }


def test_repr_is_readable() -> None:
    text = repr(ds.check_records(SEED_SCHEMA, records()))
    assert text.splitlines()[0] == (
        "<Report: 6 records, 2 valid, 4 invalid "
        "(payload_not_object: 1, extra_field: 1, invalid_number_field: 2)>")
    assert "  [1] 'Invalid number field: amount' (invalid_number_field)" in text.splitlines()


HOSTILE = "<script>alert('x')</script>&\"<b>"


def test_html_escapes_hostile_field_names_and_values() -> None:
    schema = {"fields": {HOSTILE: "string", "amount": "number"}}
    rows = [
        {"timestamp": "2026-06-10T10:00:00Z", "context": {}, HOSTILE: 1, "amount": 1},
        {"timestamp": "2026-06-10T10:00:00Z", "context": {}, HOSTILE: "x", "amount": 1,
         "<img src=x onerror=alert(1)>": "<iframe>"},
        {"timestamp": "2026-06-10T10:00:00Z", "context": {}, HOSTILE: "</td><script>", "amount": "</table>"},
    ]
    report = ds.check_records(schema, rows, all_problems=True)
    assert report.invalid == 3
    page = report._repr_html_()
    for raw in ("<script>", "<img", "<iframe>", "</td><script>", "alert('x')"):
        assert raw not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;&quot;&lt;b&gt;" in page
    assert "Extra field: &lt;img src=x onerror=alert(1)&gt;" in page
    assert "&#x27;&lt;/table&gt;&#x27;" in page  # the offending value, escaped
    # Only the report's own markup is left: three tables (codes, fields, problems), one style.
    assert page.count("<table>") == 3 and page.count("<style>") == 1 and page.count("<script") == 0
    assert page.count("<tr>") == 3 + len(report.counts) + len(report.fields) + len(report.problems)


def test_html_of_a_clean_report() -> None:
    page = ds.check_records(SEED_SCHEMA, [seed_record()])._repr_html_()
    assert "<b>1 record</b> checked" in page and "all valid" in page and "<table>" not in page


def test_html_headline_bars_and_values() -> None:
    rows = [seed_record()] * 99_000 + [seed_record(amount="x" * 500)] * 700 + [{}] * 300
    page = ds.check_records(SEED_SCHEMA, rows, keep=5)._repr_html_()
    assert "<b>100,000 records</b> checked: <b>99,000</b> valid" in page
    assert "(99.0%)" in page and "(1.0%)" in page and "1.0% invalid" in page
    # Codes by count, the largest first, each with a bar as wide as its share of the largest.
    assert page.index("invalid_number_field</code>") < page.index("invalid_timestamp</code>")
    assert "width:100.0%" in page and "width:42.9%" in page
    assert "First problems (5 of 1,000)" in page and "995 more problems not kept" in page
    # A long value is cut to 60 characters, ending in an ellipsis.
    assert "&#x27;" + "x" * 58 + "\u2026</span>" in page and "x" * 59 not in page
    assert "x" * 61 not in page


def test_html_follows_light_and_dark_themes() -> None:
    page = ds.check_records(SEED_SCHEMA, [{}])._repr_html_()
    assert "prefers-color-scheme:dark" in page
    assert "body[data-jp-theme-light=false] .dsr" in page and "body.vscode-dark .dsr" in page


@pytest.mark.parametrize("part, whole, shown", [
    (0, 0, "0%"), (0, 5, "0%"), (5, 5, "100%"), (1, 3, "33.3%"), (1, 10_000, "<0.1%"), (9_999, 10_000, ">99.9%")])
def test_percentages_never_round_to_a_lie(part: int, whole: int, shown: str) -> None:
    from dataset_schema._preflight.report_html import percent

    assert percent(part, whole) == shown


class _Frame:
    """Stands for a frame library's class without importing one."""


@pytest.mark.parametrize("module, name, hint", [
    ("pandas.core.frame", "DataFrame", r"use check_frame\(schema, frame\)"),
    ("polars.dataframe.frame", "DataFrame", r"use check_frame\(schema, frame\)"),
    ("pyarrow.lib", "Table", r"use check_frame\(schema, frame\)"),
    ("pyarrow.lib", "RecordBatch", r"use check_frame\(schema, frame\)"),
    ("dask.dataframe.core", "DataFrame", "check each partition with check_frame"),
])
def test_check_records_refuses_frames_naming_check_frame(module: str, name: str, hint: str) -> None:
    fake = type(name, (_Frame,), {"__module__": module, "__iter__": lambda self: iter(["a", "b"])})
    with pytest.raises(TypeError, match=hint):
        ds.check_records(SEED_SCHEMA, fake())


@pytest.mark.parametrize("records, hint", [
    ('{"timestamp": 1}', "parse_record"), (b"[]", "parse_record"), (bytearray(b"{}"), "parse_record"),
    (seed_record(), "pass \\[record\\], or use validator.check"), (None, "got None"),
])
def test_check_records_refuses_what_is_not_records(records: Any, hint: str) -> None:
    with pytest.raises(TypeError, match=hint):
        ds.check_records(SEED_SCHEMA, records)


def test_check_records_refuses_real_frames() -> None:
    pd = pytest.importorskip("pandas")
    pa = pytest.importorskip("pyarrow")
    frame = pd.DataFrame([seed_record()] * 3)
    for value in (frame, pa.Table.from_pandas(frame), pa.RecordBatch.from_pandas(frame)):
        with pytest.raises(TypeError, match="check_frame"):
            ds.check_records(SEED_SCHEMA, value)


def test_rows_only_come_from_check_frame() -> None:
    report = ds.check_records(SEED_SCHEMA, records())
    for method in (report.invalid_rows, report.valid_rows):
        with pytest.raises(TypeError, match="use check_frame"):
            method()


def test_to_frame_of_check_records_lists_the_kept_problems() -> None:
    pytest.importorskip("pandas")
    table = ds.check_records(SEED_SCHEMA, records()).to_frame()
    assert list(table.columns) == ["row", "code", "field", "message", "value"]
    assert table["row"].tolist() == [1, 3, 4, 5]
    assert table["value"].tolist() == ["'12.5'", "'not an object'", "1", "'1'"]


def test_pickles_keep_every_part() -> None:
    import pickle

    report = ds.check_records(SEED_SCHEMA, records())
    again = pickle.loads(pickle.dumps(report))
    assert again == report and again.values == report.values and again.fields == report.fields


def test_numpy_values_are_not_json_types() -> None:
    np = pytest.importorskip("numpy")
    rows = [
        seed_record(amount=np.float64(1.5)),  # a float subclass: a number
        seed_record(amount=np.int64(1)),
        seed_record(active=np.bool_(True)),
        seed_record(amount=np.float64("nan")),
    ]
    report = ds.check_records(SEED_SCHEMA, rows)
    assert [(p.index, p.code) for p in report.problems] == [
        (1, "invalid_number_field"), (2, "invalid_boolean_field"), (3, "invalid_number_field")]


def test_dataframe_recipe_from_the_docs() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({
        "timestamp": ["2026-06-10T11:00:00Z"] * 3,
        "context": [{}] * 3,
        "country": ["RO", "US", None],
        "plan": ["pro", "free", "team"],
        "amount": [1.5, 2, float("nan")],
        "active": [True, False, True],
        "signup_at": pd.to_datetime(["2026-06-01T08:00:00Z"] * 3),
    })
    # Straight from the frame: Timestamps are not JSON strings, so every row is invalid.
    direct = ds.check_records(SEED_SCHEMA, frame.to_dict("records"))
    assert direct.invalid == 3 and direct.counts.get("invalid_timestamp_field", 0) >= 2
    # Through JSON, as the API would receive it: only the row with missing values fails.
    records = json.loads(frame.to_json(orient="records", date_format="iso"))
    report = ds.check_records(SEED_SCHEMA, records, all_problems=True)
    assert (report.valid, report.invalid) == (2, 1)
    assert [(p.index, p.code) for p in report.problems] == [
        (2, "invalid_string_field"), (2, "invalid_number_field")]
