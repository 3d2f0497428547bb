"""The release number: the one place it is written.

pyproject.toml reads it (``[tool.setuptools.dynamic]``), so the wheel's metadata
and ``dataset_schema.__version__`` cannot disagree.
"""

__version__ = "0.2.0"
