"""dataset_schema: compiled validators that give the dataset ingest API's exact answers."""

from ._errors import CATALOGUE, IngestError, Problem, SchemaError
from ._quota import MemoryQuotaStore, QuotaKeys, QuotaResult, QuotaStore, quota_keys
from ._redis_quota import RedisQuotaStore

__all__ = [
    "CATALOGUE", "IngestError", "Problem", "SchemaError",
    "MemoryQuotaStore", "QuotaKeys", "QuotaResult", "QuotaStore", "RedisQuotaStore", "quota_keys",
]
