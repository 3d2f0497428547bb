"""Reading bytes with bounded memory: a stream replayed after its first bytes were
looked at, cut at a fixed size, and split into lines of a bounded length.

Every byte the CLI checks comes through here, so memory never depends on the size
of an input or of one of its lines (``MAX_RECORD_BYTES``).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO, Iterator, Protocol

from .._errors import IngestError

__all__ = ["JSON_WS", "MAX_RECORD_BYTES", "TOO_LONG", "Readable", "Replay", "line_too_long", "read_lines", "skip_line"]

#: JSON's own whitespace (RFC 8259): a line holding only these is blank and skipped.
JSON_WS = b" \t\r\n"
#: The longest NDJSON line (newline excluded) that is loaded and checked.
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: How much of a line being skipped is held at a time.
_SKIP_PIECE = 1024 * 1024
#: Stands for a line longer than the limit, which was skipped, never loaded.  Made
#: at run time so no other bytes object can be it: scanners test ``line is TOO_LONG``
#: only for lines that failed to parse, and it never parses (NUL is not JSON).
TOO_LONG = bytes(bytearray(b"\x00line too long\x00"))


def line_too_long(limit: int = MAX_RECORD_BYTES) -> IngestError:
    """The CLI's own problem for a skipped line: the API documents no such limit."""
    return IngestError(f"Line longer than {limit // (1024 * 1024)} MiB: not checked",
                       "line_too_long", 413)


class Readable(Protocol):
    """What Replay reads from: a file, stdin's buffer, a decompressing reader."""

    def read(self, size: int = -1, /) -> bytes: ...
    def readinto(self, buffer: Any, /) -> int | None: ...


class Replay(io.RawIOBase):
    """``head`` again, then the rest of ``stream``; ``limit`` caps the bytes served in all.

    Lets the format be sniffed from a pipe that cannot be rewound, and lets every
    ``--jobs`` value read the same bytes of a file that grows (its size is taken once).
    """

    def __init__(self, head: bytes, stream: Readable, limit: int | None = None) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream
        self._left = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "memoryview | bytearray") -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._left is not None:
            view = view[:self._left]
        if not view:
            return 0
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
        else:
            count = self._stream.readinto(view) or 0
        if self._left is not None:
            self._left -= count
        return count


def skip_line(stream: BinaryIO) -> None:
    """Read past the end of the current line, holding at most ``_SKIP_PIECE`` bytes."""
    while True:
        piece = stream.readline(_SKIP_PIECE)
        if not piece or piece.endswith(b"\n"):
            return


def read_lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[bytes]:
    """The lines of ``stream``; a line longer than ``limit`` bytes is ``TOO_LONG``."""
    readline = stream.readline
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) > limit and line[-1] != 10:  # 10: b"\n"; exactly limit bytes + newline fits
            yield TOO_LONG
            skip_line(stream)
            continue
        yield line
