"""dataset_schema: compiled validators that give the dataset ingest API's exact answers.

    >>> import dataset_schema as ds
    >>> v = ds.compile({"fields": {"amount": "number"}})
    >>> v.check({"timestamp": "2026-06-10T10:00:00Z", "context": {}, "amount": "12.5"})
    IngestError('Invalid number field: amount', code='invalid_number_field', status=400, field='amount')

The code lives in one private room per concern (docs/architecture.md): ``_core``
(the validator), ``_ingest`` (the request contract), ``_preflight`` (the CLI and
notebook report), and the public ``strategies``.  This module only re-exports.
"""

from ._core.timestamp import is_timestamp
from ._core.validator import Validator, compile
from ._errors import CATALOGUE, IngestError, Problem, QuotaUnavailable, SchemaError
from ._ingest.quota import MemoryQuotaStore, QuotaKeys, QuotaResult, QuotaStore, quota_keys
from ._ingest.redis_quota import RedisQuotaStore
from ._ingest.registry import Registry
from ._ingest.request import Accepted
from ._legacy import install_legacy_modules
from ._preflight.frames import check_frame, frame_records
from ._preflight.report import Report, check_records
from ._schema import FIELD_TYPES, RESERVED_NAMES, Schema
from ._version import __version__ as __version__  # "as": re-exported for mypy --strict users

__all__ = [
    "CATALOGUE",
    "FIELD_TYPES",
    "IngestError",
    "Problem",
    "RESERVED_NAMES",
    "Report",
    "Schema",
    "SchemaError",
    "Validator",
    "check_frame",
    "check_records",
    "compile",
    "frame_records",
    "is_timestamp",
    # The request contract (docs/ingest.md).
    "Accepted",
    "MemoryQuotaStore",
    "QuotaKeys",
    "QuotaResult",
    "QuotaStore",
    "QuotaUnavailable",
    "RedisQuotaStore",
    "Registry",
    "quota_keys",
]

# Reprs, pickles and tracebacks name the public path, so private modules can move
# without breaking a pickle or a user's reading of an error (as httpx does).
for _name in __all__:
    _value = globals()[_name]
    if hasattr(_value, "__module__") and callable(_value):
        _value.__module__ = __name__
del _name, _value

install_legacy_modules()
