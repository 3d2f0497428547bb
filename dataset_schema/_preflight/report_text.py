"""The text form of a Report (its ``repr``): a headline, then one line per kept problem."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .report import Report

__all__ = ["plural", "report_text"]


def plural(count: int, noun: str) -> str:
    """``1 record``, ``2 records``, ``1,000 records``."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def report_text(report: Report) -> str:
    head = f"<Report: {plural(report.total, 'record')}, {report.valid:,} valid, {report.invalid:,} invalid"
    if report.counts:
        head += " (" + ", ".join(f"{code}: {n:,}" for code, n in report.counts.items()) + ")"
    lines = [head + ">"]
    lines += [f"  [{e.index}] {e.message!r} ({e.code})" for e in report.problems]
    omitted = report.omitted()
    if omitted:
        lines.append(f"  ... {plural(omitted, 'more problem')} not kept (keep={report.keep})")
    return "\n".join(lines)
