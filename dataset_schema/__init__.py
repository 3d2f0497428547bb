"""dataset_schema: compiled validators that give the dataset ingest API's exact answers."""

from ._errors import CATALOGUE, IngestError, Problem, SchemaError

__all__ = ["CATALOGUE", "IngestError", "Problem", "SchemaError"]
