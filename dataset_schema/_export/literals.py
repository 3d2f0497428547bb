"""Writing data into generated JavaScript and TypeScript source: only as escaped literals.

A field name is never formatted into code.  It becomes a JSON string literal with every
non-ASCII character escaped (so U+2028, U+2029 and lone surrogates are ``\\uXXXX``, which
both JavaScript and TypeScript read back to the same UTF-16 string), and with ``<``, ``>``
and ``&`` escaped too, so ``</script>`` or ``<!--`` cannot end an inline script.
"""

from __future__ import annotations

import json

__all__ = ["js_string"]

_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def js_string(text: str) -> str:
    """``text`` as a double-quoted JavaScript/TypeScript string literal, safe anywhere in source."""
    return json.dumps(text, ensure_ascii=True).translate(_MARKUP)
