"""Opening inputs and deciding their format: NDJSON, a JSON array, or one JSON object.

Detection looks only at the first lines (at most ``HEAD_BYTES``), so a multi-GB
NDJSON file is never read whole to find out what it is:

1. the first non-blank line starts with ``[`` -> one JSON array;
2. it does not start with ``{``, or it is a complete JSON value by itself -> NDJSON;
3. it starts with ``{`` but is incomplete (pretty-printed JSON): NDJSON when a later
   line of the head starts with ``{`` in its first column and is a complete JSON
   object by itself (the first line was garbage), otherwise one JSON object spread
   over several lines.
"""

from __future__ import annotations

import errno
import itertools
import os
import stat
import sys
from typing import BinaryIO, Iterable, Literal

from .._errors import IngestError
from .._core.body import decode_body

__all__ = ["FORMATS", "STDIN_NAME", "Format", "InputError", "Source", "detect", "describe_os_error",
           "ensure_readable", "open_source"]

Format = Literal["ndjson", "array", "object"]
FORMATS: tuple[str, ...] = ("auto", "ndjson", "array", "object")

#: JSON's own whitespace (RFC 8259): a line holding only these is blank and skipped.
JSON_WS = b" \t\r\n"
HEAD_BYTES = 64 * 1024
HEAD_LINES = 64
STDIN_NAME = "<stdin>"


class InputError(Exception):
    """An input that cannot be read; the message is one line for the terminal."""


def _is_complete_json(line: bytes) -> bool:
    try:
        decode_body(line)
    except IngestError:
        return False
    return True


def detect(head: list[bytes]) -> Format:
    """The format of an input whose first lines are ``head`` (see the module doc)."""
    lines = [line for line in head if line.strip(JSON_WS)]
    if not lines:
        return "ndjson"
    first = lines[0].lstrip(JSON_WS)
    if first.startswith(b"["):
        return "array"
    if not first.startswith(b"{") or _is_complete_json(lines[0]):
        return "ndjson"
    for line in lines[1:]:
        # Unindented: a nested object of pretty-printed JSON ("    {}") is indented.
        if line.startswith(b"{") and _is_complete_json(line):
            return "ndjson"
    return "object"


def _read_head(stream: BinaryIO) -> list[bytes]:
    head: list[bytes] = []
    size = 0
    while size < HEAD_BYTES and len(head) < HEAD_LINES:
        line = stream.readline()
        if not line:
            break
        head.append(line)
        size += len(line)
    return head


class Source:
    """One opened input: its display name, format, and the bytes not yet consumed."""

    def __init__(self, name: str, stream: BinaryIO, fmt: Format, head: list[bytes],
                 path: str | None, size: int | None, owned: bool) -> None:
        self.name = name
        self.format: Format = fmt
        self.path = path  # a regular file's path: only these can be split for --jobs
        self.size = size
        self._stream = stream
        self._head = head
        self._owned = owned  # stdin stays open for whoever else uses it

    def lines(self) -> Iterable[bytes]:
        """Every line, from the first (the sniffed head is replayed)."""
        if not self._head:
            return self._stream
        return itertools.chain(self._head, self._stream)

    def read_all(self) -> bytes:
        try:
            return b"".join(self._head) + self._stream.read()
        except MemoryError:
            raise InputError(f"{self.name} is too large to load whole; use NDJSON") from None
        except OSError as exc:
            raise InputError(describe_os_error(self.name, exc)) from None

    def close(self) -> None:
        if self._owned:
            self._stream.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe_os_error(path: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"cannot read {path}: {reason}"


def ensure_readable(path: str) -> None:
    """Fail early, before any output, for an input that cannot be opened."""
    if path == "-":
        return
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if stat.S_ISREG(info.st_mode):
            with open(path, "rb"):
                pass
        elif not os.access(path, os.R_OK):
            # Never open a pipe (<(zcat big.gz)) just to close it: its writer would die.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    except OSError as exc:
        raise InputError(describe_os_error(path, exc)) from None


def open_source(path: str, forced: str = "auto") -> Source:
    """Open ``path`` (``-`` is stdin) and settle its format."""
    if path == "-":
        stream: BinaryIO = sys.stdin.buffer
        name, file_path, size, owned = STDIN_NAME, None, None, False
    else:
        try:
            stream = open(path, "rb", buffering=1024 * 1024)
            info = os.fstat(stream.fileno())
        except OSError as exc:
            raise InputError(describe_os_error(path, exc)) from None
        regular = stat.S_ISREG(info.st_mode)
        name, owned = path, True
        file_path, size = (path, info.st_size) if regular else (None, None)
    try:
        if forced != "auto":
            return Source(name, stream, forced, [], file_path, size, owned)  # type: ignore[arg-type]
        head = _read_head(stream)
    except OSError as exc:
        if owned:
            stream.close()
        raise InputError(describe_os_error(name, exc)) from None
    return Source(name, stream, detect(head), head, file_path, size, owned)
