"""First come, first served: the baseline, and the fairness floor the solver must meet."""

from __future__ import annotations

from .schedule import State


def first_free_slot(state: State, r: int) -> int:
    """The earliest slot where request `r` fits now, or -1."""
    mask = state.free_mask(r)
    if mask:
        for s in state.inst.slot_order:
            if mask >> s & 1:
                return s
    return -1


def fcfs_state(state: State) -> State:
    """Place the requests not yet placed, in their given order, each in its earliest free
    slot (modifies and returns `state`)."""
    for r in range(state.inst.n_requests):
        if state.slot_of[r] < 0:
            s = first_free_slot(state, r)
            if s >= 0:
                state.place(r, s)
    return state
