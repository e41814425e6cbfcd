"""Inside one group of slots: give each chosen meeting a slot (an edge colouring).

The aggregated model only promises that nobody has more meetings in a group than free
slots there and that the tables suffice in total; turning that into slots is colouring
the edges of the meeting (hyper)graph with the group's slots, with at most `free tables`
edges of each colour. A greedy colouring gives a start; CP-SAT finishes it, maximising
the priority placed, so that meetings it cannot colour are the cheapest ones.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from .schedule import State


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


def exact(
    state: State,
    slots: list[int],
    reqs: list[int],
    *,
    hint: dict[int, int],
    seed: int,
    time_limit: float,
) -> dict[int, int] | None:
    """Best placement of `reqs` into `slots` given the rest of `state` (which must not hold
    any of `reqs`). Returns None if CP-SAT found nothing (then keep the hint)."""
    inst = state.inst
    if not reqs:
        return {}
    model = cp_model.CpModel()
    var: dict[tuple[int, int], cp_model.IntVar] = {}
    by_person_slot: dict[tuple[int, int], list] = {}
    by_slot: dict[int, list] = {s: [] for s in slots}
    obj = []
    for r in reqs:
        mask = state.free_mask(r)
        choices = []
        for s in slots:
            if mask >> s & 1:
                v = model.new_bool_var("")
                var[r, s] = v
                choices.append(v)
                by_slot[s].append(v)
                for p in inst.members[r]:
                    by_person_slot.setdefault((p, s), []).append(v)
        if choices:
            # One indicator per request, so the trivial bound of the objective is tight and
            # the search stops as soon as everything is placed.
            placed = model.new_bool_var("")
            model.add(sum(choices) == placed)
            obj.append((inst.priority[r], placed))
    for vs in by_person_slot.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    for s, vs in by_slot.items():
        room = inst.capacity[s] - state.used[s]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    # Each person's remaining maximum (the aggregated model already respects it; this
    # keeps the step valid when used on its own).
    per_person: dict[int, list] = {}
    for (p, _), vs in by_person_slot.items():
        per_person.setdefault(p, []).extend(vs)
    for p, vs in per_person.items():
        left = inst.max_meetings[p] - state.count[p]
        if len(vs) > left:
            model.add(sum(vs) <= left)
    # Priority first, then the number of meetings (priority-0 requests still serve people).
    big = len(reqs) + 1
    model.maximize(sum((w * big + 1) * v for w, v in obj))
    for (r, s), v in var.items():
        model.add_hint(v, hint.get(r) == s)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {r: s for (r, s), v in var.items() if solver.boolean_value(v)}
