"""What organisers see of a run before publishing it, and the table plan of the B2B area."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby

from ..models import Meeting, MeetingRequest, SchedulerSettings
from .instance import key_id
from .scheduling import REASONS
from .slots import slot_id


@dataclass
class SlotUse:
    id: str
    start: datetime.datetime
    end: datetime.datetime
    used: int
    tables: int

    @property
    def percent(self):
        return round(100 * self.used / self.tables) if self.tables else 0


@dataclass
class Unplaced:
    request: MeetingRequest
    reason: str
    detail: str


@dataclass
class Report:
    meetings: int
    requests: int
    objective: int
    bound: int | None
    status: str
    slots: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)
    without_meeting: list = field(default_factory=list)
    kept: int | None = None
    moved: int = 0

    @property
    def share_of_bound(self):
        if self.bound:
            return round(100 * self.objective / self.bound, 1)
        return None


def run_report(run):
    """Counts, table use per slot, unplaced requests with reasons, people left without any
    meeting, and how many published meetings the run would move."""
    from rencontres.registration.models import Registration

    instance, result = run.instance, run.result or {}
    meetings = result.get("meetings", [])
    per_slot = Counter(m["slot"] for m in meetings)
    capacity = instance.get("table_capacity", {})
    slots = [
        SlotUse(
            s["id"],
            datetime.datetime.fromisoformat(s["start"]),
            datetime.datetime.fromisoformat(s["end"]),
            per_slot[s["id"]],
            capacity.get(s["id"], instance["tables"]),
        )
        for s in instance["slots"]
    ]
    requests = {
        r.pk: r
        for r in MeetingRequest.objects.filter(
            pk__in=[key_id(r["id"], "r") for r in instance["requests"]]
        ).prefetch_related("party_a", "party_b")
    }
    unplaced = [
        Unplaced(requests[pk], str(REASONS.get(u.get("code"), "")), u.get("reason", ""))
        for u in result.get("unscheduled", [])
        if (pk := key_id(u.get("request"), "r")) in requests
    ]
    served = set()
    by_key = {r["id"]: r for r in instance["requests"]}
    for m in meetings:
        served.update(by_key[m["request"]]["a"] + by_key[m["request"]]["b"])
    waiting = [key_id(p["id"], "p") for p in instance["participants"] if p["id"] not in served]
    placed = {(key_id(m["request"], "r"), m["slot"], m["table"]) for m in meetings}
    published = Meeting.objects.filter(edition_id=run.edition_id)

    moved = sum(1 for m in published if (m.request_id, slot_id(m.start), m.table) not in placed)
    return Report(
        meetings=len(meetings),
        requests=len(instance["requests"]),
        objective=result.get("objective", 0),
        bound=result.get("bound"),
        status=result.get("status", ""),
        slots=slots,
        unplaced=unplaced,
        without_meeting=list(
            Registration.objects.filter(pk__in=waiting).order_by("last_name", "first_name")
        ),
        kept=result.get("stats", {}).get("kept"),
        moved=moved,
    )


@dataclass
class Side:
    """One of a run's two schedules, in the figures organisers compare."""

    label: str
    chosen: bool  # the one that would be published
    served: int
    served_bound: int | None
    without: int
    objective: int
    bound: int | None

    @property
    def reaches_most(self):
        return self.served_bound is not None and self.served >= self.served_bound

    @property
    def share_of_bound(self):
        return round(100 * self.objective / self.bound, 1) if self.bound else None


def _side(document, mode, chosen):
    stats = document.get("stats", {})
    served = document.get("served", stats.get("participants_served", 0))
    return Side(
        label=SchedulerSettings.Objective(mode).label,
        chosen=chosen,
        served=served,
        served_bound=document.get("served_bound"),
        without=stats.get("participants_with_requests", served) - served,
        objective=document.get("objective", 0),
        bound=document.get("bound"),
    )


def comparison(run):
    """Both schedules of a run, priorities first on the left, or [] (an imported file)."""
    if not run.result or not run.alternative:
        return []
    Objective = SchedulerSettings.Objective
    other = (
        Objective.PRIORITY if run.objective_mode == Objective.SERVE_MOST else Objective.SERVE_MOST
    )
    sides = [_side(run.result, run.objective_mode, True), _side(run.alternative, other, False)]
    # Both runs prove bounds for the same instance: show the tighter ones on both sides.
    for name in ("bound", "served_bound"):
        known = [getattr(side, name) for side in sides if getattr(side, name) is not None]
        for side in sides:
            setattr(side, name, min(known, default=None))
    return sides if run.objective_mode == Objective.PRIORITY else sides[::-1]


def table_plan(edition):
    """[(start, end, [meetings of that slot by table])] of the published schedule."""
    meetings = (
        Meeting.objects.filter(edition=edition)
        .select_related("request")
        .prefetch_related("request__party_a", "request__party_b")
        .order_by("start", "table")
    )
    return [
        (start, group[0].end, group)
        for start, items in groupby(meetings, key=lambda m: m.start)
        if (group := list(items))
    ]
