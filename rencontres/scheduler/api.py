"""The public entry points: `solve` and `fcfs`."""

from __future__ import annotations

import time
from collections.abc import Callable

from .baseline import fcfs_state
from .instance import Instance, InstanceError, parse_instance
from .schedule import State, render


def _instance(instance) -> Instance:
    return instance if isinstance(instance, Instance) else parse_instance(instance)


def apply_keep(state: State, keep) -> list[int]:
    """Place the meetings of `keep` that are still valid, in their slot and at their table.

    An entry is dropped when its request, slot or table no longer exists, when a member is
    now unavailable or already busy then, when the table is taken, or when a member would
    go over their maximum. Returns the requests kept.
    """
    if keep is None:
        return []
    if not isinstance(keep, list):
        raise InstanceError(f"keep: expected a list, got {type(keep).__name__}")
    inst = state.inst
    rindex = {rid: r for r, rid in enumerate(inst.request_ids)}
    sindex = {sid: s for s, sid in enumerate(inst.slot_ids)}
    tables: set[tuple[int, int]] = set()
    kept = []
    for entry in keep:
        if not isinstance(entry, dict):
            continue
        r = rindex.get(entry.get("request")) if isinstance(entry.get("request"), str) else None
        s = sindex.get(entry.get("slot")) if isinstance(entry.get("slot"), str) else None
        t = entry.get("table")
        if r is None or s is None or state.slot_of[r] >= 0:
            continue
        if not isinstance(t, int) or isinstance(t, bool) or not 1 <= t <= inst.capacity[s]:
            continue
        if (s, t) in tables or not state.free_mask(r) >> s & 1:
            continue
        state.place(r, s)
        state.table_of[r] = t
        tables.add((s, t))
        kept.append(r)
    return kept


def fcfs(instance: dict, *, keep: list[dict] | None = None) -> dict:
    """First come, first served: requests in their given order, each in the earliest slot
    where everyone is free, under all constraints. Returns a `b2b-schedule/1` dict."""
    t0 = time.monotonic()
    inst = _instance(instance)
    state = State(inst)
    apply_keep(state, keep)
    fcfs_state(state)
    return render(state, bound=None, seconds=time.monotonic() - t0, extra={"method": "fcfs"})


def solve(
    instance: dict,
    *,
    time_limit: float = 5.0,
    seed: int = 0,
    keep: list[dict] | None = None,
    progress: Callable[[float], None] | None = None,
    serve_most: bool = False,
) -> dict:
    """Place as much priority as possible, never serving fewer people than first come,
    first served; with `serve_most`, serve as many people as possible first, then the
    priorities. Returns a `b2b-schedule/1` dict (see the package README)."""
    return solve_from(
        time.monotonic(),
        instance,
        time_limit=time_limit,
        seed=seed,
        keep=keep,
        progress=progress,
        serve_most=serve_most,
    )


def solve_from(
    t0: float,
    instance,
    *,
    time_limit: float,
    seed: int,
    keep: list[dict] | None = None,
    progress: Callable[[float], None] | None = None,
    serve_most: bool = False,
) -> dict:
    """`solve`, with the time limit counted from `t0` (the command line passes the start of
    the process, so that loading OR-Tools counts too)."""
    from .solver import optimise

    inst = _instance(instance)
    state = State(inst)
    kept = apply_keep(state, keep)
    result = optimise(
        state,
        time_limit=time_limit,
        seed=seed,
        start=t0,
        progress=progress,
        serve_most=serve_most,
    )
    extra = {
        "method": "solve",
        "mode": "serve_most" if serve_most else "priority",
        "kept": len(kept),
        **result.info,
    }
    out = render(
        result.state,
        bound=result.bound,
        seconds=time.monotonic() - t0,
        extra=extra,
        served_bound=result.served_bound,
    )
    if progress is not None:
        progress(1.0)
    return out
