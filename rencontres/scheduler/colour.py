"""Inside one group of slots: give each chosen meeting a slot (an edge colouring).

The aggregated model only promises that nobody has more meetings in a group than free
slots there and that the tables suffice in total; turning that into slots is colouring
the edges of the meeting (hyper)graph with the group's slots, with at most `free tables`
edges of each colour. A greedy colouring gives a start; CP-SAT finishes it, maximising
the priority placed, so that meetings it cannot colour are the cheapest ones.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from .schedule import State
from .solving import SlotModel, make_solver


def greedy(state: State, slots: list[int], reqs: list[int]) -> dict[int, int]:
    """Place `reqs` (most constrained first) into `slots` where they fit; modifies `state`.
    Returns the placements made."""
    inst = state.inst
    gmask = 0
    for s in slots:
        gmask |= 1 << s

    # Meetings of busy people first: they have the fewest options.
    load: dict[int, int] = {}
    for r in reqs:
        for p in inst.members[r]:
            load[p] = load.get(p, 0) + 1
    order = sorted(reqs, key=lambda r: (-max(load[p] for p in inst.members[r]), r))
    placed = {}
    for r in order:
        mask = state.free_mask(r) & gmask
        if not mask:
            continue
        # The slot with the most free tables left, to keep the load even.
        best = max(
            (s for s in slots if mask >> s & 1),
            key=lambda s: (inst.capacity[s] - state.used[s], -s),
        )
        state.place(r, best)
        placed[r] = best
    return placed


def tabu(
    state: State,
    slots: list[int],
    reqs: list[int],
    start: dict[int, int],
    *,
    seed: int,
    max_moves: int,
    deadline: float,
) -> dict[int, int]:
    """Tabu search over partial colourings (in the manner of PartialCol): repeatedly put an
    uncoloured meeting into the slot where it displaces the least priority, and displace
    those meetings; a displaced meeting may not go back to the same slot for a while.
    `state` must not hold any of `reqs`; `start` is a valid partial colouring. Returns the
    best colouring seen (by priority placed, then number placed)."""
    import random

    inst = state.inst
    rng = random.Random(seed)
    prio = inst.priority
    room = {s: inst.capacity[s] - state.used[s] for s in slots}
    allowed: dict[int, list[int]] = {}
    for r in reqs:
        mask = state.free_mask(r)
        allowed[r] = [s for s in slots if mask >> s & 1]
    where = dict(start)
    occ: dict[tuple[int, int], int] = {}
    in_slot: dict[int, set[int]] = {s: set() for s in slots}
    for r, s in where.items():
        for p in inst.members[r]:
            occ[p, s] = r
        in_slot[s].add(r)
    out = sorted((r for r in reqs if r not in where and allowed[r]), key=lambda r: -prio[r])
    pool = set(out)
    value = sum(prio[r] * 4096 + 1 for r in where)
    best_value, best = value, dict(where)
    tabu_until: dict[tuple[int, int], int] = {}

    def unplace(c: int) -> int:
        sc = where.pop(c)
        for p in inst.members[c]:
            del occ[p, sc]
        in_slot[sc].discard(c)
        pool.add(c)
        return sc

    for move in range(max_moves):
        if not pool or (move & 63 == 0 and time.monotonic() > deadline):
            break
        # The most valuable uncoloured meeting (random among equals).
        top = max(prio[r] for r in pool)
        cands = sorted(r for r in pool if prio[r] == top)
        r = cands[rng.randrange(len(cands))]
        best_move = best_tabu = None
        for s in allowed[r]:
            hit = {occ[p, s] for p in inst.members[r] if (p, s) in occ}
            if len(in_slot[s]) - len(hit) >= room[s]:
                others = [c for c in in_slot[s] if c not in hit]
                if not others:
                    continue
                low = min(prio[c] for c in others)
                hit.add(min(c for c in others if prio[c] == low))
            cost = sum(prio[c] * 4096 + 1 for c in hit) - (prio[r] * 4096 + 1)
            key = (cost, rng.random())
            if tabu_until.get((r, s), -1) > move and value - cost <= best_value:
                if best_tabu is None or key < best_tabu[0]:
                    best_tabu = (key, s, hit)
            elif best_move is None or key < best_move[0]:
                best_move = (key, s, hit)
        best_move = best_move or best_tabu
        if best_move is None:
            pool.discard(r)  # no slot can take it at all
            continue
        _, s, hit = best_move
        tenure = 7 + rng.randrange(10) + len(pool) // 2
        for c in hit:
            sc = unplace(c)
            tabu_until[c, sc] = move + tenure
        pool.discard(r)
        where[r] = s
        for p in inst.members[r]:
            occ[p, s] = r
        in_slot[s].add(r)
        value -= best_move[0][0]
        if value > best_value:
            best_value, best = value, dict(where)
    return best


def exact(
    state: State,
    slots: list[int],
    reqs: list[int],
    *,
    hint: dict[int, int],
    seed: int,
    dtime: float,
    deadline: float | None = None,
) -> dict[int, int] | None:
    """Best placement of `reqs` into `slots` given the rest of `state` (which must not hold
    any of `reqs`). Returns None if CP-SAT found nothing (then keep the hint)."""
    inst = state.inst
    if not reqs:
        return {}
    sm = SlotModel(state, slots, reqs)
    # Priority first, then the number of meetings (priority-0 requests still serve people).
    big = len(reqs) + 1
    weights = {r: inst.priority[r] * big + 1 for r in sm.placed}
    sm.model.maximize(
        cp_model.LinearExpr.weighted_sum(list(sm.placed.values()), list(weights.values()))
    )
    everything = sum(weights.values())
    sm.hint(lambda r: hint.get(r, -1))
    solver = make_solver(seed, dtime, deadline)
    # CP-SAT's own bound can stay loose here; stop as soon as everything is placed.
    status = solver.solve(sm.model, _StopAt(everything))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return sm.chosen(solver)


class _StopAt(cp_model.CpSolverSolutionCallback):
    def __init__(self, target: int):
        super().__init__()
        self.target = target

    def on_solution_callback(self) -> None:
        if self.objective_value >= self.target:
            self.stop_search()
