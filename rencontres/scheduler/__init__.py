"""B2B meeting scheduler: places accepted meeting requests into slots and tables.

Pure Python on top of OR-Tools; no Django import. See `solve` and `fcfs`.
"""

from .api import fcfs, solve
from .instance import Instance, InstanceError, parse_instance

__all__ = ["Instance", "InstanceError", "fcfs", "parse_instance", "solve"]
