"""Optional accelerators: the same answers as the pure path, faster, or not used at all.

Chosen when a validator is compiled, so a process can hold both kinds (benchmarks do):

- ``msgspec_body``: raw bodies parsed by msgspec when it is installed
  (``pip install 'dataset-schema[fast]'``), the strict pure decoder on any doubt.

``DATASET_SCHEMA_PURE=1`` (any value but empty or ``0``) forces the pure path for
validators compiled while it is set.  Nothing here is imported by ``import
dataset_schema``: msgspec is imported at the first ``compile`` that may use it.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from ..body import decode as pure_decode

__all__ = ["PURE_SWITCH", "BodyDecoder", "body_decoder", "pure_requested"]

#: The environment variable that turns every accelerator off.
PURE_SWITCH = "DATASET_SCHEMA_PURE"

BodyDecoder = Callable[[object], "tuple[Any, bool]"]


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
