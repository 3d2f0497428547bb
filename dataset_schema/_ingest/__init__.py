"""The ingest request contract: routing, claims, quota, responses (docs/ingest.md)."""

# Release 0.1.0 pickled Accepted as ``dataset_schema._ingest.Accepted``, a module
# path that is this package now; the name stays reachable here for those pickles.
from .request import Accepted

__all__ = ["Accepted"]
