"""Shared CP-SAT settings.

Every search is limited in *deterministic* time (CP-SAT's machine-independent work
measure), planned from the caller's time limit alone, so that a seed gives one schedule
whatever the load of the machine. A wall-clock deadline is only the safety net.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

# Deterministic time units per wall second, roughly, on a current machine (CP-SAT with one
# worker on these models does 0.3 to 0.8 per second).
DTIME_PER_SECOND = 0.7


def make_solver(seed: int, dtime: float, deadline: float | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.random_seed = seed
    params.max_deterministic_time = max(0.002, dtime)
    if deadline is not None:
        params.max_time_in_seconds = max(0.01, deadline - time.monotonic())
    return solver
