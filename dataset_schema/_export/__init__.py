"""Exports of a schema for consumers outside Python: JSON Schema, OpenAPI, TypeScript, JavaScript.

One module per format (docs/interop.md says what each guarantees).  Nothing here is
imported by ``import dataset_schema``: ``Schema.to_json_schema()`` and friends import
their module when called, so the core never loads the exporters.
"""
