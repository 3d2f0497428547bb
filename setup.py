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

# The frame kernels share rows with POSIX threads: -pthread links them where the C
# library does not hold them itself (glibc before 2.34); without it the module would
# build, then fail to import, and the pure path would answer.
threads = ["-pthread"] if os.name == "posix" else []
ext_modules = []
if platform.python_implementation() == "CPython" and os.environ.get("DATASET_SCHEMA_PURE_BUILD", "") in ("", "0"):
    ext_modules.append(Extension(
        "dataset_schema._core.accel._native",
        sources=["dataset_schema/_core/accel/_native.c"],
        extra_compile_args=threads,
        extra_link_args=threads,
        optional=True,
    ))

setup(ext_modules=ext_modules)
