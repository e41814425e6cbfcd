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


class SlotModel:
    """CP-SAT model of placing some requests into some slots, around the fixed meetings of
    `state`: y[r, s] for each slot where r fits, placed[r] = sum of r's y, at most one
    meeting per person and slot, the free tables of each slot, each person's remaining
    maximum. Callers add their objective."""

    def __init__(self, state, slots: list[int], reqs, *, within: int = -1):
        inst = state.inst
        self.model = model = cp_model.CpModel()
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        self.placed: dict[int, cp_model.IntVar] = {}
        self.person_slot: dict[tuple[int, int], list] = {}
        self.person_req: dict[int, list] = {}
        by_slot: dict[int, list] = {s: [] for s in slots}
        for r in reqs:
            mask = state.free_mask(r) & within
            choices = []
            for s in slots:
                if mask >> s & 1:
                    v = model.new_bool_var("")
                    self.y[r, s] = v
                    choices.append(v)
                    by_slot[s].append(v)
                    for p in inst.members[r]:
                        self.person_slot.setdefault((p, s), []).append(v)
            if not choices:
                continue
            # One indicator per request keeps the trivial objective bound tight.
            placed = model.new_bool_var("")
            model.add(cp_model.LinearExpr.sum(choices) == placed)
            self.placed[r] = placed
            for p in inst.members[r]:
                self.person_req.setdefault(p, []).append(placed)
        for vs in self.person_slot.values():
            if len(vs) > 1:
                model.add_at_most_one(vs)
        for s, vs in by_slot.items():
            room = inst.capacity[s] - state.used[s]
            if len(vs) > room:
                model.add(cp_model.LinearExpr.sum(vs) <= room)
        for p, vs in self.person_req.items():
            left = inst.max_meetings[p] - state.count[p]
            if len(vs) > left:
                model.add(cp_model.LinearExpr.sum(vs) <= left)

    def hint(self, slot_of) -> None:
        """Hint the placement `slot_of(r)` (a slot index, or -1)."""
        for (r, s), v in self.y.items():
            self.model.add_hint(v, slot_of(r) == s)
        for r, v in self.placed.items():
            self.model.add_hint(v, (r, slot_of(r)) in self.y)

    def chosen(self, solver) -> dict[int, int]:
        return {r: s for (r, s), v in self.y.items() if solver.boolean_value(v)}
