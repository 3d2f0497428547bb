"""dataset_schema.client: send records to the Dataset Ingest API, checked before they leave.

    >>> from dataset_schema.client import DatasetIngestClient
    >>> client = DatasetIngestClient("KEY", dataset_id=13, schema={"fields": {"amount": "number"}})
    >>> client.enqueue({"timestamp": "2026-06-10T10:00:00Z", "context": {}, "amount": 1})  # doctest: +SKIP

Only the standard library is imported here; ``AsyncDatasetIngestClient`` needs httpx
(``pip install 'dataset-schema[httpx]'``) and imports it when first used.
See docs/client.md.
"""

from __future__ import annotations

from typing import Any

from ._client import DEFAULT_BASE_URL, DatasetIngestClient, Failure
from ._errors import DeliveryError, QueueFull
from ._local import LocalTransport
from ._request import Request
from ._response import Response, SendResult, parse_response
from ._retry import RetryPolicy, is_retryable, retry_after
from ._transport import HTTPTransport, Transport

__all__ = [
    "AsyncDatasetIngestClient",
    "DEFAULT_BASE_URL",
    "DatasetIngestClient",
    "DeliveryError",
    "Failure",
    "HTTPTransport",
    "LocalTransport",
    "QueueFull",
    "Request",
    "Response",
    "RetryPolicy",
    "SendResult",
    "Transport",
    "is_retryable",
    "parse_response",
    "retry_after",
]

for _name in __all__:
    _value = globals().get(_name)
    if _value is not None and hasattr(_value, "__module__") and callable(_value):
        _value.__module__ = __name__
del _name, _value


def __getattr__(name: str) -> Any:
    # The async client needs httpx: imported on first use, never at import time.
    if name == "AsyncDatasetIngestClient":
        from ._async import AsyncDatasetIngestClient

        AsyncDatasetIngestClient.__module__ = __name__
        globals()[name] = AsyncDatasetIngestClient
        return AsyncDatasetIngestClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
