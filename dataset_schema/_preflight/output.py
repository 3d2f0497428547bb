"""What ``dataset-schema check`` writes: one line per problem, then a summary.

Text lines look like compiler diagnostics (``file:line: message (code)``, or
``file[index]: ...`` for arrays).  JSON output is JSON Lines: one object per problem
with ``file``, ``line`` or ``index``, ``code``, ``message``, ``field``, then one
``{"summary": {...}}`` object.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Protocol, TextIO

from .._errors import IngestError
from .tally import ordered_counts  # re-exported: older callers import it from here

__all__ = ["JsonWriter", "SummaryWriter", "Tally", "TextWriter", "Writer", "ordered_counts"]

# Messages quote record keys verbatim.  In text output control characters (and lone
# surrogates) are escaped, so one problem stays one line and data cannot send
# escape sequences to a terminal.  JSON output carries the exact message.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _escape_char(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]  # '\n', '\x1b', '\ud800'


def printable(text: str) -> str:
    return _UNSAFE.sub(_escape_char, text)


class Tally:
    """Running totals over every input."""

    def __init__(self) -> None:
        self.files = 0
        self.records = 0
        self.invalid = 0
        self.counts: Counter[str] = Counter()
        self.stopped_after: int | None = None  # set when --max-errors stopped the run

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "valid": self.records - self.invalid,
            "invalid": self.invalid,
            "codes": ordered_counts(self.counts),
            "stopped_early": self.stopped_after is not None,
        }


class Writer(Protocol):
    def problem(self, name: str, key: str, position: int | None, error: IngestError) -> None: ...
    def summary(self, tally: Tally) -> None: ...


class TextWriter:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def problem(self, name: str, key: str, position: int | None, error: IngestError) -> None:
        if position is None:
            where = name
        elif key == "line":
            where = f"{name}:{position}"
        else:
            where = f"{name}[{position}]"
        self._out.write(printable(f"{where}: {error.message} ({error.code})") + "\n")

    def summary(self, tally: Tally) -> None:
        valid = tally.records - tally.invalid
        noun = "record" if tally.records == 1 else "records"
        lines = [f"{tally.records} {noun} checked: {valid} valid, {tally.invalid} invalid"]
        if tally.stopped_after is not None:
            lines[0] += f" (stopped after {tally.stopped_after} invalid, --max-errors)"
        width = max((len(code) for code in tally.counts), default=0)
        lines += [f"  {code:<{width}}  {count}" for code, count in ordered_counts(tally.counts).items()]
        self._out.write("\n".join(lines) + "\n")


class JsonWriter:
    def __init__(self, out: TextIO) -> None:
        self._out = out

    def problem(self, name: str, key: str, position: int | None, error: IngestError) -> None:
        item = {"file": name, key: position, "code": error.code, "message": error.message,
                "field": error.field}
        self._out.write(json.dumps(item) + "\n")

    def summary(self, tally: Tally) -> None:
        self._out.write(json.dumps({"summary": tally.to_dict()}) + "\n")


class SummaryWriter:
    """``--summary``: the problems are counted but not written."""

    def __init__(self, writer: Writer) -> None:
        self._writer = writer

    def problem(self, name: str, key: str, position: int | None, error: IngestError) -> None:
        pass

    def summary(self, tally: Tally) -> None:
        self._writer.summary(tally)
