"""A partial schedule being built (who meets when), and its `b2b-schedule/1` rendering.

Tables are only given out when the schedule is written: any meeting fits any free table
of its slot, except meetings kept from a published schedule, which keep theirs.
"""

from __future__ import annotations

from .instance import Instance

SCHEDULE_FORMAT = "b2b-schedule/1"


class State:
    """Meetings placed so far, with the counters needed to test a placement in O(|members|)."""

    __slots__ = ("inst", "slot_of", "busy", "count", "used", "table_of")

    def __init__(self, inst: Instance):
        self.inst = inst
        self.slot_of = [-1] * inst.n_requests
        self.busy = [0] * inst.n_people  # per person: mask of slots with a meeting
        self.count = [0] * inst.n_people
        self.used = [0] * inst.n_slots  # meetings per slot
        self.table_of: dict[int, int] = {}  # request -> fixed table (kept meetings)

    def copy(self) -> State:
        other = State.__new__(State)
        other.inst = self.inst
        other.slot_of = self.slot_of[:]
        other.busy = self.busy[:]
        other.count = self.count[:]
        other.used = self.used[:]
        other.table_of = dict(self.table_of)
        return other

    def free_mask(self, r: int) -> int:
        """Slots where request `r` could go now: everyone available and free, a table left,
        nobody at their maximum (0 if someone is)."""
        inst = self.inst
        mask = 0
        for s, c in enumerate(inst.capacity):
            if self.used[s] < c:
                mask |= 1 << s
        for p in inst.members[r]:
            if self.count[p] >= inst.max_meetings[p]:
                return 0
            mask &= inst.avail[p] & ~self.busy[p]
        return mask

    def place(self, r: int, s: int) -> None:
        bit = 1 << s
        for p in self.inst.members[r]:
            self.busy[p] |= bit
            self.count[p] += 1
        self.used[s] += 1
        self.slot_of[r] = s

    def remove(self, r: int) -> None:
        s = self.slot_of[r]
        bit = 1 << s
        for p in self.inst.members[r]:
            self.busy[p] &= ~bit
            self.count[p] -= 1
        self.used[s] -= 1
        self.slot_of[r] = -1
        self.table_of.pop(r, None)

    def objective(self) -> int:
        prio = self.inst.priority
        return sum(prio[r] for r, s in enumerate(self.slot_of) if s >= 0)

    def served(self) -> int:
        """People with at least one request who have at least one meeting."""
        return sum(1 for p in wanted(self.inst) if self.count[p] > 0)

    def gaps(self) -> int:
        return total_gaps(self.inst, self.busy)

    def key(self) -> tuple[int, int, int]:
        """What the scheduler maximises, in lexicographic order."""
        return (self.objective(), self.served(), -self.gaps())


def wanted(inst: Instance) -> set[int]:
    return {p for m in inst.members for p in m}


def total_gaps(inst: Instance, busy: list[int]) -> int:
    """Idle slots between a person's first and last meeting of a program block, summed.

    Slots where the person is unavailable (elsewhere in the program) are not idle.
    """
    runs: dict[int, list[int]] = {}
    for s in inst.slot_order:
        runs.setdefault(inst.slot_block[s], []).append(s)
    total = 0
    for slots in runs.values():
        if len(slots) < 3:
            continue
        run_mask = 0
        for s in slots:
            run_mask |= 1 << s
        for p, b in enumerate(busy):
            if bin(b & run_mask).count("1") < 2:
                continue
            first = last = None
            for k, s in enumerate(slots):
                if b >> s & 1:
                    if first is None:
                        first = k
                    last = k
            for s in slots[first + 1 : last]:
                if not b >> s & 1 and inst.avail[p] >> s & 1:
                    total += 1
    return total


def assign_tables(state: State) -> dict[int, int]:
    """A table for every placed meeting: kept meetings keep theirs, others get the lowest
    free ones, in request order."""
    inst = state.inst
    taken: list[set[int]] = [set() for _ in range(inst.n_slots)]
    tables = {}
    for r, t in state.table_of.items():
        taken[state.slot_of[r]].add(t)
        tables[r] = t
    nxt = [1] * inst.n_slots
    for r, s in enumerate(state.slot_of):
        if s < 0 or r in tables:
            continue
        t = nxt[s]
        while t in taken[s]:
            t += 1
        nxt[s] = t + 1
        tables[r] = t
    return tables


def render(
    state: State,
    *,
    bound: int | None,
    seconds: float,
    extra: dict | None = None,
    served_bound: int | None = None,
) -> dict:
    """The schedule as a `b2b-schedule/1` document. Beside `objective` and `bound` it gives
    `served` (people with requests who have a meeting) and, when known, `served_bound` (the
    most people any schedule could serve, proven)."""
    from .reasons import explain

    inst = state.inst
    tables = assign_tables(state)
    order = {s: k for k, s in enumerate(inst.slot_order)}
    placed = sorted(
        (r for r, s in enumerate(state.slot_of) if s >= 0),
        key=lambda r: (order[state.slot_of[r]], tables[r]),
    )
    meetings = [
        {
            "request": inst.request_ids[r],
            "slot": inst.slot_ids[state.slot_of[r]],
            "table": tables[r],
        }
        for r in placed
    ]
    unscheduled = []
    for r, s in enumerate(state.slot_of):
        if s < 0:
            code, text = explain(state, r)
            unscheduled.append({"request": inst.request_ids[r], "code": code, "reason": text})
    objective = state.objective()
    out = {
        "format": SCHEDULE_FORMAT,
        "meetings": meetings,
        "unscheduled": unscheduled,
        "objective": objective,
    }
    if bound is not None:
        out["bound"] = bound
    out["served"] = state.served()
    if served_bound is not None:
        out["served_bound"] = served_bound
    out["status"] = "optimal" if bound is not None and objective >= bound else "feasible"
    out["seconds"] = round(seconds, 3)
    out["stats"] = {
        "meetings": len(meetings),
        "participants_with_requests": len(wanted(inst)),
        "participants_served": state.served(),
        "gaps": state.gaps(),
        **(extra or {}),
    }
    return out
