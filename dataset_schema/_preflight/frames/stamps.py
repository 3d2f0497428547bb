"""The date-time grammar over Arrow string buffers, vectorised with numpy, and exact.

``accepted(...)`` reads each string's bytes straight from the Arrow buffers (no Python
str is made) and accepts a row only when its bytes are, position by position, one of
the common layouts of the core's grammar (``_core/timestamp.py``) with an existing
calendar day::

    YYYY-MM-DD(T|t)HH:MM:SS[.F{1,18}](Z|z|(+|-)HH:MM)

Every byte is tested against an ASCII set (digits ``0x30-0x39`` only, so no other
script's digits; ``T``/``t`` and ``Z``/``z`` as the grammar has them); a row's length
in bytes fixes its layout, so nothing may follow (no trailing newline).  Hours 00-23,
minutes and seconds 00-59 (no 60th second), offsets likewise, months 01-12, days
01 to the month's length, 29 February only in Gregorian leap years (0000 is one).
A row it does not accept is not refused: :func:`timestamp_mask` hands those rows to an
engine that runs the core's own regular expression (RE2 in Arrow), so the answer is
always the grammar's.  tests/preflight/test_frames_stamps.py compares the two on
generated and hostile strings.

Where the optional native module is built (``_core/accel/_native.c``), its
``timestamp_mask`` does the whole test in C over the same buffers, for every length
(about 5x the numpy test on 1M rows), and its answers are final: it is exactly the
grammar on bytes (tests/core/test_native.py), so only a row it could not read (a
malformed array) goes to RE2.  The numpy test is the path without it, or with
``DATASET_SCHEMA_PURE=1``; a row it does not accept goes to RE2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from ..._core.accel import native_module
from .columns import TIMESTAMP_PATTERN, arrow_bools, kernel_threads

if TYPE_CHECKING:
    from .columns import Mask, Rows

__all__ = ["accepted", "arrow_timestamp_mask", "byte_test", "timestamp_mask", "view_timestamp_mask"]

_ANCHORED = f"^(?:{TIMESTAMP_PATTERN})$"
_PREFIX = 19        # YYYY-MM-DDTHH:MM:SS
_MAX_FRACTION = 18  # longer fractions are left to the regular expression
_CHUNK = 16384    # rows per numpy pass: keeps the temporaries in cache
_PART = 1 << 18   # rows per Arrow slice: bounds the memory of gathered strings

def _word(text: str, *, digit: int = 0) -> tuple[int, int, int, int]:
    """SWAR masks for 8 bytes of a layout: ``D`` a digit, ``T``/``Z`` either case, else the byte itself.

    A byte is a digit iff ``b & 0xF0 == 0x30`` and ``(b + 6) & 0xF0 == 0x30`` (no carry
    leaves a byte that passed the first test); a letter of either case iff
    ``b & 0xDF`` is its upper case.  Returns (mask, value, add, digit mask).
    """
    mask = value = add = high = 0
    for position, char in enumerate(text):
        shift = 8 * position
        if char == "D":
            mask |= 0xF0 << shift
            value |= 0x30 << shift
            add |= 0x06 << shift
            high |= 0xF0 << shift
        elif char in "TZ":
            mask |= 0xDF << shift
            value |= ord(char) << shift
        else:
            mask |= 0xFF << shift
            value |= ord(char) << shift
    return mask, value, add, high


# The 19 bytes YYYY-MM-DDTHH:MM:SS as three little-endian 8-byte words at 0, 8 and 11.
_WORDS = ((0, _word("DDDD-DD-")), (8, _word("DDTDD:DD")), (11, _word("DD:DD:DD")))
_NIBBLES = 0x0F0F0F0F0F0F0F0F


def _limits(limits: dict[int, int]) -> tuple[int, int]:
    """SWAR test that bytes (each at most 99) are at most their limits: (add, high bits)."""
    add = high = 0
    for position, limit in limits.items():
        add |= (127 - limit) << 8 * position   # a byte over its limit reaches 128: no carry
        high |= 0x80 << 8 * position
    return add, high


# In the word of pairs of HH:MM:SS, bytes 0, 3 and 6 are the hour, minute and second.
_TIME_LIMITS = _limits({0: 23, 3: 59, 6: 59})


def _month_days() -> Any:
    """By month * 128 + day: 1 where the day exists in every year, 2 for 29 February, else 0."""
    import numpy as np

    table = np.zeros(256 * 128, dtype=np.uint8)
    for month, days in enumerate((31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1):
        table[month * 128 + 1:month * 128 + days + 1] = 1
    table[2 * 128 + 29] = 2
    return table


def _tables() -> tuple[Any, Any, Any]:
    import numpy as np

    year_leap = np.zeros(256, dtype=bool)       # last two digits: 04, 08, ... 96 (00 aside)
    year_leap[4:100:4] = True
    century_leap = np.zeros(256, dtype=bool)    # first two digits when the last are 00
    century_leap[0:100:4] = True
    return _month_days(), year_leap, century_leap


_TABLES: tuple[Any, Any, Any] | None = None


def _strided(data: Any, first: int, step: int, count: int, dtype: str) -> Any:
    """``count`` values of ``dtype`` read from ``data`` at ``first``, ``first + step``, ... (a view)."""
    import numpy as np

    return np.ndarray((count,), dtype=dtype, buffer=data, offset=first, strides=(step,))


def _date_time(data: Any, first: int, step: int, count: int) -> Any:
    """Of ``count`` rows of ``step`` bytes from ``first``: those whose first 19 bytes are a valid date and time."""
    import numpy as np

    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    month_days, year_leap, century_leap = _TABLES
    u64 = np.uint64
    ok: Any = None
    pairs = []
    for at, (mask, value, add, high) in _WORDS:
        word = _strided(data, first + at, step, count, "<u8").copy()  # aligned: the ops run faster
        shape = (word & u64(mask)) == u64(value)
        shape &= ((word + u64(add)) & u64(high)) == u64(value & high)
        ok = shape if ok is None else ok & shape
        nibbles = word & u64(_NIBBLES)
        # byte k becomes 10 * digit k + digit k+1 (no byte passes 255: no carry)
        pairs.append(nibbles * u64(10) + (nibbles >> u64(8)))
    add, high = _TIME_LIMITS
    ok &= ((pairs[2] + u64(add)) & u64(high)) == 0
    month = (pairs[0] >> u64(40)) & u64(0xFF)
    day = pairs[1] & u64(0x7F)   # over 99 (not digits) only where ok is False already
    kind = month_days[((month << u64(7)) | day).astype(np.intp)]
    ok &= kind != 0
    february_29 = np.flatnonzero(ok & (kind == 2))
    if len(february_29):
        dates = pairs[0][february_29]
        century = (dates & u64(0xFF)).astype(np.intp)
        year = ((dates >> u64(16)) & u64(0xFF)).astype(np.intp)
        ok[february_29] = np.where(year == 0, century_leap[century], year_leap[year])
    return ok


def _offset(window: Any, at: int) -> Any:
    """Rows whose bytes at..at+5 are ``+HH:MM`` or ``-HH:MM`` (00-23, 00-59)."""
    import numpy as np

    sign = window[:, at]
    ok = (sign == 43) | (sign == 45)
    digits = window[:, (at + 1, at + 2, at + 4, at + 5)] - np.uint8(48)  # a non-digit wraps to >= 10
    ok &= (digits < 10).all(axis=1)
    ok &= window[:, at + 3] == 58
    ok &= digits[:, 0] * np.uint8(10) + digits[:, 1] <= 23
    ok &= digits[:, 2] <= 5
    return ok


def _tail(window: Any, length: int) -> Any:
    """Rows whose bytes after the seconds (``window``: from byte 19 on) are a layout of this length."""
    import numpy as np

    found = np.zeros(len(window), dtype=bool)
    for zone in (1, 6):                    # Z / z, or +HH:MM
        fraction = length - _PREFIX - zone  # the fraction's length with its dot; 0 for none
        if fraction < 0 or fraction == 1 or fraction > _MAX_FRACTION + 1:
            continue
        if zone == 1:
            ok = (window[:, fraction] | np.uint8(32)) == 122  # Z or z
        else:
            ok = _offset(window, fraction)
        if fraction:
            ok &= window[:, 0] == 46
            ok &= ((window[:, 1:fraction] - np.uint8(48)) < 10).all(axis=1)
        found |= ok
    return found


def _layout_lengths() -> frozenset[int]:
    return frozenset(_PREFIX + fraction + zone for zone in (1, 6)
                     for fraction in (0, *range(2, _MAX_FRACTION + 2)))


_LENGTHS = _layout_lengths()
_LONGEST = max(_LENGTHS)


def _same_length(data: Any, first: int, length: int, count: int) -> Mask:
    """``count`` strings of ``length`` bytes laid end to end from ``first``: which are date-times."""
    import numpy as np
    from numpy.lib.stride_tricks import as_strided

    found = np.empty(count, dtype=bool)
    for done in range(0, count, _CHUNK):
        part = min(_CHUNK, count - done)
        at = first + done * length
        if length == _PREFIX + 1:  # the common YYYY-MM-DDTHH:MM:SSZ
            ok = (_strided(data, at + _PREFIX, length, part, "u1") | np.uint8(32)) == 122
        else:
            tails = as_strided(data[at + _PREFIX:], shape=(part, length - _PREFIX), strides=(length, 1),
                               writeable=False)
            ok = _tail(tails, length)
        ok &= _date_time(data, at, length, part)
        found[done:done + part] = ok
    return found


def _layout(array: Any) -> tuple[Any, Any]:
    """(data as uint8, offsets) of an Arrow string or large_string array."""
    import numpy as np
    import pyarrow as pa

    size = len(array)
    buffers = array.buffers()
    width = np.int64 if pa.types.is_large_string(array.type) else np.int32
    if not size or buffers[1] is None:
        return np.zeros(0, dtype=np.uint8), np.zeros(size + 1, dtype=width)
    offsets = np.frombuffer(buffers[1], dtype=width)[array.offset:array.offset + size + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, dtype=np.uint8)
    return data, offsets


def accepted(array: Any) -> Mask:
    """Rows of an Arrow string or large_string array that are date-times of a common layout.

    True only when certain; False means "not one of the common layouts" (the caller
    asks the regular expression).  Strings of one length are read in place when they
    lie end to end (as in a freshly built column), else gathered first (``filter``).
    """
    import numpy as np
    import pyarrow as pa

    data, offsets = _layout(array)
    size = len(offsets) - 1
    found = np.zeros(size, dtype=bool)
    if not size:
        return found
    lengths = np.diff(offsets)
    counts = np.bincount(np.clip(lengths, 0, _LONGEST + 1), minlength=_LONGEST + 2)
    valid = arrow_bools(array.is_valid()) if array.null_count else None
    for length in sorted(set(np.flatnonzero(counts).tolist()) & _LENGTHS):
        if counts[length] == size and offsets[-1] - offsets[0] == size * length:
            found = _same_length(data, int(offsets[0]), length, size)  # null rows: the caller drops them
            continue
        has_length = lengths == length
        if valid is not None:
            has_length &= valid  # a null slot may span bytes; filtered, it would span none
        part = array.filter(pa.array(has_length))
        part_data, part_offsets = _layout(part)
        if part_offsets[-1] - part_offsets[0] == len(part) * length:  # end to end, as filter lays them
            found[has_length] = _same_length(part_data, int(part_offsets[0]), length, len(part))
    return found


def byte_test(array: Any) -> Mask:
    """:func:`accepted`, in C where the native module is there (the same promise: True only when certain)."""
    native = native_module()
    if native is None:
        return accepted(array)
    found: Mask = _native_codes(native, array) == 1
    return found


def _native_codes(native: Any, array: Any) -> Any:
    """The native kernel's byte per row of an Arrow string or large_string array (writable)."""
    import numpy as np

    data, offsets = _layout(array)
    return np.frombuffer(native.timestamp_mask(data, offsets, kernel_threads(len(offsets) - 1)), dtype=np.uint8)


def _settled(codes: Any, array: Any, strings: Callable[[Rows], Any]) -> Mask:
    """The native kernel's answers (``codes``, one byte a row) as the column's mask.

    Its 1s and 0s are final: the kernel's test is exactly the grammar on bytes
    (tests/core/test_native.py), and no byte of a non-ASCII character is ASCII.  A row
    it could not read (``UNREAD``: offsets or a view outside the buffers of a malformed
    array) is gathered by ``strings(rows)`` and asked of RE2.  Null rows read as False.
    """
    import numpy as np

    if len(codes) and int(codes.max()) > 1:
        rest = np.flatnonzero(codes > 1)
        codes[rest] = _regex(strings(rest))
    found: Mask = codes.view(bool)
    if array.null_count:
        found &= arrow_bools(array.is_valid())
    return found


def _regex(array: Any) -> Mask:
    """The core's expression on every row of an Arrow string array (RE2, anchored; null rows False)."""
    import numpy as np
    import pyarrow.compute as pc

    matched = pc.fill_null(pc.match_substring_regex(array, _ANCHORED), False)
    return np.asarray(matched.to_numpy(zero_copy_only=False), dtype=bool)


def view_timestamp_mask(array: Any, strings: Callable[[Rows], Any]) -> Mask | None:
    """:func:`timestamp_mask` of an Arrow string_view array, read in place by the native
    module (None without it: the caller copies the strings to an Arrow string array).

    Rows the native kernel could not read are gathered as an Arrow string array by
    ``strings(rows)`` and asked of RE2 (:func:`_settled`).
    """
    native = native_module()
    if native is None:
        return None
    import numpy as np

    size = len(array)
    buffers = array.buffers()
    views = np.frombuffer(buffers[1], dtype=np.uint8)[16 * array.offset:16 * (array.offset + size)] if size else b""
    data = [buffer if buffer is not None else b"" for buffer in buffers[2:]]
    codes = np.frombuffer(native.view_timestamp_mask(views, data, kernel_threads(size)), dtype=np.uint8)
    return _settled(codes, array, strings)


def _asked_again(array: Any, found: Mask) -> Rows:
    """The rows of ``array`` a quick test did not accept (``found`` False) but for its
    nulls, which read as False: ``found`` is narrowed to the valid rows in place."""
    import numpy as np

    unsure = ~found
    if array.null_count:
        valid = arrow_bools(array.is_valid())
        found &= valid
        unsure &= valid
    rows: Rows = np.flatnonzero(unsure)
    return rows


def timestamp_mask(part: Callable[[int, int], Any], size: int) -> Mask:
    """True where a row of a string column is an accepted date-time; null rows read as False.

    ``part(first, count)`` gives rows ``first`` to ``first + count`` as an Arrow string or
    large_string array.  The column is read ``_PART`` rows at a time, so what is made
    on the way (gathered strings, masks) stays small.  Exactly the core's grammar: rows
    the byte test does not accept are asked again of RE2 (``match_substring_regex``,
    anchored).
    """
    import numpy as np

    found = np.zeros(size, dtype=bool)
    for first in range(0, size, _PART):
        count = min(_PART, size - first)
        found[first:first + count] = _part_mask(part(first, count))
    return found


def _part_mask(array: Any) -> Mask:
    import pyarrow as pa

    native = native_module()
    if native is not None:
        return _settled(_native_codes(native, array), array, lambda rows: array.take(pa.array(rows, type=pa.int64())))
    found = accepted(array)
    rest = _asked_again(array, found)
    if len(rest):
        found[rest] = _regex(array.take(pa.array(rest, type=pa.int64())))
    return found


def arrow_timestamp_mask(array: Any) -> Mask:
    """:func:`timestamp_mask` of an Arrow string or large_string array (in one piece for
    the native kernel, which makes nothing on the way)."""
    if native_module() is not None:
        return _part_mask(array)
    return timestamp_mask(array.slice, len(array))
