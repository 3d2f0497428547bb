"""Errors built without the Python-level ``__init__``: the validator's fast error copies.

Building an IngestError through its __init__ costs more than checking a whole
valid record, so the validator copies a model error's attributes instead.  The
result has the same type, ``args`` and attributes as the constructor's (a test
compares them for every code), so nobody can tell the difference.
"""

from __future__ import annotations

from typing import Any, Callable

from .._errors import CATALOGUE, IngestError, make_error

__all__ = [
    "ErrorFactory", "batch_error", "build_error", "context_error", "error_factory", "extra_error",
    "invalid_json_error", "payload_error", "timestamp_error", "with_index",
]

# ``BaseException.__new__(IngestError)`` with no arguments, then ``args`` set, is about
# a quarter cheaper than passing the six arguments through the C wrapper of ``__new__``.
_new_error = BaseException.__new__

#: A maker of one catalogue error, given the batch index (None outside a batch).
ErrorFactory = Callable[["int | None"], IngestError]


def error_factory(code: str, field: str | None = None) -> ErrorFactory:
    """A maker of the catalogue's error for ``code`` (and ``field``), given the batch index.

    Every call makes a new instance with its own ``__dict__``: what one answer is given
    (a traceback, a ``__context__``, an attribute written by the caller) stays with it.
    ``args`` is shared, a tuple of immutable values.
    """
    model = make_error(code, field)
    # Bound as defaults, not closed over: a schema of n fields makes 2n of these
    # (engine.py's _BOUND says why that matters).
    def make(index: int | None, args: tuple[Any, ...] = model.args, head: tuple[Any, ...] = model.args[:4],
             tail: tuple[Any, ...] = model.args[5:], copy: Callable[[], dict[str, Any]] = dict(vars(model)).copy,
             ) -> IngestError:
        # `head` and `tail` are the arguments around `index`, the constructor's fifth.
        error: IngestError = _new_error(IngestError)
        if index is None:
            error.args = args
            error.__dict__ = copy()
        else:
            error.args = (*head, index, *tail)
            error.__dict__ = found = copy()
            found["index"] = index
        return error

    return make


_ATTRIBUTES = dict.fromkeys(("message", "code", "status", "field", "index", "details"))


def build_error(message: str, code: str, status: int, field: str | None, index: int | None) -> IngestError:
    """``IngestError(message, code, status, field, index)``, by the same means."""
    error: IngestError = _new_error(IngestError)
    error.args = (message, code, status, field, index, None)
    # A copy comes presized; a dict display of six keys grows twice on the way.
    error.__dict__ = found = _ATTRIBUTES.copy()
    found["message"], found["code"], found["status"], found["field"], found["index"] = message, code, status, field, index
    return error


payload_error = error_factory("payload_not_object")
timestamp_error = error_factory("invalid_timestamp")
context_error = error_factory("context_not_object")
batch_error = error_factory("batch_not_array")
invalid_json_error = error_factory("invalid_json")

_EXTRA = CATALOGUE["extra_field"]
# "Extra field: {field}" as the text around the name: concatenation is cheaper than
# str.format, and the assertion keeps the two the same should the template change.
_EXTRA_BEFORE, _, _EXTRA_AFTER = _EXTRA.template.partition("{field}")
assert _EXTRA.template.format(field="\x00") == f"{_EXTRA_BEFORE}\x00{_EXTRA_AFTER}"


#: Makers of "Extra field" errors for the names last seen (short names only, at most
#: _EXTRA_KEPT of them, then forgotten all at once): a copy is cheaper than building
#: the error, and the same misspelt key tends to come record after record.
_extra_makers: dict[str, ErrorFactory] = {}
_EXTRA_KEPT = 256
_EXTRA_SHORT = 64


def extra_error(key: str, index: int | None) -> IngestError:
    """The undeclared key's error; a str subclass is named by the characters it holds."""
    if type(key) is str and len(key) <= _EXTRA_SHORT:
        make = _extra_makers.get(key)
        if make is None:
            if len(_extra_makers) >= _EXTRA_KEPT:
                _extra_makers.clear()
            make = _extra_makers[key] = error_factory(_EXTRA.code, key)
        return make(index)
    name = key if type(key) is str else str.__str__(key)
    return build_error(_EXTRA_BEFORE + name + _EXTRA_AFTER, _EXTRA.code, _EXTRA.status, name, index)


def with_index(error: IngestError, index: int) -> IngestError:
    """``error`` as a batch's answer for the record at ``index``."""
    return build_error(error.message, error.code, error.status, error.field, index)
