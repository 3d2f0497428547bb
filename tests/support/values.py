"""Values every type test must sort out, the subclasses the engine must see through, and
``same``, the strict comparison of two errors."""

from __future__ import annotations

import math
from typing import Any

import dataset_schema as ds

TS = "2026-06-10T10:58:00Z"
LIMIT = 2**1024 - 2**970


class SubDict(dict):  # type: ignore[type-arg]
    pass


class SubStr(str):
    pass


class SubFloat(float):
    pass


class SubInt(int):
    pass


class SubList(list):  # type: ignore[type-arg]
    pass


def same(got: ds.IngestError | None, expected: ds.IngestError | None) -> None:
    """Equal, and indistinguishable: type, args and every attribute."""
    assert got == expected
    if expected is not None:
        assert got is not None
        assert type(got) is type(expected) is ds.IngestError
        assert got.args == expected.args
        assert vars(got) == vars(expected)
        assert list(vars(got)) == list(vars(expected))




# Values that each type test must sort out, at every position.
EDGE_VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 1.5, -0.0, math.nan, math.inf, -math.inf,
    LIMIT - 1, LIMIT, -(LIMIT - 1), -LIMIT, 10**400, SubInt(3), SubInt(LIMIT), SubFloat(2.5), SubFloat("nan"),
    "", "x", SubStr("x"), TS, "2026-06-10t10:58:00.5+02:00", SubStr(TS), "2025-02-29T00:00:00Z",
    "2024-02-29T00:00:00Z", "2026-06-10T10:58:00Z\n", "\u0662026-06-10T10:58:00Z",
    {}, SubDict(), [], b"x", (1,),
]
