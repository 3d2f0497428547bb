"""One frame column as the checks see it, whatever library holds it.

Each library's module (``arrow``, ``pandas``, ``polars``) turns a column into a
:class:`Column`: which rows hold no value, a vectorised test per field type, and the
Python values the row mapping (docs/frames.md) gives.  The tests and the values come
from the same dtype decision, so the vectorised answer and the per-row answer on
:func:`frame_records` agree (tests/preflight/test_frames_differential.py proves it).
"""

from __future__ import annotations

import math
import operator
import os
from itertools import chain, compress, repeat
from typing import TYPE_CHECKING, Any, Callable, Iterable, NamedTuple, Sequence, cast

from ..._core.accel import native_module
from ..._core.timestamp import TIMESTAMP_MATCH
from ..._core.rules import TYPE_TESTS, is_dict

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Mask = npt.NDArray[np.bool_]
    Rows = npt.NDArray[np.intp]
else:
    Mask = Rows = Any

__all__ = ["ABSENT", "TIMESTAMP_PATTERN", "KINDS", "Column", "SimpleCells", "Tests", "arrow_bools", "check_names",
           "kernel_threads", "none_cells", "object_tests", "python_tests", "settled", "simple_cells", "timestamp_bounds",
           "timestamp_text", "unsure_cells"]

#: The core's date-time grammar as regex source, for the frame libraries' engines.  It
#: needs no lookaround or backreference, so RE2 (Arrow) and Rust's regex (polars) take it.
TIMESTAMP_PATTERN: str = getattr(TIMESTAMP_MATCH, "__self__").pattern

#: The field types a column can be tested as; "context" is the context rule (an object).
KINDS = ("string", "number", "boolean", "timestamp", "context")


class _Absent:
    """A cell with no value: the row's record has no such key."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


class Column(NamedTuple):
    """A frame column: its name, null mask, per-kind validity and Python values.

    ``unsure`` marks rows whose cell holds something only the validator itself can
    judge (a container other than a flat object of plain JSON values: what a JSON
    encoding rule on ``context`` or on nesting would look at); those rows' answers
    are ``validator.check`` on their records, whatever the masks say.
    """

    name: str
    null: Mask                              # True where the row has no value (the key is absent)
    valid: Callable[[str], Mask]            # kind -> True where a present value passes (ignore nulls)
    take: Callable[["Rows | None"], list[Any]]  # rows (None: all) -> Python values, ABSENT where null
    unsure: "Mask | None" = None            # rows the validator judges one by one (None: no row)


_TESTS: dict[str, Callable[[object], bool]] = {**TYPE_TESTS, "context": is_dict}


def python_tests(values: Sequence[Any]) -> Callable[[str], Mask]:
    """Per-kind validity of Python values, by the validator's own type tests."""
    import numpy as np

    def valid(kind: str) -> Mask:
        return np.fromiter(map(_TESTS[kind], values), dtype=bool, count=len(values))

    return valid


def _timestamps(values: Sequence[Any]) -> Mask:
    """Per cell, for cells that are all exact str: the core's own match."""
    import numpy as np

    return np.fromiter((TIMESTAMP_MATCH(value) is not None for value in values), dtype=bool, count=len(values))


def object_tests(values: Sequence[Any], types: set[type] | None = None) -> Callable[[str], Mask]:
    """Per-kind validity of Python values: by the set of their types where one exact type
    settles it (``None`` cells aside, which are null), else cell by cell (:func:`python_tests`).
    """
    if types is None:
        types = set(map(type, values))
    present = types - {type(None)}
    size = len(values)
    if present == {bool}:
        return Tests(size, ("boolean",))
    if present == {dict}:
        return Tests(size, ("context",))
    if present == {str}:
        return Tests(size, ("string",),
                     {"timestamp": lambda: _timestamps([value if value is not None else "" for value in values])})
    return python_tests(values)


#: Types whose values pandas' ``isna`` reads as missing only when the cell is None.
NONE_ONLY = frozenset({type(None), bool, str, int, dict, list, tuple})


def none_cells(values: Sequence[Any], types: set[type] | None = None) -> Mask:
    """True where a cell is None (``types``: the cells' types, when known)."""
    import numpy as np

    if types is not None and type(None) not in types:
        return np.zeros(len(values), dtype=bool)
    if types is not None and types == {type(None)}:
        return np.ones(len(values), dtype=bool)
    return np.fromiter(map(operator.is_, values, repeat(None)), dtype=bool, count=len(values))


# -- what an object may hold and still be judged without the validator --------------------

_PLAIN = frozenset({str, int, float, bool, type(None)})
_INT_BOUND = 2**63  # far inside what any JSON rule takes; a larger int sends its row to the validator


def _plain_scalars(values: list[Any]) -> bool:
    """True when every value is an exact str, bool, None, finite float or int below 2**63."""
    kinds = set(map(type, values))
    if not kinds <= _PLAIN:
        return False
    if int in kinds:
        ints = values if kinds == {int} else list(compress(values, map(operator.is_, map(type, values), repeat(int))))
        if max(ints) >= _INT_BOUND or min(ints) <= -_INT_BOUND:
            return False
    if float in kinds:
        floats = values if kinds == {float} else compress(values, map(operator.is_, map(type, values), repeat(float)))
        if not math.isfinite(sum(floats)):  # nan and inf carry through a sum: finite means every one is
            return False
    return True


def _plain_dicts(cells: Sequence[Any]) -> bool:
    """True when every one of ``cells`` (exact dicts and None) has str keys and plain values
    (a whole-column test; None and empty dicts hold nothing to test, so ``filter`` drops them).

    Keys: ``str.join`` takes only str (subclasses too, which are JSON keys like any
    other).  Values: when every dict has the same number of keys, the values at each
    position form a column, usually of one type (a frame built from records), which
    is tested at once.
    """
    try:
        "".join(chain.from_iterable(filter(None, cells)))
    except TypeError:
        return False
    values = list(chain.from_iterable(map(dict.values, filter(None, cells))))
    sizes = set(map(len, filter(None, cells)))
    if len(sizes) == 1:
        (size,) = sizes
        return all(_plain_scalars(values[position::size]) for position in range(size))
    return _plain_scalars(values)


def _plain_dict(value: Any) -> bool:
    return type(value) is dict and all(type(key) is str for key in value) and _plain_scalars(list(value.values()))


def _container(kind: type) -> bool:
    return issubclass(kind, (dict, list, tuple, set, frozenset))


def unsure_cells(values: Sequence[Any], types: set[type] | None = None) -> Mask | None:
    """Rows whose cell is a container other than an exact dict of plain values (str keys;
    str, bool, None, finite float, int below 2**63 values): what a JSON encoding rule
    (context contents, nesting depth) could refuse, so the validator is asked.  None when
    there is no such row.  Decided for the whole column at once where it can be.
    """
    import numpy as np

    if types is None:
        types = set(map(type, values))
    if not any(_container(kind) for kind in types):
        return None
    if types <= {dict, type(None)}:
        native = native_module()
        if native is not None:  # the same test in C, cell by cell (_native.c: plain_cells)
            found = ~np.frombuffer(native.plain_cells(values), dtype=bool)
            return found if found.any() else None
        if _plain_dicts(values):
            return None
    found = np.fromiter((_container(type(value)) and not _plain_dict(value) for value in values),
                        dtype=bool, count=len(values))
    return found if found.any() else None


class SimpleCells(NamedTuple):
    """An object column read by the native ``cell_kinds``: what :class:`Column` needs of it."""

    null: Mask                      # the None cells
    valid: Callable[[str], Mask]
    unsure: Mask | None             # exact dicts that are not plain contexts


#: Rows from which a native column kernel shares its rows with a second thread: below
#: this, starting and joining a thread (tens of microseconds) is a noticeable part of it.
THREAD_ROWS = 1 << 16
#: At most this many threads per kernel call: two already halve the longest kernels, and
#: frames are usually checked next to other work (the libraries' own thread pools).
MAX_THREADS = 2


def kernel_threads(rows: int) -> int:
    """How many threads a native column kernel may use for ``rows`` rows (see _native.c: split_rows).

    ``min(2, CPUs this process may run on)`` from ``THREAD_ROWS`` rows on, else 1.  The
    threads live only for the call (started and joined in C, no pool), so nothing is
    left behind to hang a fork or an exit, and the answer is the same for any count.
    """
    if rows < THREAD_ROWS:
        return 1
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        usable = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, usable))


def simple_cells(values: Sequence[Any]) -> SimpleCells | None:
    """An object column whose cells are all None, exact str, bool or exact dict, in one C pass.

    ``values``: a list, or a 1-d numpy array of dtype object, which the C pass reads in
    place (a pandas object column: no list of its cells is made).

    None when the native module is not there (or ``DATASET_SCHEMA_PURE``), or when any
    cell is of another type: the caller then takes its general path (types, per-cell
    tests), which gives the same answers.  For these four types the facts settle every
    kind: a str is a string, and a timestamp where the core's expression says so (the C
    test accepts only surely valid ASCII date-times; the other str cells are asked of
    ``TIMESTAMP_MATCH``); True and False are booleans; a dict is a context, and unsure
    unless the C test finds it plain (``Column.unsure``); none of them is a number.
    """
    native = native_module()
    if native is None:
        return None
    import numpy as np

    kinds = np.frombuffer(native.cell_kinds(values, kernel_threads(len(values))), dtype=np.uint8)  # OR of CELL_*
    if len(kinds) and int(np.bitwise_or.reduce(kinds)) & native.CELL_OTHER:
        return None

    def has(bits: int) -> Mask:
        return cast("Mask", (kinds & bits) != 0)

    def valid(kind: str) -> Mask:
        if kind == "string":
            return has(native.CELL_STR)
        if kind == "boolean":
            return has(native.CELL_BOOL)
        if kind == "context":
            return has(native.CELL_DICT)
        if kind == "number":
            return np.zeros(len(kinds), dtype=bool)
        if kind != "timestamp":
            raise ValueError(f"no such kind: {kind!r}")
        found = has(native.CELL_STAMP)
        doubts = np.flatnonzero(kinds == native.CELL_STR)  # a str the C test did not accept
        if len(doubts):
            found[doubts] = [TIMESTAMP_MATCH(values[row]) is not None for row in doubts.tolist()]
        return found

    unsure = kinds == native.CELL_DICT  # a dict without native.CELL_PLAIN
    return SimpleCells(kinds == native.CELL_NONE, valid, unsure if unsure.any() else None)


def _bits(buffer: Any, offset: int, size: int) -> Mask:
    """``size`` bits of an Arrow bitmap from bit ``offset``, as a fresh numpy bool array."""
    import numpy as np

    first, skip = divmod(offset, 8)
    data = np.frombuffer(buffer, dtype=np.uint8, count=(skip + size + 7) // 8, offset=first)
    return np.unpackbits(data, bitorder="little", count=skip + size)[skip:].view(bool)


def arrow_bools(mask: Any) -> Mask:
    """A boolean Arrow array (nulls read as False) as a numpy array.

    Read from its bitmaps with ``np.unpackbits`` (Arrow's own conversion goes bit by
    bit and took about a sixth of a pyarrow frame's check): the values' bits, and where
    there are nulls, with the validity bits.
    """
    import numpy as np
    import pyarrow as pa

    if isinstance(mask, pa.ChunkedArray):
        mask = mask.combine_chunks()
    size = len(mask)
    if not size:
        return np.zeros(0, dtype=bool)
    validity, values = mask.buffers()
    found = _bits(values, mask.offset, size)
    if mask.null_count:
        found &= _bits(validity, mask.offset, size)
    return found


class Tests:
    """Per-kind validity of a column whose dtype settles kinds for every row at once.

    ``accepted``: the kinds every present value passes; ``varying``: the kinds that need
    a test per row (kind -> a function making the mask, called when asked).  Every
    other kind fails every row.  The combiner asks :meth:`settled` first, so a settled
    kind costs no mask at all (``combine.py``).
    """

    __slots__ = ("size", "accepted", "varying")

    def __init__(self, size: int, accepted: Iterable[str] = (),
                 varying: dict[str, Callable[[], Mask]] | None = None) -> None:
        self.size = size
        self.accepted = frozenset(accepted)
        self.varying = varying or {}

    def __call__(self, kind: str) -> Mask:
        import numpy as np

        test = self.varying.get(kind)
        if test is not None:
            return test()
        return np.full(self.size, kind in self.accepted, dtype=bool)

    def settled(self, kind: str) -> bool | None:
        """True: every present value passes ``kind``; False: none does; None: it varies."""
        return None if kind in self.varying else kind in self.accepted


def settled(valid: Callable[[str], Mask], kind: str) -> bool | None:
    """What ``valid(kind)`` is for every row when the dtype settles it (see :class:`Tests`), else None."""
    return valid.settled(kind) if isinstance(valid, Tests) else None


def check_names(names: Iterable[object]) -> list[str]:
    """Column names as exact str; a name that is not a str, or repeats, is refused."""
    seen: list[str] = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"column names must be str (they become the record's keys), got {name!r}")
        seen.append(str.__str__(name))
    if len(set(seen)) != len(seen):
        repeated = sorted({name for name in seen if seen.count(name) > 1})
        raise ValueError(f"duplicate column names {repeated!r}: a record cannot hold a key twice")
    return seen


# -- datetimes: sent as RFC 3339 text in UTC ---------------------------------------------

_DIGITS = {1: 0, 1_000: 3, 1_000_000: 6, 1_000_000_000: 9}


def _civil(days: int) -> tuple[int, int, int]:
    """Proleptic Gregorian (year, month, day) of a day count from 1970-01-01, any year."""
    days += 719_468
    era = days // 146_097
    day_of_era = days - era * 146_097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36_524 - day_of_era // 146_096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    return year_of_era + era * 400 + (month <= 2), month, day


def timestamp_text(value: int, per_second: int) -> str:
    """The text a datetime is sent as: ``YYYY-MM-DDTHH:MM:SS[.fraction]Z`` in UTC.

    The fraction has the unit's digits (none for seconds, 3, 6 or 9).  A year outside
    0000-9999 prints as it is (``-001``, ``10000``), which the API refuses.
    """
    seconds, fraction = divmod(value, per_second)
    days, second = divmod(seconds, 86_400)
    year, month, day = _civil(days)
    text = f"{year:04d}-{month:02d}-{day:02d}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
    digits = _DIGITS[per_second]
    if digits:
        text += f".{fraction:0{digits}d}"
    return text + "Z"


_INT64 = (-(2**63), 2**63 - 1)
_YEAR_0 = -719_528      # days from 1970-01-01 back to 0000-01-01
_YEAR_10000 = 2_932_897  # days from 1970-01-01 to 10000-01-01


def timestamp_bounds(per_second: int) -> tuple[int, int]:
    """Inclusive int64 bounds of the values whose text has a year in 0000-9999."""
    low = _YEAR_0 * 86_400 * per_second
    high = _YEAR_10000 * 86_400 * per_second - 1
    return max(low, _INT64[0]), min(high, _INT64[1])
