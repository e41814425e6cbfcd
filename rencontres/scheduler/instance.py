"""Read and validate a `b2b-instance/1` document into compact integer-indexed arrays.

Slots, participants and requests are numbered in their order in the document. A
participant's availability is a bit mask over slot indices, so that the scheduler never
builds one Python object per (request, slot) pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

INSTANCE_FORMAT = "b2b-instance/1"


class InstanceError(ValueError):
    """The instance is malformed; the message starts with the place of the error."""


@dataclass(frozen=True, slots=True)
class Instance:
    slot_ids: list[str]
    slot_start: list[str]
    slot_end: list[str]
    slot_order: list[int]  # slot indices sorted by start time (stable)
    slot_block: list[int]  # per slot: index of its run of back-to-back slots (a program block)
    capacity: list[int]  # tables per slot
    person_ids: list[str]
    avail: list[int]  # per person: bit mask of the slots they can attend
    max_meetings: list[int]
    request_ids: list[str]
    party_a: list[tuple[int, ...]]
    party_b: list[tuple[int, ...]]
    members: list[tuple[int, ...]]  # a + b
    priority: list[int]
    raw: dict  # the document as given

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_people(self) -> int:
        return len(self.person_ids)

    @property
    def n_requests(self) -> int:
        return len(self.request_ids)

    @property
    def all_slots(self) -> int:
        """Mask of the slots that have at least one table."""
        mask = 0
        for s, c in enumerate(self.capacity):
            if c > 0:
                mask |= 1 << s
        return mask

    def request_mask(self, r: int) -> int:
        """Slots (with a table) where every member of request `r` is available."""
        mask = self.all_slots
        for p in self.members[r]:
            mask &= self.avail[p]
        return mask


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _obj(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(f"{where}: expected an object, got {_kind(value)}")
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise InstanceError(f"{where}: expected a list, got {_kind(value)}")
    return value


def _key(obj: dict, key: str, where: str):
    if key not in obj:
        raise InstanceError(f"{where}: missing key '{key}'")
    return obj[key]


def _id(value, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise InstanceError(f"{where}: expected a non-empty string, got {_kind(value)}")
    return value


def _count(value, where: str) -> int:
    if not _is_int(value) or value < 0:
        raise InstanceError(f"{where}: expected a non-negative integer, got {_show(value)}")
    return value


def _kind(value) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _show(value) -> str:
    if isinstance(value, (bool, int, float, str)) or value is None:
        text = repr(value) if not isinstance(value, bool) else str(value).lower()
        return text if len(text) <= 40 else text[:37] + "..."
    return _kind(value)


def _time(value, where: str) -> datetime:
    if not isinstance(value, str):
        raise InstanceError(f"{where}: expected an ISO 8601 time string, got {_kind(value)}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where}: not an ISO 8601 time: {_show(value)}") from None


def _records(doc: dict, key: str, label: str):
    """(place, object, id) for each entry of the list `doc[key]`, ids checked unique."""
    seen: set[str] = set()
    for i, raw in enumerate(_list(_key(doc, key, "instance"), key)):
        where = f"{key}[{i}]"
        record = _obj(raw, where)
        rid = _id(_key(record, "id", where), f"{where}.id")
        if rid in seen:
            raise InstanceError(f"{where}.id: duplicate {label} id {rid!r}")
        seen.add(rid)
        yield where, record, rid


def parse_instance(obj) -> Instance:
    """Validate a decoded `b2b-instance/1` document and index it.

    Raises `InstanceError` naming the place of the first problem found, e.g.
    ``requests[12].b[0]: unknown participant 'p999'``.
    """
    doc = _obj(obj, "instance")
    fmt = doc.get("format", INSTANCE_FORMAT)
    if fmt != INSTANCE_FORMAT:
        raise InstanceError(f"format: expected '{INSTANCE_FORMAT}', got {_show(fmt)}")

    slot_ids, starts, ends, start_times, end_times = [], [], [], [], []
    slot_index: dict[str, int] = {}
    for i, (where, slot, sid) in enumerate(_records(doc, "slots", "slot")):
        start = _time(_key(slot, "start", where), f"{where}.start")
        end = _time(_key(slot, "end", where), f"{where}.end")
        try:
            ordered = end > start
        except TypeError:  # one time has a UTC offset and the other has none
            raise InstanceError(f"{where}: start and end mix local and UTC-offset times") from None
        if not ordered:
            raise InstanceError(f"{where}: end {slot['end']!r} is not after start")
        slot_index[sid] = i
        slot_ids.append(sid)
        starts.append(slot["start"])
        ends.append(slot["end"])
        start_times.append(start)
        end_times.append(end)
    try:
        slot_order = sorted(range(len(slot_ids)), key=lambda s: (start_times[s], s))
    except TypeError:
        raise InstanceError("slots: start times mix local and UTC-offset times") from None

    slot_block = [0] * len(slot_ids)
    block, prev = -1, None
    for s in slot_order:
        if prev is None or start_times[s] != end_times[prev]:
            block += 1
        slot_block[s] = block
        prev = s

    tables = _count(_key(doc, "tables", "instance"), "tables")
    capacity = [tables] * len(slot_ids)
    overrides = doc.get("table_capacity") or {}
    for sid, n in _obj(overrides, "table_capacity").items():
        if sid not in slot_index:
            raise InstanceError(f"table_capacity: unknown slot {sid!r}")
        capacity[slot_index[sid]] = _count(n, f"table_capacity[{sid!r}]")

    default_max = doc.get("default_max_meetings", len(slot_ids))
    default_max = _count(default_max, "default_max_meetings")

    full = (1 << len(slot_ids)) - 1
    person_ids, avail, max_meetings = [], [], []
    person_index: dict[str, int] = {}
    for i, (where, person, pid) in enumerate(_records(doc, "participants", "participant")):
        mask = full
        for j, sid in enumerate(_list(person.get("unavailable", []), f"{where}.unavailable")):
            if not isinstance(sid, str) or sid not in slot_index:
                raise InstanceError(f"{where}.unavailable[{j}]: unknown slot {_show(sid)}")
            mask &= ~(1 << slot_index[sid])
        limit = person.get("max_meetings", default_max)
        limit = _count(limit, f"{where}.max_meetings")
        person_index[pid] = i
        person_ids.append(pid)
        avail.append(mask)
        max_meetings.append(limit)

    request_ids, party_a, party_b, members, priority = [], [], [], [], []
    for where, req, rid in _records(doc, "requests", "request"):
        parties = []
        used: dict[int, str] = {}
        for side in ("a", "b"):
            party = _list(_key(req, side, where), f"{where}.{side}")
            if not party:
                raise InstanceError(f"{where}.{side}: empty party")
            idx = []
            for j, pid in enumerate(party):
                place = f"{where}.{side}[{j}]"
                if not isinstance(pid, str) or pid not in person_index:
                    raise InstanceError(f"{place}: unknown participant {_show(pid)}")
                p = person_index[pid]
                if p in used:
                    raise InstanceError(f"{place}: {pid!r} is already in party {used[p]}")
                used[p] = side
                idx.append(p)
            parties.append(tuple(idx))
        prio = _count(req.get("priority", 1), f"{where}.priority")
        request_ids.append(rid)
        party_a.append(parties[0])
        party_b.append(parties[1])
        members.append(parties[0] + parties[1])
        priority.append(prio)

    return Instance(
        slot_ids=slot_ids,
        slot_start=starts,
        slot_end=ends,
        slot_order=slot_order,
        slot_block=slot_block,
        capacity=capacity,
        person_ids=person_ids,
        avail=avail,
        max_meetings=max_meetings,
        request_ids=request_ids,
        party_a=party_a,
        party_b=party_b,
        members=members,
        priority=priority,
        raw=doc,
    )
