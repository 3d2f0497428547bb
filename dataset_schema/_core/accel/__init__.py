"""Optional accelerators: the same answers as the pure path, faster, or not used at all.

Chosen when a validator is compiled, so a process can hold both kinds (benchmarks do):

- ``msgspec_body``: raw bodies parsed by msgspec when it is installed
  (``pip install 'dataset-schema[fast]'``), the strict pure decoder on any doubt.
- ``_native`` (``_native.c``, built by setup.py when a C compiler is there): ``check``
  and ``check_batch`` answer None in C for a record of the exact common shape and call
  the pure generated function for anything else (see :func:`native_checks`).

``DATASET_SCHEMA_PURE=1`` (any value but empty or ``0``) forces the pure path for
validators compiled while it is set.  Nothing here is imported by ``import
dataset_schema``: msgspec and ``_native`` are imported at the first ``compile`` that
may use them.
"""

from __future__ import annotations

import importlib
import os
from typing import Any, Callable, Sequence

from ..body import decode as pure_decode
from ..plan import FieldPlan

__all__ = ["PURE_SWITCH", "BodyDecoder", "CheckFunction", "body_decoder", "native_checks", "native_module",
           "pure_requested"]

#: The environment variable that turns every accelerator off.
PURE_SWITCH = "DATASET_SCHEMA_PURE"

BodyDecoder = Callable[[object], "tuple[Any, bool]"]
CheckFunction = Callable[[object], Any]

# The native module's codes for the field kinds (its KIND_* constants).
_KINDS = {"string": 0, "number": 1, "boolean": 2, "timestamp": 3}


def pure_requested() -> bool:
    return os.environ.get(PURE_SWITCH, "") not in ("", "0")


def body_decoder() -> BodyDecoder:
    """The body decoder for a validator compiled now: msgspec's if usable, else the pure one."""
    if pure_requested():
        return pure_decode
    try:
        from .msgspec_body import decode
    except ImportError:  # msgspec missing, or a version outside the tested range
        return pure_decode
    return decode


def native_module() -> Any:
    """The native module when it was built and may be used now, else None."""
    if pure_requested():
        return None
    try:
        return importlib.import_module(".._native", __name__ + ".")
    except ImportError:  # not built (no compiler), or built for another interpreter
        return None


def native_checks(
    plan: Sequence[FieldPlan], check: CheckFunction, check_batch: CheckFunction,
) -> tuple[CheckFunction, CheckFunction]:
    """``check`` and ``check_batch`` behind the native fast path, or unchanged without it.

    The native callables answer None themselves only for the exact common shape
    (``_native.c`` says which) and otherwise call the pure function given here with
    the same arguments, returning its answer unchanged.
    """
    native = native_module()
    if native is None:
        return check, check_batch
    names = tuple(field.name for field in plan)
    kinds = bytes(_KINDS[field.kind] for field in plan)
    checkers = native.Checker(check, names, kinds, False), native.Checker(check_batch, names, kinds, True)
    for checker, pure in zip(checkers, (check, check_batch)):
        checker.__name__ = pure.__name__  # the rest (__doc__, __qualname__) is set by Validator
    return checkers
