"""Why a request was not placed, in words a participant can read, with a stable code.

Codes (for translation by the application):

- ``unavailable``: a member is unavailable in every slot that has tables;
- ``no_common_slot``: each member has free slots, but never all at the same time;
- ``no_tables``: the members are all free only in slots without any table;
- ``max_meetings``: a member already has their maximum number of meetings;
- ``busy``: in every slot where all are available, a member already has another meeting;
- ``tables_full``: in every slot where all are available and free, all tables are taken;
- ``no_free_slot``: in every common slot either someone has another meeting or all tables
  are taken.
"""

from __future__ import annotations

from .schedule import State

CODES = (
    "unavailable",
    "no_common_slot",
    "no_tables",
    "max_meetings",
    "busy",
    "tables_full",
    "no_free_slot",
)


def _names(inst, people) -> str:
    names = [inst.person_ids[p] for p in people]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _either(inst, people) -> str:
    names = [inst.person_ids[p] for p in people]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


def explain(state: State, r: int) -> tuple[str, str]:
    """(code, English sentence) for the unplaced request `r` in the schedule `state`."""
    inst = state.inst
    members = inst.members[r]
    with_tables = inst.all_slots
    everywhere = (1 << inst.n_slots) - 1

    for p in members:
        if not inst.avail[p] & with_tables:
            if not inst.avail[p] & everywhere:
                return "unavailable", f"{inst.person_ids[p]} is unavailable in every slot"
            return "unavailable", (
                f"{inst.person_ids[p]} is only available in slots without tables"
            )

    common = everywhere
    for p in members:
        common &= inst.avail[p]
    if not common:
        # Name the two people whose availabilities never meet, when there are two such.
        for i, p in enumerate(members):
            for q in members[i + 1 :]:
                if not inst.avail[p] & inst.avail[q]:
                    return "no_common_slot", (
                        f"{inst.person_ids[p]} is unavailable in every slot where "
                        f"{inst.person_ids[q]} is free"
                    )
        return "no_common_slot", f"{_names(inst, members)} are never all available at once"
    if not common & with_tables:
        return "no_tables", (
            f"there are no tables in the slots where {_names(inst, members)} are all available"
        )

    for p in members:
        limit = inst.max_meetings[p]
        if state.count[p] >= limit:
            pid = inst.person_ids[p]
            if limit == 0:
                return "max_meetings", f"{pid} takes no meetings (maximum 0)"
            return "max_meetings", f"{pid} already has their maximum of {limit} meetings"

    common &= with_tables
    busy_people: set[int] = set()
    full_slots = 0
    free_slots = 0
    for s in range(inst.n_slots):
        if not common >> s & 1:
            continue
        someone = [p for p in members if state.busy[p] >> s & 1]
        busy_people.update(someone)
        if someone:
            continue
        free_slots += 1
        if state.used[s] >= inst.capacity[s]:
            full_slots += 1
    n_common = bin(common).count("1")
    if free_slots == 0:
        who = _either(inst, sorted(busy_people))
        return "busy", (
            f"in every slot where {_names(inst, members)} are all available, "
            f"{who} already has another meeting"
        )
    if full_slots == n_common:
        return "tables_full", "all tables are taken in every common free slot"
    if full_slots == free_slots:
        return "no_free_slot", (
            "no common free slot with a free table: in each common slot someone already has "
            "another meeting or all tables are taken"
        )
    # A free slot with a free table remains: only the optimisation chose not to use it
    # (this happens when placing it would cost more valuable meetings elsewhere).
    return "no_free_slot", "no common free slot with a free table"
