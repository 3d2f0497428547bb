"""``check_records`` and the ``Report`` it (and ``check_frame``) returns, for notebooks."""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from .._errors import IngestError
from .tally import ordered_counts, problem_finder
from .._schema import Schema
from .._core.validator import Validator, compile

__all__ = ["Report", "as_validator", "check_records", "problem_column", "problem_value"]

# The column a record-level problem is about when its error names no field.
_COLUMN_OF = {"invalid_timestamp": "timestamp", "context_not_object": "context"}


def problem_column(error: IngestError) -> str | None:
    """The record key a problem is about: its field, or ``timestamp``/``context``."""
    return error.field if error.field is not None else _COLUMN_OF.get(error.code)


def problem_value(record: object, error: IngestError) -> object:
    """The offending value of ``record`` for ``error`` (the record itself for a non-object)."""
    from .frames.columns import ABSENT

    if error.code == "payload_not_object":
        return record
    key = problem_column(error)
    if key is None or not isinstance(record, dict) or error.code == "missing_field":
        return ABSENT
    return dict.get(record, key, ABSENT)


def as_validator(schema_or_validator: Validator | Schema | Mapping[str, Any]) -> Validator:
    if isinstance(schema_or_validator, Validator):
        return schema_or_validator
    return compile(schema_or_validator)


class Report:
    """The outcome of :func:`check_records` or :func:`check_frame`.

    ``total``, ``valid`` and ``invalid`` count records (rows); ``counts`` counts
    problems per error code in the API's rule order, ``fields`` per field (the
    ``timestamp`` and ``context`` rules count under those names); ``problems``
    keeps the first ``keep`` problems (all of them for ``keep=None``), each an
    :class:`IngestError` whose ``index`` is the record's 0-based position, and
    ``values`` the offending value of each.  A report of ``check_frame`` also
    gives the rows themselves: ``invalid_rows()``, ``valid_rows()``.
    """

    __slots__ = ("total", "invalid", "counts", "problems", "keep", "fields", "values", "_rows")

    total: int
    invalid: int
    counts: Mapping[str, int]
    problems: tuple[IngestError, ...]
    keep: int | None
    fields: Mapping[str, int]
    values: tuple[object, ...]
    _rows: Any

    def __init__(self, total: int, invalid: int, counts: Mapping[str, int],
                 problems: Iterable[IngestError], keep: int | None, *,
                 fields: Mapping[str, int] | None = None, values: Iterable[object] = (),
                 rows: Any = None) -> None:
        self.total = total
        self.invalid = invalid
        self.counts = dict(counts)
        self.problems = tuple(problems)
        self.keep = keep
        self.fields = dict(fields or {})
        self.values = tuple(values)
        self._rows = rows

    def __setstate__(self, state: tuple[Any, dict[str, Any]]) -> None:
        # Pickles of 0.1.0 hold only the first five slots.
        slots = {"fields": {}, "values": (), "_rows": None, **state[1]}
        for name, value in slots.items():
            object.__setattr__(self, name, value)

    @property
    def valid(self) -> int:
        return self.total - self.invalid

    @property
    def ok(self) -> bool:
        """True when every record is valid."""
        return self.invalid == 0

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready data."""
        return {
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "ok": self.ok,
            "counts": dict(self.counts),
            "fields": dict(self.fields),
            "problems": [
                {"index": e.index, "code": e.code, "field": e.field, "message": e.message}
                for e in self.problems
            ],
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def omitted(self) -> int:
        """How many problems were counted but not kept."""
        return sum(self.counts.values()) - len(self.problems)

    def invalid_rows(self) -> Any:
        """The offending rows with ``code``, ``field`` and ``message`` columns, in the frame's library."""
        return self._frame_rows().invalid_rows()

    def valid_rows(self) -> Any:
        """The rows the API would accept, in the frame's library."""
        return self._frame_rows().valid_rows()

    def to_frame(self) -> Any:
        """The kept problems as a frame (``row``, ``code``, ``field``, ``message``, ``value``).

        In the checked frame's library; pandas for a report of ``check_records``.
        """
        from .frames.tables import problems_frame

        kind = "pandas" if self._rows is None else self._rows.kind
        return problems_frame(self, kind)

    def _frame_rows(self) -> Any:
        if self._rows is None:
            raise TypeError("this report holds no rows: check_records consumes its records; "
                            "use check_frame(schema, frame) to get the rows back")
        return self._rows

    def __repr__(self) -> str:
        from .report_text import report_text

        return report_text(self)

    def _repr_html_(self) -> str:
        from .report_html import report_html

        return report_html(self)


_NOT_RECORDS = (
    ("pandas", "DataFrame"), ("polars", "DataFrame"), ("pyarrow", "Table"), ("pyarrow", "RecordBatch"),
    ("polars", "LazyFrame"), ("dask", "DataFrame"), ("pyspark", "DataFrame"),
)


def _refuse_non_records(records: object) -> None:
    """A TypeError naming the right call for what is not an iterable of records."""
    kind = type(records)
    where = (kind.__module__.split(".", 1)[0], kind.__name__)
    if where in _NOT_RECORDS[:4]:
        raise TypeError(f"check_records takes an iterable of records, got a {where[0]} {where[1]}: "
                        "use check_frame(schema, frame)")
    if where in _NOT_RECORDS[4:]:
        raise TypeError(f"check_records takes an iterable of records, got a {where[0]} {where[1]}: "
                        "check each partition with check_frame (docs/scale.md)")
    if isinstance(records, (str, bytes, bytearray, memoryview)):
        raise TypeError(f"check_records takes an iterable of records, got {kind.__name__}: "
                        "for one raw body use validator.parse_record(body), for NDJSON text "
                        "the dataset-schema check command")
    if isinstance(records, dict):
        raise TypeError("check_records takes an iterable of records, got a single dict: "
                        "pass [record], or use validator.check(record)")
    if records is None:
        raise TypeError("check_records takes an iterable of records, got None")


def _check_keep(keep: int | None) -> None:
    if keep is not None and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 0):
        raise ValueError(f"keep must be None (keep all) or an int >= 0, got {keep!r}")


def check_records(schema_or_validator: Validator | Schema | Mapping[str, Any],
                  records: Iterable[Any], *, keep: int | None = 20,
                  all_problems: bool = False) -> Report:
    """Check every record of ``records`` (any iterable of decoded records).

    Records are judged as the API judges decoded JSON: dicts, lists, str, int, float,
    bool and None.  Other Python values (numpy and pandas scalars, datetimes) are not
    JSON types and are invalid where the API would never see them as such.
    ``keep`` bounds how many problems the report holds (None: all); counts cover all of them.
    With ``all_problems`` every problem of a record is counted and kept, not only the first.
    A DataFrame, an Arrow table, a str, bytes, a single dict or None is refused with a
    TypeError that names the right call (``check_frame`` for frames).
    """
    _refuse_non_records(records)
    _check_keep(keep)
    validator = as_validator(schema_or_validator)
    return _tally(validator, iter(records), keep, all_problems)


def _tally(validator: Validator, records: Iterable[Any], keep: int | None, all_problems: bool) -> Report:
    total = invalid = 0
    counts: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    kept: list[IngestError] = []
    values: list[object] = []
    room = -1 if keep is None else keep
    problems_of = problem_finder(validator, all_problems)
    for index, record in enumerate(records):
        total += 1
        found = problems_of(record)
        if not found:
            continue
        invalid += 1
        for error in found:
            counts[error.code] += 1
            column = problem_column(error)
            if column is not None:
                fields[column] += 1
            if room < 0 or len(kept) < room:
                kept.append(error.with_index(index))
                values.append(problem_value(record, error))
    return Report(total, invalid, ordered_counts(counts), kept, keep,
                  fields=dict(fields.most_common()), values=values)
