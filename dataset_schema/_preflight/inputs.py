"""Opening inputs and deciding their format: NDJSON, a JSON array, or one JSON object.

Detection looks only at the first bytes (at most ``HEAD_BYTES``, or the first
``HEAD_LINES`` lines), so a multi-GB NDJSON file, or one endless line, is never read
whole to find out what it is:

1. the first non-blank line starts with ``[`` -> one JSON array;
2. it does not start with ``{``, it is a complete JSON value by itself, or it does not
   end within the head (one long line) -> NDJSON;
3. it starts with ``{`` but is incomplete (pretty-printed JSON): NDJSON when a later
   line of the head starts with ``{`` in its first column and is a complete JSON
   object by itself (the first line was garbage), otherwise one JSON object spread
   over several lines.

A gzip-compressed input (magic bytes ``1f 8b``) is decompressed as it is read, and
detection looks at its decompressed head.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import sys
import zlib
from typing import BinaryIO, Iterable, Literal, cast

from .._errors import IngestError
from .._core.body import decode_body
from .reading import JSON_WS, MAX_RECORD_BYTES, Readable, Replay, read_lines

__all__ = ["FORMATS", "STDIN_NAME", "Format", "InputError", "Source", "detect", "describe_os_error",
           "ensure_readable", "open_source"]

Format = Literal["ndjson", "array", "object"]
FORMATS: tuple[str, ...] = ("auto", "ndjson", "array", "object")

HEAD_BYTES = 64 * 1024
HEAD_LINES = 64
STDIN_NAME = "<stdin>"
_BUFFER = 1024 * 1024
_GZIP = b"\x1f\x8b"
_ZSTD = b"\x28\xb5\x2f\xfd"


class InputError(Exception):
    """An input that cannot be read; the message is one line for the terminal."""


def _is_complete_json(line: bytes) -> bool:
    try:
        decode_body(line)
    except IngestError:
        return False
    return True


def detect(head: bytes) -> Format:
    """The format of an input that starts with ``head`` (see the module doc)."""
    lines = [line for line in head.splitlines(keepends=True) if line.strip(JSON_WS)]
    if not lines:
        return "ndjson"
    first = lines[0].lstrip(JSON_WS)
    if first.startswith(b"["):
        return "array"
    if not first.startswith(b"{") or len(lines) == 1 or _is_complete_json(lines[0]):
        return "ndjson"  # len(lines) == 1: one line, complete or longer than the head
    for line in lines[1:]:
        # Unindented: a nested object of pretty-printed JSON ("    {}") is indented.
        if line.startswith(b"{") and _is_complete_json(line):
            return "ndjson"
    return "object"


def _read_head(stream: Readable, limit: int | None) -> tuple[bytes, int | None]:
    """Up to ``HEAD_BYTES`` or ``HEAD_LINES`` lines, whichever comes first, without
    waiting for more from a slow pipe once that much has arrived; and the limit on
    bytes still to serve: the head's length when the input ended within it (a
    terminal's Ctrl-D comes once: reading on would wait for more)."""
    read = getattr(stream, "read1", stream.read)  # one read at a time: a pipe may be slow
    head = b""
    while len(head) < HEAD_BYTES and head.count(b"\n") < HEAD_LINES:
        piece = read(HEAD_BYTES - len(head))
        if not piece:
            return head[:limit], len(head[:limit])
        head += piece
    return head[:limit], limit


class Source:
    """One opened input: its display name, format, and its bytes from the first."""

    def __init__(self, name: str, stream: BinaryIO, fmt: Format, owner: io.FileIO | None,
                 path: str | None, size: int | None) -> None:
        self.name = name
        self.format: Format = fmt
        self.path = path  # an uncompressed regular file: only these are split for --jobs
        self.size = size  # bytes to check (taken once, at the start); None: to the end
        self._stream = stream
        self._owner = owner  # closed with the source; stdin stays open for others

    def lines(self) -> Iterable[bytes]:
        """Every line, from the first, each at most ``MAX_RECORD_BYTES`` long."""
        return read_lines(self._stream, MAX_RECORD_BYTES)

    def read_all(self) -> bytes:
        try:
            return self._stream.read()
        except MemoryError:
            raise InputError(f"{self.name} is too large to load whole; use NDJSON") from None
        except (OSError, EOFError) as exc:
            raise InputError(describe_read_error(self.name, exc)) from None

    def close(self) -> None:
        if self._owner is not None:
            self._owner.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe_os_error(path: str, exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"cannot read {path}: {reason}"


def describe_read_error(path: str, exc: Exception) -> str:
    """One line for an error met while reading (OSError, or a broken gzip stream)."""
    if isinstance(exc, OSError):
        return describe_os_error(path, exc)
    return f"cannot read {path}: {exc}"


def ensure_readable(path: str) -> int | None:
    """Fail early, before any output, for an input that cannot be opened.

    Returns the size of a regular file, taken now: that many bytes are checked even
    if the file grows meanwhile, whatever ``--jobs`` says.
    """
    if path == "-":
        return None
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if stat.S_ISREG(info.st_mode):
            with open(path, "rb"):
                return info.st_size
        if not os.access(path, os.R_OK):
            # Never open a pipe (<(zcat big.gz)) just to close it: its writer would die.
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    except OSError as exc:
        raise InputError(describe_os_error(path, exc)) from None
    return None


def _open_raw(path: str, size: int | None) -> tuple[str, Readable, io.FileIO | None, int | None]:
    """(name, unbuffered stream, what to close, size cap) of ``path``; ``-`` is stdin."""
    if path == "-":
        return STDIN_NAME, cast(io.BufferedReader, sys.stdin.buffer), None, None
    try:
        stream = io.FileIO(path, "rb")
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except OSError as exc:
        raise InputError(describe_os_error(path, exc)) from None
    if not regular:
        size = None
    elif size is None:
        size = os.fstat(stream.fileno()).st_size
    return path, stream, stream, size


def _decompressed(name: str, head: bytes, stream: Readable, limit: int | None) -> Readable | None:
    """A decompressing reader when ``head`` says the input is compressed, else None."""
    if head.startswith(_GZIP):
        return gzip.GzipFile(fileobj=io.BufferedReader(Replay(head, stream, limit), _BUFFER), mode="rb")
    if head.startswith(_ZSTD):
        raise InputError(f"{name} is zstd-compressed; only gzip is read: "
                         f"zstd -dc {name} | dataset-schema check SCHEMA")
    return None


def open_source(path: str, forced: str = "auto", size: int | None = None) -> Source:
    """Open ``path`` (``-`` is stdin), decompress it if need be, and settle its format.

    ``size`` caps the bytes read from a regular file (see :func:`ensure_readable`).
    """
    name, stream, owner, size = _open_raw(path, size)
    splittable = owner is not None and size is not None
    try:
        head, limit = _read_head(stream, size)
        unpacked = _decompressed(name, head, stream, limit)
        if unpacked is not None:
            stream, splittable = unpacked, False
            head, limit = _read_head(unpacked, None)
    except (OSError, EOFError, zlib.error, InputError) as exc:
        if owner is not None:
            owner.close()
        if isinstance(exc, InputError):
            raise
        raise InputError(describe_read_error(name, exc)) from None
    fmt = detect(head) if forced == "auto" else forced
    reader = io.BufferedReader(Replay(head, stream, limit), _BUFFER)
    return Source(name, reader, cast(Format, fmt), owner, path if splittable else None,
                  size if splittable else None)
