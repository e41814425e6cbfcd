"""Large-neighbourhood improvement: re-solve exactly the meetings of a few slots.

All meetings outside `slots` stay where they are (and kept meetings never move); inside,
CP-SAT chooses among every request that could go there, with the full objective:
priority first, then people served (under the fairness floor), then fewer idle gaps.
With `serve_most`, people served come first, then priority, then fewer idle gaps.
On the whole set of slots this is the plain exact model, used for small instances.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from .schedule import State
from .solving import SlotModel, make_solver


@dataclass
class Outcome:
    state: State | None  # the re-solved schedule, or None if CP-SAT found nothing
    optimal: bool  # the neighbourhood was solved to optimality
    priority_bound: int | None  # upper bound on the objective (only when slots = all)
    dtime: float = 0.0  # deterministic time spent
    served_bound: int | None = None  # upper bound on people served (serve_most, slots = all)


def reoptimise(
    state: State,
    slots: list[int],
    *,
    floor: int,
    wanted: set[int],
    seed: int,
    dtime: float,
    deadline: float | None = None,
    serve_most: bool = False,
) -> Outcome:
    inst = state.inst
    slot_set = set(slots)
    mask = 0
    for s in slots:
        mask |= 1 << s
    work = state.copy()
    for r, s in enumerate(state.slot_of):
        if s >= 0 and s in slot_set and r not in state.table_of:
            work.remove(r)

    reqs = [r for r in range(inst.n_requests) if work.slot_of[r] < 0]
    sm = SlotModel(work, slots, reqs, within=mask)
    model, y, placed = sm.model, sm.y, sm.placed
    person_slot, person_req = sm.person_slot, sm.person_req
    if not placed:
        return Outcome(None, True, None)

    # People served: z_p for each wanted person with no meeting outside.
    z = []
    for p in sorted(wanted):
        if work.count[p] == 0 and p in person_req:
            zp = model.new_bool_var("")
            model.add(zp <= cp_model.LinearExpr.sum(person_req[p]))
            z.append((p, zp))
    outside = sum(1 for p in wanted if work.count[p] > 0)  # served by meetings kept as they are
    need = floor - outside
    if need > 0:
        model.add(cp_model.LinearExpr.sum([zp for _, zp in z]) >= need)

    gaps = _gap_terms(model, work, state, slots, person_slot)
    n_gaps = len(gaps)
    if serve_most:
        b1 = n_gaps + 1  # per unit of priority
        b2 = b1 * (sum(inst.priority[r] for r in placed) + 1)  # per person served
    else:
        b2 = n_gaps + 1
        b1 = b2 * (len(z) + 1)
    terms = [inst.priority[r] * b1 for r in placed]
    model.maximize(
        cp_model.LinearExpr.weighted_sum(list(placed.values()), terms)
        + b2 * cp_model.LinearExpr.sum([zp for _, zp in z])
        - cp_model.LinearExpr.sum(gaps)
    )

    # Hint: the current placement.
    sm.hint(lambda r: state.slot_of[r])
    for p, zp in z:
        model.add_hint(zp, state.count[p] > 0)

    solver = make_solver(seed, dtime, deadline)
    status = solver.solve(model)
    spent = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(None, status == cp_model.INFEASIBLE, None, spent)
    for (r, s), v in y.items():
        if solver.boolean_value(v):
            work.place(r, s)
    bound = served_bound = None
    if len(slots) == sum(1 for c in inst.capacity if c > 0):
        # Every slot was free to change: the CP-SAT bound holds for the whole instance.
        # b1 * priority <= objective + gaps, and gaps <= n_gaps (likewise b2 * served).
        top = int(solver.best_objective_bound + n_gaps)
        if serve_most:
            served_bound = outside + top // b2
        else:
            fixed = sum(inst.priority[r] for r in state.table_of)
            bound = fixed + top // b1
    return Outcome(work, status == cp_model.OPTIMAL, bound, spent, served_bound)


def _gap_terms(model, work: State, current: State, slots: list[int], person_slot) -> list:
    """Gap indicators: person p idle in slot s between two of their meetings of a block.
    Every auxiliary variable is hinted with its value in `current`."""
    inst = work.inst
    slot_set = set(slots)
    runs: dict[int, list[int]] = {}
    for s in inst.slot_order:
        runs.setdefault(inst.slot_block[s], []).append(s)
    people_in: dict[int, set[int]] = {}
    for p, s in person_slot:
        people_in.setdefault(inst.slot_block[s], set()).add(p)
    gaps = []
    for block, run in runs.items():
        if len(run) < 3 or block not in people_in:
            continue
        for p in sorted(people_in[block]):
            # b[k]: 1 if p has a meeting in run[k], as a constant or an expression.
            b, now = [], []
            for s in run:
                vs = person_slot.get((p, s)) if s in slot_set else None
                if work.busy[p] >> s & 1:
                    b.append(1)
                elif vs:
                    b.append(cp_model.LinearExpr.sum(vs))
                else:
                    b.append(0)
                now.append(current.busy[p] >> s & 1)
            before = _prefix_or(model, b, now)  # before[k]: a meeting in run[:k]
            after = _prefix_or(model, b[::-1], now[::-1])[::-1]  # after[k+1]: in run[k+1:]
            for k in range(1, len(run) - 1):
                s = run[k]
                bk, ak = before[k], after[k + 1]
                if not inst.avail[p] >> s & 1 or _const(b[k], 1) or _const(bk, 0) or _const(ak, 0):
                    continue
                if all(isinstance(t, int) for t in (b[k], bk, ak)):
                    continue  # a constant gap: nothing to choose
                g = model.new_bool_var("")
                model.add(g >= bk + ak - 1 - b[k])
                model.add_hint(g, bool(any(now[:k]) and any(now[k + 1 :]) and not now[k]))
                gaps.append(g)
    return gaps


def _prefix_or(model, seq: list, values: list[int]) -> list:
    """out[k] = OR(seq[:k]) as 0, 1 or a Boolean variable bounded below by its terms (the
    objective pushes it down, so it equals the OR where it matters), hinted with the OR
    of `values`."""
    out = [0]
    acc = 0
    for k, item in enumerate(seq):
        if _const(acc, 1) or _const(item, 1):
            acc = 1
        elif not _const(item, 0):
            v = model.new_bool_var("")
            model.add(v >= item)
            if not _const(acc, 0):
                model.add(v >= acc)
            model.add_hint(v, bool(any(values[: k + 1])))
            acc = v
        out.append(acc)
    return out


def _const(x, value: int) -> bool:
    return isinstance(x, int) and x == value
