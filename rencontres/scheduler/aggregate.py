"""The aggregated model: each request goes to a *group* of interchangeable slots, or nowhere.

Slots whose sets of unavailable participants are identical (the slots of one program
block, in practice) form a group. Any schedule maps to a solution of the aggregated model
("request r is in group g") that satisfies:

- each request in at most one group;
- a group holds at most as many meetings as it has free tables, summed over its slots;
- a person has at most as many meetings in a group as they have free slots there;
- a person has at most their remaining number of meetings;
- at least `floor` people with requests get a meeting (the fairness floor).

So its optimum, and the optimum of its LP relaxation, bound the real optimum from above.
The model has one variable per (request, possible group): a few per request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .instance import Instance
from .schedule import State


def slot_groups(inst: Instance) -> list[list[int]]:
    """Slots (with tables) grouped by identical availability of everyone, in time order."""
    by_sig: dict[bytes, list[int]] = {}
    n_bytes = (inst.n_people + 7) // 8 or 1
    for s in inst.slot_order:
        if inst.capacity[s] <= 0:
            continue
        bits = 0
        for p, a in enumerate(inst.avail):
            if a >> s & 1:
                bits |= 1 << p
        by_sig.setdefault(bits.to_bytes(n_bytes, "little"), []).append(s)
    return list(by_sig.values())


def popcount(x: int) -> int:
    return x.bit_count()


@dataclass
class Aggregate:
    """Sparse description of the aggregated model over the requests still to place."""

    groups: list[list[int]]
    group_mask: list[int]
    group_cap: list[int]  # free tables summed over the group's slots
    requests: list[int] = field(default_factory=list)  # candidate requests
    var_req: list[int] = field(default_factory=list)  # per variable: position in requests
    var_group: list[int] = field(default_factory=list)
    var_weight: list[int] = field(default_factory=list)
    # Constraints "sum of vars <= rhs", only those that can bind.
    rows: list[tuple[list[int], int]] = field(default_factory=list)
    # Fairness: people not yet served, their variables, and how many of them must be.
    fair_people: list[int] = field(default_factory=list)
    fair_vars: list[list[int]] = field(default_factory=list)
    fair_need: int = 0


def build(state: State, floor: int, wanted: set[int], *, everyone: bool = False) -> Aggregate:
    """The model over the requests still to place. `everyone`: give every person not yet
    served an indicator (for counting people served) even without a fairness floor."""
    inst = state.inst
    groups = slot_groups(inst)
    open_slots = 0
    for s, c in enumerate(inst.capacity):
        if state.used[s] < c:
            open_slots |= 1 << s
    group_mask = []
    for g in groups:
        m = 0
        for s in g:
            m |= 1 << s
        group_mask.append(m & open_slots)
    group_cap = [sum(inst.capacity[s] - state.used[s] for s in g) for g in groups]
    agg = Aggregate(groups, group_mask, group_cap)

    left = [inst.max_meetings[p] - state.count[p] for p in range(inst.n_people)]
    free = [inst.avail[p] & ~state.busy[p] & open_slots for p in range(inst.n_people)]
    person_vars: dict[int, list[int]] = {}
    person_group_vars: dict[tuple[int, int], list[int]] = {}
    group_vars: list[list[int]] = [[] for _ in groups]
    for r in range(inst.n_requests):
        if state.slot_of[r] >= 0:
            continue
        members = inst.members[r]
        if any(left[p] <= 0 for p in members):
            continue
        mask = open_slots
        for p in members:
            mask &= free[p]
        if not mask:
            continue
        pos = len(agg.requests)
        agg.requests.append(r)
        for g, gm in enumerate(group_mask):
            if mask & gm:
                v = len(agg.var_req)
                agg.var_req.append(pos)
                agg.var_group.append(g)
                agg.var_weight.append(inst.priority[r])
                group_vars[g].append(v)
                for p in members:
                    person_vars.setdefault(p, []).append(v)
                    person_group_vars.setdefault((p, g), []).append(v)

    # One group per request.
    by_req: list[list[int]] = [[] for _ in agg.requests]
    for v, pos in enumerate(agg.var_req):
        by_req[pos].append(v)
    agg.rows.extend((vs, 1) for vs in by_req if len(vs) > 1)
    for g, vs in enumerate(group_vars):
        if len(vs) > agg.group_cap[g]:
            agg.rows.append((vs, agg.group_cap[g]))
    for (p, g), vs in person_group_vars.items():
        k = popcount(free[p] & group_mask[g])
        if len(vs) > k:
            agg.rows.append((vs, k))
    for p, vs in person_vars.items():
        if len(vs) > left[p]:
            agg.rows.append((vs, left[p]))

    already = sum(1 for p in wanted if state.count[p] > 0)
    agg.fair_need = max(0, floor - already)
    if agg.fair_need or everyone:
        for p in sorted(wanted):
            if state.count[p] == 0 and p in person_vars:
                agg.fair_people.append(p)
                agg.fair_vars.append(person_vars[p])
    return agg


@dataclass
class LPResult:
    bound: int  # proven: floor of a dual bound computed from the LP duals
    value: float  # the LP optimum as reported
    x: list[float]  # primal values per variable
    seconds: float
    # Proven bound of the same model without the fairness floor: the same duals, with the
    # floor's set to 0, are dual-feasible for it too (weak duality again).
    bound_without_floor: int | None = None


def solve_lp(
    agg: Aggregate, time_limit: float, *, priority: float = 1.0, served: float = 0.0
) -> LPResult | None:
    """LP relaxation with GLOP of `priority` x (weighted meetings) + `served` x (people not
    yet served who get one); the bound is recomputed from the duals (weak duality), so it
    holds whatever the solver's tolerances."""
    import time

    from ortools.linear_solver import pywraplp

    t0 = time.monotonic()
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    n = len(agg.var_req)
    x = [solver.NumVar(0.0, 1.0, "") for _ in range(n)]
    cons = []
    for vs, rhs in agg.rows:
        c = solver.Constraint(-solver.infinity(), float(rhs))
        for v in vs:
            c.SetCoefficient(x[v], 1.0)
        cons.append(c)
    z = []
    fair = None
    if agg.fair_vars:
        for vs in agg.fair_vars:
            zp = solver.NumVar(0.0, 1.0, "")
            z.append(zp)
            c = solver.Constraint(-solver.infinity(), 0.0)  # z_p - sum x <= 0
            c.SetCoefficient(zp, 1.0)
            for v in vs:
                c.SetCoefficient(x[v], -1.0)
            cons.append(c)
    if agg.fair_need:
        fair = solver.Constraint(-solver.infinity(), -float(agg.fair_need))  # -sum z <= -need
        for zp in z:
            fair.SetCoefficient(zp, -1.0)
    obj = solver.Objective()
    for v in range(n):
        obj.SetCoefficient(x[v], priority * agg.var_weight[v])
    for zp in z:
        obj.SetCoefficient(zp, served)
    obj.SetMaximization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        return None
    value = obj.Value()
    xs = [xv.solution_value() for xv in x]

    # Weak duality for max c.v, A v <= b, 0 <= v <= 1: for any y >= 0,
    # c.v <= y.b + sum_j max(0, c_j - (y A)_j).
    n_rows = len(agg.rows)
    duals = [max(0.0, c.dual_value()) for c in cons]
    total = sum(y * rhs for y, (_, rhs) in zip(duals, agg.rows, strict=False))
    reduced = [priority * w for w in agg.var_weight]
    for y, (vs, _) in zip(duals, agg.rows, strict=False):
        if y:
            for v in vs:
                reduced[v] -= y
    if z:
        zred = [served] * len(z)
        for k, vs in enumerate(agg.fair_vars):
            y = duals[n_rows + k]
            if y:
                zred[k] -= y
                for v in vs:
                    reduced[v] += y
        without = total + sum(max(0.0, r) for r in zred)
        if agg.fair_need:
            yf = max(0.0, fair.dual_value())
            total -= yf * agg.fair_need
            for k in range(len(z)):
                zred[k] += yf
        total += sum(max(0.0, r) for r in zred)
    else:
        without = total
    rest = sum(max(0.0, r) for r in reduced)
    return LPResult(
        math.floor(total + rest + 1e-7),
        value,
        xs,
        time.monotonic() - t0,
        math.floor(without + rest + 1e-7),
    )
