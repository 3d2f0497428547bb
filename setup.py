"""Build of the optional native speed-up; everything else is in pyproject.toml.

``dataset_schema._core.accel._native`` (docs/performance.md, "Native fast path") is
built when a C compiler and the Python headers are there.  ``optional=True``: a failed
build is reported and the install goes on, pure Python, with the same answers.
``DATASET_SCHEMA_PURE_BUILD=1`` skips the build (a universal, pure-Python wheel).
"""

from __future__ import annotations

import os
import platform

from setuptools import Extension, setup

ext_modules = []
if platform.python_implementation() == "CPython" and os.environ.get("DATASET_SCHEMA_PURE_BUILD", "") in ("", "0"):
    ext_modules.append(Extension(
        "dataset_schema._core.accel._native",
        sources=["dataset_schema/_core/accel/_native.c"],
        optional=True,
    ))

setup(ext_modules=ext_modules)
