"""A one-line progress display on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import time
from typing import Iterable, Iterator, TextIO

__all__ = ["Progress", "counting"]

_INTERVAL = 0.2  # seconds between redraws
_EVERY = 8192  # lines between clock reads


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


class Progress:
    """Bytes done (of the total when known) and records per second, redrawn in place."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False
        self._name = ""
        self._total: int | None = None
        self._start = self._last = time.monotonic()
        self._records = 0

    def start(self, name: str, total: int | None) -> None:
        self._name, self._total = name, total
        self._start = time.monotonic()
        self._records = 0
        self._draw(0, 0, self._start)

    def update(self, done: int, records: int) -> None:
        now = time.monotonic()
        if now - self._last >= _INTERVAL:
            self._draw(done, records, now)

    def _draw(self, done: int, records: int, now: float) -> None:
        self._last = now
        elapsed = now - self._start
        rate = f", {records / elapsed:,.0f} records/s" if elapsed > 0 and records else ""
        if self._total:
            amount = f"{_size(done)} of {_size(self._total)} ({100 * done // self._total}%)"
        else:
            amount = _size(done)
        self._stream.write(f"\r{self._name}: {amount}{rate}\x1b[K")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before other output, and at the end)."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False


def counting(lines: Iterable[bytes], progress: Progress) -> Iterator[bytes]:
    """``lines`` unchanged, reporting bytes and lines seen to ``progress`` as they pass."""
    done = 0
    count = 0
    for line in lines:
        yield line
        done += len(line)
        count += 1
        if not count % _EVERY:
            progress.update(done, count)
