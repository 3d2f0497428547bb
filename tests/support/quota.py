"""The quota boundary table, answered alike by the memory and the Redis store."""

from __future__ import annotations

# (case, limit for u_1 (None: no key), default_limit, earlier reservations, count,
#  admitted, limit reported, used reported)
BOUNDARIES = [
    ("under the limit", 10, None, [3], 6, True, 10, 3),
    ("exactly at the limit", 10, None, [4], 6, True, 10, 4),
    ("one over the limit", 10, None, [4], 7, False, 10, 4),
    ("limit already used up", 10, None, [10], 1, False, 10, 10),
    ("zero limit", 0, None, [], 1, False, 0, 0),
    ("-1 is unlimited", -1, None, [10**9], 10**9, True, -1, 10**9),
    ("missing key is unlimited", None, None, [10**6], 5, True, -1, 10**6),
    ("missing key takes the default", None, 5, [5], 1, False, 5, 5),
    ("default within", None, 5, [4], 1, True, 5, 4),
    ("the key wins over the default", 100, 5, [50], 50, True, 100, 50),
    ("-1 key wins over the default", -1, 5, [50], 50, True, -1, 50),
    ("-1 default is unlimited", None, -1, [50], 50, True, -1, 50),
]
