"""The edition's B2B data in the exchange format (shared/b2b/FORMAT.md), and back.

Participants are "p<registration id>", requests "r<request id>", slots their local start
time ("2024-10-23T14:30"), so that a schedule made anywhere maps back onto the database.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from django.utils.translation import gettext as _

from ..models import BusyMark, MeetingRequest, Profile
from . import NetworkingError
from .settings import settings_for
from .slots import edition_slots, slot_id

INSTANCE_FORMAT = "b2b-instance/1"
SCHEDULE_FORMAT = "b2b-schedule/1"


def person_key(registration_id):
    return f"p{registration_id}"


def request_key(request_id):
    return f"r{request_id}"


def key_id(key, prefix):
    """The database id in "p12"/"r7", or None for anything else."""
    if isinstance(key, str) and key.startswith(prefix) and key[1:].isdigit():
        return int(key[1:])
    return None


def schedulable_requests(edition):
    """Accepted requests of the edition whose people are all still confirmed."""
    from rencontres.registration.models import Registration

    confirmed = Registration.Status.CONFIRMED
    requests = (
        MeetingRequest.objects.filter(edition=edition, status=MeetingRequest.Status.ACCEPTED)
        .prefetch_related("party_a", "party_b")
        .order_by("created", "pk")
    )
    return [
        r
        for r in requests
        if r.party_a.all()
        and r.party_b.all()
        and all(p.status == confirmed for p in (*r.party_a.all(), *r.party_b.all()))
    ]


def program_busy(registration):
    """(start, end) of the program sessions the person attends or waits for, B2B blocks
    excepted: a place on a waiting list may be given at any time, and must not then clash
    with a meeting."""
    from rencontres.program.domain.agenda import busy_sessions, waiting_sessions
    from rencontres.program.models import Session

    sessions = [*busy_sessions(registration), *waiting_sessions(registration)]
    return [(s.start, s.end) for s in sessions if s.kind != Session.Kind.B2B]


def unavailable_slot_ids(slots, busy_times):
    return [s.id for s in slots if any(s.overlaps(start, end) for start, end in busy_times)]


def build_instance(edition, settings=None):
    """The `b2b-instance/1` document of the edition's accepted requests, as of now."""
    settings = settings or settings_for(edition)
    slots = edition_slots(edition, settings)
    requests = schedulable_requests(edition)
    people = {}
    for r in requests:
        for person in (*r.party_a.all(), *r.party_b.all()):
            people[person.pk] = person
    marks = defaultdict(list)
    for mark in BusyMark.objects.filter(registration_id__in=people):
        marks[mark.registration_id].append((mark.start, mark.end))
    limits = dict(
        Profile.objects.filter(registration_id__in=people, max_meetings__isnull=False).values_list(
            "registration_id", "max_meetings"
        )
    )
    participants = []
    for pk, person in sorted(people.items()):
        entry = {
            "id": person_key(pk),
            "unavailable": unavailable_slot_ids(slots, program_busy(person) + marks[pk]),
        }
        if pk in limits:
            entry["max_meetings"] = limits[pk]
        participants.append(entry)
    return {
        "format": INSTANCE_FORMAT,
        "slots": [{"id": s.id, "start": s.id, "end": slot_id(s.end)} for s in slots],
        "tables": settings.tables,
        "default_max_meetings": settings.max_meetings,
        "participants": participants,
        "requests": [
            {
                "id": request_key(r.pk),
                "a": [person_key(p.pk) for p in r.party_a.all()],
                "b": [person_key(p.pk) for p in r.party_b.all()],
                "priority": r.priority,
            }
            for r in requests
        ],
    }


def keep_from_meetings(meetings):
    """Published meetings as the scheduler's `keep` list."""
    return [
        {"request": request_key(m.request_id), "slot": slot_id(m.start), "table": m.table}
        for m in meetings
    ]


def check_placements(instance, meetings, name=str):
    """Why `meetings` ({"request", "slot", "table"}) is not a valid schedule of `instance`:
    translated sentences, empty when valid. `name(participant_key)` names a person."""
    errors = []
    slots = {s["id"] for s in instance["slots"]}
    capacity = {s: instance.get("table_capacity", {}).get(s, instance["tables"]) for s in slots}
    people = {p["id"]: p for p in instance["participants"]}
    requests = {r["id"]: r for r in instance["requests"]}
    default_max = instance.get("default_max_meetings", len(slots))
    busy = defaultdict(set)
    count = Counter()
    tables = set()
    placed = set()
    for m in meetings:
        key, slot, table = m.get("request"), m.get("slot"), m.get("table")
        if key not in requests:
            errors.append(_("%(request)s is not an accepted request.") % {"request": key})
            continue
        if key in placed:
            errors.append(_("%(request)s is placed twice.") % {"request": key})
            continue
        placed.add(key)
        if slot not in slots:
            errors.append(_("%(slot)s is not a B2B slot.") % {"slot": slot})
            continue
        if (
            not isinstance(table, int)
            or isinstance(table, bool)
            or not 1 <= table <= capacity[slot]
        ):
            errors.append(
                _("Table %(table)s does not exist (tables 1 to %(tables)s).")
                % {"table": table, "tables": capacity[slot]}
            )
        elif (slot, table) in tables:
            errors.append(
                _("Table %(table)s already holds a meeting in this slot.") % {"table": table}
            )
        else:
            tables.add((slot, table))
        request = requests[key]
        for person in request["a"] + request["b"]:
            if slot in people[person].get("unavailable", []):
                errors.append(_("%(person)s is not available then.") % {"person": name(person)})
            elif slot in busy[person]:
                errors.append(
                    _("%(person)s already has another meeting then.") % {"person": name(person)}
                )
            busy[person].add(slot)
            count[person] += 1
    for person, n in count.items():
        limit = people[person].get("max_meetings", default_max)
        if n > limit:
            errors.append(
                _("%(person)s would have %(count)s meetings, more than their maximum of %(max)s.")
                % {"person": name(person), "count": n, "max": limit}
            )
    return errors


def read_schedule(document):
    """The meetings of a `b2b-schedule/1` document, or a NetworkingError saying what is wrong."""
    if not isinstance(document, dict) or document.get("format") != SCHEDULE_FORMAT:
        raise NetworkingError(_("This file is not a B2B schedule (format b2b-schedule/1)."))
    meetings = document.get("meetings")
    if not isinstance(meetings, list) or not all(isinstance(m, dict) for m in meetings):
        raise NetworkingError(_("The schedule's meetings must be a list of objects."))
    # Types first, so that the checks below compare text with text and numbers with numbers
    # (a list as a request id would otherwise break them).
    for index, meeting in enumerate(meetings):
        for key, kind in (("request", str), ("slot", str), ("table", int)):
            value = meeting.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise NetworkingError(
                    _("Meeting %(number)s of the file: “%(key)s” must be %(kind)s, not %(value)s.")
                    % {
                        "number": index + 1,
                        "key": key,
                        "kind": _("text") if kind is str else _("a whole number"),
                        "value": json.dumps(value, ensure_ascii=False)[:40],
                    }
                )
    return meetings


def schedule_summary(document):
    """What an imported schedule says about itself, kept only when of the expected type."""
    bound, status, seconds = (document.get(k) for k in ("bound", "status", "seconds"))
    summary = {"format": SCHEDULE_FORMAT}
    if isinstance(bound, int) and not isinstance(bound, bool) and bound >= 0:
        summary["bound"] = bound
    if isinstance(status, str):
        summary["status"] = status[:40]
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        summary["seconds"] = seconds
    return summary
