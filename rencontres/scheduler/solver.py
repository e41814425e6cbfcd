"""The scheduler's pipeline.

1. First come, first served gives a valid schedule and the fairness floor (people served).
2. The aggregated model (request -> group of interchangeable slots, see `aggregate`) is
   solved as an LP with GLOP. Its dual gives the proven bound, and on real instances its
   optimum is integral or nearly so: it says which meetings to hold in which group.
3. Inside each group, the chosen meetings get slots (an edge colouring): greedy, then
   CP-SAT, which drops the cheapest meetings if the colouring can't be completed.
4. Greedy filling places whatever still fits.
5. Large-neighbourhood search re-solves groups (and pairs of groups) exactly with CP-SAT
   for the full objective: priority, then people served, then fewer idle gaps. On small
   instances the neighbourhood is the whole schedule, which proves optimality.

Another LP over the same model, counting people served, proves the most people any
schedule can serve (`served_bound`). With `serve_most`, that maximum becomes the fairness
floor of steps 2-3, and step 5 puts people served first, then priority, then gaps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from . import colour
from .aggregate import build, solve_lp
from .baseline import fcfs_state
from .improve import reoptimise
from .schedule import State, wanted
from .solving import DTIME_PER_SECOND

# Below this many (request, slot) pairs the exact model of the whole instance is solved.
SMALL_MODEL = 4000
# Above this many (request, group) pairs, serve-most solves only the LP with its floor.
DIRECT_LP = 10000


@dataclass
class Result:
    state: State
    bound: int | None
    served_bound: int | None = None
    info: dict = field(default_factory=dict)


class Clock:
    def __init__(self, start: float, limit: float):
        self.start = start
        # Leave room for writing the schedule and its reasons, and for the process to end.
        self.end = start + max(0.05, limit * 0.94 - 0.2)

    def left(self) -> float:
        return self.end - time.monotonic()

    def share(self, fraction: float) -> float:
        """Seconds to give a step that may use `fraction` of what is left."""
        return max(0.0, self.left() * fraction)


def _rank(state: State, floor: int, serve_most: bool = False) -> tuple:
    served = state.served()
    if serve_most:
        return (served >= floor, served, state.objective(), -state.gaps())
    return (served >= floor, state.objective(), served, -state.gaps())


def fill(state: State, order: list[int] | None = None, *, serve_most: bool = False) -> int:
    """Greedily place unplaced requests that still fit (highest priority, fewest options
    first; with `serve_most`, those bringing someone their first meeting before all), each
    in its earliest free slot. Returns how many were placed."""
    inst = state.inst
    todo = []
    for r in order if order is not None else range(inst.n_requests):
        if state.slot_of[r] < 0:
            m = state.free_mask(r)
            if m:
                new = sum(1 for p in inst.members[r] if state.count[p] == 0) if serve_most else 0
                todo.append((-new, -inst.priority[r], m.bit_count(), r))
    todo.sort()
    n = 0
    for *_, r in todo:
        m = state.free_mask(r)
        if not m:
            continue
        for s in inst.slot_order:
            if m >> s & 1:
                state.place(r, s)
                n += 1
                break
    return n


def _respect_maxima(state: State, chosen: dict[int, list[int]]) -> None:
    """Drop chosen meetings (cheapest first) that would take someone over their maximum;
    only a rounded fractional LP solution can do that."""
    inst = state.inst
    count = state.count[:]
    keep = set()
    everything = sorted(
        (r for reqs in chosen.values() for r in reqs), key=lambda r: (-inst.priority[r], r)
    )
    for r in everything:
        if all(count[p] < inst.max_meetings[p] for p in inst.members[r]):
            keep.add(r)
            for p in inst.members[r]:
                count[p] += 1
    for g, reqs in chosen.items():
        chosen[g] = [r for r in reqs if r in keep]


def optimise(
    state: State,
    *,
    time_limit: float,
    seed: int,
    start: float,
    progress: Callable[[float], None] | None = None,
    serve_most: bool = False,
) -> Result:
    inst = state.inst
    clock = Clock(start, time_limit)
    report = progress or (lambda _fraction: None)
    people = wanted(inst)
    fixed = state.objective()  # kept meetings
    info: dict = {}

    baseline = fcfs_state(state.copy())
    floor = baseline.served()
    info["fcfs_objective"] = baseline.objective()
    info["fairness_floor"] = floor
    report(0.05)

    # A trivial bound: every request that could still be placed is placed.
    full_size = 0
    trivial = fixed
    for r in range(inst.n_requests):
        if state.slot_of[r] < 0:
            m = state.free_mask(r)
            if m:
                trivial += inst.priority[r]
                full_size += m.bit_count()
    bound = trivial

    # Most people any schedule can serve: LP over the aggregated model with one indicator
    # per person not yet served (or everyone who can still be, when the LP fails).
    already = sum(1 for p in people if state.count[p] > 0)
    agg_served = build(state, 0, people, everyone=True)
    served_bound = already + len(agg_served.fair_people)
    if agg_served.fair_people:
        lp_served = solve_lp(
            agg_served, time_limit=max(0.5, clock.share(0.2)), priority=0.0, served=1.0
        )
        if lp_served is not None:
            served_bound = min(served_bound, already + lp_served.bound)
    del agg_served
    info["served_bound_lp"] = served_bound
    # With serve_most, the LP's fairness floor aims at that maximum (the search keeps
    # first come, first served as its hard floor, since the maximum may not be reachable).
    aim = max(floor, served_bound) if serve_most else floor

    # Aggregated LP: bound and the meetings to hold in each group.
    agg = build(state, 0, people)
    lp = None
    if serve_most and aim > floor and len(agg.var_req) > DIRECT_LP:
        # Straight to the model with the floor at the maximum: on large instances two LPs
        # leave too little time for the rest. Its duals also bound any schedule's priority.
        agg_fair = build(state, aim, people)
        lp = solve_lp(agg_fair, time_limit=max(0.5, clock.share(0.5)))
        if lp is not None:
            agg = agg_fair
            bound = min(bound, fixed + lp.bound_without_floor)
            info["bound_at_served"] = fixed + lp.bound
            info["lp_seconds"] = round(lp.seconds, 3)
    if lp is None and agg.var_req:
        lp = solve_lp(agg, time_limit=max(0.5, clock.share(0.4)))
        if lp is not None:
            bound = min(bound, fixed + lp.bound)
            served = {p for p in people if state.count[p] > 0}
            fractional = False
            for v, x in enumerate(lp.x):
                if 1e-6 < x < 1 - 1e-6:
                    fractional = True
                elif x >= 0.5:
                    served.update(inst.members[agg.requests[agg.var_req[v]]])
            if serve_most and not fractional and len(served) >= aim:
                info["bound_at_served"] = bound
            elif fractional or len(served) < aim:
                # The fairness floor binds (or the LP is fractional): add it to the model.
                agg_fair = build(state, aim, people)
                lp_fair = solve_lp(agg_fair, time_limit=max(0.5, clock.share(0.3)))
                if lp_fair is not None:
                    agg, lp = agg_fair, lp_fair
                    if serve_most:
                        # Best priority among schedules serving the most people.
                        info["bound_at_served"] = fixed + lp.bound
                    else:
                        bound = min(bound, fixed + lp.bound)
        info["lp_seconds"] = round(lp.seconds, 3) if lp else None
    report(0.25)

    best = baseline
    if lp is not None:
        chosen: dict[int, list[int]] = {}
        for v, x in enumerate(lp.x):
            if x > 0.5:
                chosen.setdefault(agg.var_group[v], []).append(agg.requests[agg.var_req[v]])
        _respect_maxima(state, chosen)
        work = state.copy()
        total = sum(len(v) for v in chosen.values()) or 1
        budget = 0.3 * time_limit  # seconds for colouring, planned from the limit alone
        for g, slots in enumerate(agg.groups):
            reqs = chosen.get(g, [])
            if not reqs:
                continue
            trial = work.copy()
            hint = colour.greedy(trial, slots, reqs)
            if len(hint) < len(reqs):
                share = budget * len(reqs) / total
                hint = colour.tabu(
                    work,
                    slots,
                    reqs,
                    hint,
                    seed=seed,
                    max_moves=50 * len(reqs) + 1000,
                    deadline=min(clock.end, time.monotonic() + 2 * share),
                )
            if len(hint) < len(reqs) and clock.left() > 0.05:
                exact = colour.exact(
                    work,
                    slots,
                    reqs,
                    hint=hint,
                    seed=seed,
                    dtime=DTIME_PER_SECOND * budget * len(reqs) / total,
                    deadline=clock.end,
                )
                if exact is not None and sum(inst.priority[r] for r in exact) > sum(
                    inst.priority[r] for r in hint
                ):
                    hint = exact
            for r, s in hint.items():
                work.place(r, s)
        fill(work, serve_most=serve_most)
        info["decomposition_objective"] = work.objective()
        info["decomposition_seconds"] = round(time.monotonic() - start, 3)
        if _rank(work, floor, serve_most) > _rank(best, floor, serve_most):
            best = work
    report(0.6)

    # Large-neighbourhood search with the exact model of a few slots at a time.
    slots_with_tables = [s for s in inst.slot_order if inst.capacity[s] > 0]
    if full_size <= SMALL_MODEL:
        hoods = [slots_with_tables] if slots_with_tables else []
        pairs = []
    else:
        hoods = list(agg.groups)
        pairs = [a + b for a, b in combinations(agg.groups, 2)]
    rounds = 0
    polish_start = clock.left()
    # Deterministic time for the search, planned from the limit alone.
    dtime_left = DTIME_PER_SECOND * 0.45 * time_limit
    while hoods and clock.left() > 0.1 and dtime_left > 0.001:
        rounds += 1
        if rounds == 2 and pairs:
            hoods = hoods + pairs
        improved = False
        all_optimal = True
        for k, hood in enumerate(hoods):
            if clock.left() <= 0.1 or dtime_left <= 0.001:
                all_optimal = False
                break
            out = reoptimise(
                best,
                hood,
                floor=floor,
                wanted=people,
                seed=seed + rounds,
                dtime=dtime_left / (len(hoods) - k),
                deadline=clock.end,
                serve_most=serve_most,
            )
            dtime_left -= out.dtime
            all_optimal &= out.optimal
            if out.priority_bound is not None:
                bound = min(bound, out.priority_bound)
            if out.served_bound is not None:
                served_bound = min(served_bound, out.served_bound)
            if out.state is not None and _rank(out.state, floor, serve_most) > _rank(
                best, floor, serve_most
            ):
                best = out.state
                improved = True
            if polish_start > 0:
                report(0.6 + 0.4 * min(1.0, 1 - clock.left() / polish_start))
        if (not improved and (rounds > 1 or not pairs)) or (len(hoods) == 1 and all_optimal):
            break
    fill(best, serve_most=serve_most)
    info["lns_rounds"] = rounds
    info["groups"] = [len(g) for g in agg.groups]
    if best.served() < floor:
        best = baseline  # never fall below first come, first served
    return Result(best, bound, served_bound, info)
