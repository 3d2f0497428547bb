"""Reading the request line and headers: which endpoint, which dataset id.

Endpoints (the seed)::

    /datasets              one record, the project's default dataset (legacy)
    /datasets/batch        a batch, the project's default dataset (legacy)
    /datasets/{id}         one record
    /datasets/{id}/batch   a batch

The path is matched as sent (no percent-decoding, case-sensitive); a query
string is ignored and one trailing slash tolerated.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, NamedTuple, Tuple, Union

from .._errors import make_error

__all__ = [
    "DATASET_ID_HEADER",
    "Headers",
    "MAX_DATASET_ID",
    "REQUEST_ID_HEADER",
    "Route",
    "header_map",
    "parse_dataset_id",
    "parse_route",
]

#: The largest dataset id: 2**53 - 1, the largest integer JSON clients keep exact.
MAX_DATASET_ID = 2**53 - 1

DATASET_ID_HEADER = "x-loguro-dataset-id"
REQUEST_ID_HEADER = "x-request-id"

_Text = Union[str, bytes]
#: Headers as a mapping, or as (name, value) pairs (repeats allowed); str or bytes.
Headers = Union[Mapping[str, str], Mapping[bytes, bytes], Iterable[Tuple[_Text, _Text]]]

# dataset-id = %x31-39 *DIGIT   (positive, no sign, no leading zero; ASCII digits only)
_DATASET_ID = re.compile(r"[1-9][0-9]*", re.ASCII)
_MAX_DIGITS = len(str(MAX_DATASET_ID))

# Optional whitespace around a field value (RFC 9110 section 5.5: OWS = *( SP / HTAB )).
_OWS = " \t"


class Route(NamedTuple):
    """An ingest endpoint: batch or single, and the id segment of the path, if any."""

    batch: bool
    id_text: str | None


def parse_route(path: str | bytes) -> Route:
    """The endpoint ``path`` names, or the ``not_found`` error."""
    if isinstance(path, (bytes, bytearray)):
        path = bytes(path).decode("latin-1")
    if not isinstance(path, str):
        raise TypeError(f"path must be str or bytes, not {type(path).__name__}")
    path = path.split("?", 1)[0]
    if path.endswith("/"):
        path = path[:-1]
    segments = path.split("/")
    # A leading "/" gives an empty first segment: ["", "datasets", ...].
    if len(segments) < 2 or segments[0] != "" or segments[1] != "datasets":
        raise make_error("not_found")
    rest = segments[2:]
    if rest == []:
        return Route(False, None)
    if rest == ["batch"]:
        return Route(True, None)
    if len(rest) == 1 and rest[0] != "":
        return Route(False, rest[0])
    if len(rest) == 2 and rest[0] != "" and rest[1] == "batch":
        return Route(True, rest[0])
    raise make_error("not_found")


def parse_dataset_id(text: str) -> int | None:
    """The dataset id ``text`` spells, or ``None`` if it is not one."""
    if len(text) > _MAX_DIGITS or _DATASET_ID.fullmatch(text) is None:
        return None
    value = int(text)
    return value if value <= MAX_DATASET_ID else None


def _text(value: object, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        # Header octets beyond ASCII carry no agreed charset; latin-1 keeps every byte.
        return bytes(value).decode("latin-1")
    raise TypeError(f"header {what} must be str or bytes, not {type(value).__name__}")


def header_map(headers: Headers | None) -> dict[str, str]:
    """Headers by lower-cased name, values trimmed of surrounding whitespace.

    A header given more than once is combined into one value joined by ", "
    (RFC 9110 section 5.3), as most HTTP servers present it.
    """
    if headers is None:
        return {}
    if isinstance(headers, (str, bytes, bytearray)):
        raise TypeError("headers must be a mapping or (name, value) pairs, not a string")
    # Anything with items() (dict, http.client.HTTPMessage, multidicts) gives its pairs.
    items = getattr(headers, "items", None)
    pairs = items() if callable(items) else headers
    result: dict[str, str] = {}
    for pair in pairs:
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"headers must be (name, value) pairs, got {pair!r}")
        name, value = pair
        key = _text(name, "names").lower()
        text = _text(value, "values").strip(_OWS)
        result[key] = f"{result[key]}, {text}" if key in result else text
    return result
