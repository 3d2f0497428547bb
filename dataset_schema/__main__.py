"""``python -m dataset_schema`` is the ``dataset-schema`` command."""

import sys

from ._preflight.cli import main

if __name__ == "__main__":
    sys.exit(main())
