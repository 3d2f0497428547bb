"""``check_records``: which records of an iterable the API would reject, for notebooks."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any, Iterable, Mapping

from .._errors import IngestError
from .tally import ordered_counts, problem_finder
from .._schema import Schema
from .._core.validator import Validator, compile

__all__ = ["Report", "check_records"]


class Report:
    """The outcome of :func:`check_records`.

    ``total``, ``valid`` and ``invalid`` count records; ``counts`` counts problems per
    error code (one per invalid record unless ``all_problems``); ``problems`` keeps the
    first problems found, each an :class:`IngestError` whose ``index`` is the record's
    0-based position in the iterable.
    """

    __slots__ = ("total", "invalid", "counts", "problems", "keep")

    total: int
    invalid: int
    counts: Mapping[str, int]
    problems: tuple[IngestError, ...]
    keep: int

    def __init__(self, total: int, invalid: int, counts: Mapping[str, int],
                 problems: Iterable[IngestError], keep: int) -> None:
        self.total = total
        self.invalid = invalid
        self.counts = dict(counts)
        self.problems = tuple(problems)
        self.keep = keep

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

    def _omitted(self) -> int:
        return sum(self.counts.values()) - len(self.problems)

    def __repr__(self) -> str:
        head = f"<Report: {self.total} records, {self.valid} valid, {self.invalid} invalid"
        if self.counts:
            head += " (" + ", ".join(f"{code}: {n}" for code, n in self.counts.items()) + ")"
        lines = [head + ">"]
        lines += [f"  [{e.index}] {e.message!r} ({e.code})" for e in self.problems]
        if self._omitted():
            lines.append(f"  ... {self._omitted()} more problems not kept (keep={self.keep})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        status = "all valid" if self.ok else f"{self.invalid} invalid"
        parts = [
            "<div class='dataset-schema-report'>",
            f"<p><b>{self.total}</b> records checked: <b>{self.valid}</b> valid, "
            f"<b>{self.invalid}</b> invalid ({esc(status)}).</p>",
        ]
        if self.counts:
            parts.append("<table><thead><tr><th>code</th><th>problems</th></tr></thead><tbody>")
            parts += [f"<tr><td><code>{esc(code)}</code></td><td>{n}</td></tr>"
                      for code, n in self.counts.items()]
            parts.append("</tbody></table>")
        if self.problems:
            parts.append("<table><thead><tr><th>index</th><th>code</th><th>field</th>"
                         "<th>message</th></tr></thead><tbody>")
            for e in self.problems:
                field = "" if e.field is None else esc(e.field)
                parts.append(f"<tr><td>{e.index}</td><td><code>{esc(e.code)}</code></td>"
                             f"<td>{field}</td><td>{esc(e.message)}</td></tr>")
            parts.append("</tbody></table>")
        if self._omitted():
            parts.append(f"<p>{self._omitted()} more problems not kept (keep={self.keep}).</p>")
        parts.append("</div>")
        return "".join(parts)


def check_records(schema_or_validator: Validator | Schema | Mapping[str, Any],
                  records: Iterable[Any], *, keep: int = 20,
                  all_problems: bool = False) -> Report:
    """Check every record of ``records`` (any iterable of decoded records).

    Records are judged as the API judges decoded JSON: dicts, lists, str, int, float,
    bool and None.  Other Python values (numpy and pandas scalars, datetimes) are not
    JSON types and are invalid where the API would never see them as such.
    ``keep`` bounds how many problems the report holds; counts cover all of them.
    With ``all_problems`` every problem of a record is counted and kept, not only the first.
    """
    if keep < 0:
        raise ValueError(f"keep must be >= 0, got {keep}")
    validator = (schema_or_validator if isinstance(schema_or_validator, Validator)
                 else compile(schema_or_validator))
    total = invalid = 0
    counts: Counter[str] = Counter()
    kept: list[IngestError] = []
    problems_of = problem_finder(validator, all_problems)
    for index, record in enumerate(records):
        total += 1
        found = problems_of(record)
        if not found:
            continue
        invalid += 1
        for error in found:
            counts[error.code] += 1
            if len(kept) < keep:
                kept.append(error.with_index(index))
    return Report(total, invalid, ordered_counts(counts), kept, keep)
