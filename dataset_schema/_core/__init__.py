"""The validator: imports only ``_errors``, ``_schema`` and the standard library."""
