"""Old module paths that pickles made by release 0.1.0 name.

Release 0.1.0 pickled its classes under their private module paths
(``dataset_schema._validator.Validator``, ``dataset_schema._registry.Registry``, ...).
Those modules moved into rooms; pickle imports a class by module path, so each old
path is registered as an alias of the public package, where every class now lives.
New pickles name ``dataset_schema`` itself and never need these.
"""

from __future__ import annotations

import sys

__all__ = ["LEGACY_MODULES", "install_legacy_modules"]

#: The 0.1.0 module paths of picklable public classes.
LEGACY_MODULES = (
    "_validator",   # Validator
    "_registry",    # Registry
    "_report",      # Report
    "_quota",       # QuotaKeys, QuotaResult, MemoryQuotaStore
)
# ``_ingest`` (Accepted) is a real subpackage now and re-exports Accepted itself.


def install_legacy_modules() -> None:
    package = sys.modules[__name__.rpartition(".")[0]]
    for name in LEGACY_MODULES:
        sys.modules.setdefault(f"{package.__name__}.{name}", package)
