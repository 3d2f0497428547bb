"""dataset_schema: compiled validators that give the dataset ingest API's exact answers.

    >>> import dataset_schema as ds
    >>> v = ds.compile({"fields": {"amount": "number"}})
    >>> v.check({"timestamp": "2026-06-10T10:00:00Z", "context": {}, "amount": "12.5"})
    IngestError('Invalid number field: amount', code='invalid_number_field', status=400, field='amount')
"""

from ._errors import CATALOGUE, IngestError, Problem, SchemaError
from ._ingest import Accepted
from ._quota import MemoryQuotaStore, QuotaKeys, QuotaResult, QuotaStore, quota_keys
from ._redis_quota import RedisQuotaStore
from ._registry import Registry
from ._report import Report, check_records
from ._schema import FIELD_TYPES, RESERVED_NAMES, Schema
from ._timestamp import is_timestamp
from ._validator import Validator, compile

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
    "check_records",
    "compile",
    "is_timestamp",
    # The request contract (docs/ingest.md).
    "Accepted",
    "MemoryQuotaStore",
    "QuotaKeys",
    "QuotaResult",
    "QuotaStore",
    "RedisQuotaStore",
    "Registry",
    "quota_keys",
]
