"""DataFrames: ``frame_records`` (the row mapping) and ``check_frame`` (vectorised checks).

pandas, polars, pyarrow and numpy are imported only when a frame is checked; the
core never imports them (``import dataset_schema`` loads none of them).
"""

from .check import check_frame
from .rows import frame_records

__all__ = ["check_frame", "frame_records"]
