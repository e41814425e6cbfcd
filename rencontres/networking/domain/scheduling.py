"""Organisers' side: run the scheduler in the background, read its result, publish it in
the background, move a meeting by hand, import a schedule made elsewhere.

Every write that changes meetings first locks the edition's SchedulerSettings row, so a
publication, a move and a cancellation never interleave.
"""

import logging
import threading
import time
from collections import defaultdict

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Meeting, MeetingRequest, SchedulerSettings, ScheduleRun
from . import NetworkingError
from .instance import (
    build_instance,
    check_placements,
    keep_from_meetings,
    key_id,
    person_key,
    read_schedule,
    request_key,
    schedule_summary,
)
from .notify import tell
from .settings import settings_for
from .slots import edition_slots

logger = logging.getLogger(__name__)

# The scheduler's machine codes for unplaced requests, in the organisers' words.
REASONS = {
    "unavailable": gettext_lazy("Someone is unavailable in every slot with tables."),
    "no_common_slot": gettext_lazy("The people are never all available at the same time."),
    "no_tables": gettext_lazy("The people are all available only in slots without tables."),
    "max_meetings": gettext_lazy("Someone already has their maximum number of meetings."),
    "busy": gettext_lazy(
        "In every slot where all are available, someone already has another meeting."
    ),
    "tables_full": gettext_lazy("All tables are taken in every slot where all are free."),
    "no_free_slot": gettext_lazy("No common free slot with a free table."),
}
PROGRESS_EVERY = 0.5  # seconds between two progress writes
STALE_AFTER = ScheduleRun.STALE_AFTER
TELL_BATCH = 20  # people mailed per transaction of a publication


def _lock_settings(edition):
    SchedulerSettings.objects.get_or_create(edition=edition)
    return SchedulerSettings.objects.select_for_update().get(edition=edition)


def _namer(instance):
    """participant key -> full name, for messages about an instance."""
    from rencontres.registration.models import Registration

    ids = [key_id(p["id"], "p") for p in instance["participants"]]
    names = {
        person_key(pk): f"{first} {last}".strip()
        for pk, first, last in Registration.objects.filter(pk__in=ids).values_list(
            "pk", "first_name", "last_name"
        )
    }
    return lambda key: names.get(key, key)


def start_run(edition, user=None, keep_published=True):
    """Snapshot the edition's accepted requests and queue a run of the scheduler."""
    from ..tasks import run_scheduler

    with transaction.atomic():
        settings = _lock_settings(edition)
        active = ScheduleRun.objects.filter(
            edition=edition, status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING]
        )
        active.filter(created__lt=timezone.now() - STALE_AFTER).update(
            status=ScheduleRun.Status.FAILED, error="stopped without finishing"
        )
        if active.exists():
            raise NetworkingError(_("The scheduler is already running for this edition."))
        instance = build_instance(edition, settings)
        if not instance["slots"]:
            raise NetworkingError(
                _("The program has no B2B block long enough for one meeting: add one first.")
            )
        if not instance["requests"]:
            raise NetworkingError(_("There is no accepted meeting request to schedule."))
        keep = keep_from_meetings(Meeting.objects.filter(edition=edition)) if keep_published else []
        run = ScheduleRun.objects.create(
            edition=edition,
            instance=instance,
            keep=keep,
            keep_published=keep_published,
            created_by=user,
        )
        transaction.on_commit(lambda: run_scheduler.enqueue(run.pk))
    logger.info("scheduler run %s queued for edition %s", run.pk, edition.number)
    return run


def execute_run(run_id):
    """The task's body: solve the run's instance, writing progress as it goes."""
    from rencontres.scheduler import solve

    claimed = ScheduleRun.objects.filter(pk=run_id, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING, started=timezone.now(), progress=0.0
    )
    if not claimed:
        return "skipped"
    run = ScheduleRun.objects.select_related("edition").get(pk=run_id)
    settings = settings_for(run.edition)
    owner = threading.get_ident()
    last = [0.0]

    def progress(fraction):
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        ScheduleRun.objects.filter(pk=run_id).update(progress=max(0.0, min(float(fraction), 0.99)))
        if threading.get_ident() != owner:
            connection.close()  # a solver thread must not leak its own connection

    try:
        result = solve(
            run.instance,
            time_limit=float(settings.time_limit),
            keep=run.keep or None,
            progress=progress,
        )
    except Exception as error:
        logger.exception("scheduler run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED, error=str(error)[:2000], finished=timezone.now()
        )
        return "failed"
    ScheduleRun.objects.filter(pk=run_id).update(
        status=ScheduleRun.Status.DONE,
        progress=1.0,
        result=result,
        objective=result.get("objective"),
        bound=result.get("bound"),
        finished=timezone.now(),
    )
    logger.info("scheduler run %s: objective %s", run_id, result.get("objective"))
    return "done"


def import_schedule(edition, document, user=None):
    """A `b2b-schedule/1` made elsewhere (e.g. `rencontres-b2b solve`), checked against the
    edition's current data, becomes a run that can be published like any other."""
    meetings = read_schedule(document)
    with transaction.atomic():
        settings = _lock_settings(edition)
        instance = build_instance(edition, settings)
        errors = check_placements(instance, meetings, _namer(instance))
        if errors:
            raise NetworkingError(
                _("This schedule does not fit the edition's current data: %(errors)s")
                % {"errors": " ".join(errors[:5])}
            )
        priority = {r["id"]: r.get("priority", 1) for r in instance["requests"]}
        placed = {m["request"] for m in meetings}
        result = {
            **schedule_summary(document),
            "meetings": [
                {"request": m["request"], "slot": m["slot"], "table": m["table"]} for m in meetings
            ],
            "unscheduled": [
                {"request": r["id"], "reason": "not in the imported schedule"}
                for r in instance["requests"]
                if r["id"] not in placed
            ],
            "objective": sum(priority[m["request"]] for m in meetings),
        }
        now = timezone.now()
        return ScheduleRun.objects.create(
            edition=edition,
            status=ScheduleRun.Status.DONE,
            source=ScheduleRun.Source.IMPORT,
            progress=1.0,
            instance=instance,
            result=result,
            objective=result["objective"],
            bound=result.get("bound"),
            created_by=user,
            started=now,
            finished=now,
        )


def _members(request_ids):
    """{request id: [registrations of both sides]}"""
    members = defaultdict(list)
    for request in MeetingRequest.objects.filter(pk__in=request_ids).prefetch_related(
        "party_a", "party_b"
    ):
        members[request.pk] = [*request.party_a.all(), *request.party_b.all()]
    return members


def _tell_schedule(people, template):
    for person in people:
        tell(person, template, meetings=meetings_of(person))


def request_publication(run, user=None):
    """Queue the publication of a finished run; the task worker publishes it and mails the
    people concerned (300 mails take seconds: not in the organiser's request)."""
    from ..tasks import publish_schedule

    S = ScheduleRun.Status
    with transaction.atomic():
        _lock_settings(run.edition)
        run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
        if run.status != S.DONE or not run.result:
            raise NetworkingError(_("Only a finished run can be published."))
        # A publication whose worker died long ago may be asked again: it resumes.
        publishing = ScheduleRun.objects.filter(
            edition_id=run.edition_id,
            publication_status__in=[S.QUEUED, S.RUNNING],
            publication_requested__gte=timezone.now() - STALE_AFTER,
        )
        if publishing.filter(pk=run.pk).exists():
            raise NetworkingError(_("This schedule is already being published."))
        if publishing.exists():
            raise NetworkingError(
                _("Another schedule of this edition is being published: wait until it is done.")
            )
        if run.published_at and not run.to_notify:
            raise NetworkingError(_("This schedule is already published."))
        run.publication_status = S.QUEUED
        run.publication_requested = timezone.now()
        run.publication_error = ""
        run.published_by = user or run.published_by
        run.save(
            update_fields=[
                "publication_status",
                "publication_requested",
                "publication_error",
                "published_by",
            ]
        )
        transaction.on_commit(lambda: publish_schedule.enqueue(run.pk))
    logger.info("publication of scheduler run %s queued", run.pk)
    return run


def execute_publication(run_id):
    """The task's body: publish the meetings, then mail the people concerned. Running it
    twice does nothing more: only a queued publication is claimed."""
    S = ScheduleRun.Status
    claimed = ScheduleRun.objects.filter(pk=run_id, publication_status=S.QUEUED).update(
        publication_status=S.RUNNING
    )
    if not claimed:
        return "skipped"
    run = ScheduleRun.objects.select_related("edition").get(pk=run_id)
    # Organisers read the error in the back-office, which is in French.
    with translation.override(django_settings.LANGUAGE_CODE):
        try:
            if run.published_at is None:  # else a resumed publication: mails only
                publish_meetings(run)
            tell_pending(run_id)
        except Exception as error:
            if not isinstance(error, NetworkingError):
                logger.exception("publication of scheduler run %s failed", run_id)
            ScheduleRun.objects.filter(pk=run_id).update(
                publication_status=S.FAILED, publication_error=str(error)[:2000]
            )
            return "failed"
    ScheduleRun.objects.filter(pk=run_id).update(publication_status=S.DONE)
    return "done"


@transaction.atomic
def publish_meetings(run):
    """Make a run's meetings the published schedule, and note who must be told: the people
    whose meetings changed (everyone with an accepted request at the first publication)."""
    edition = run.edition
    _lock_settings(edition)
    run = ScheduleRun.objects.select_for_update().get(pk=run.pk)
    if run.status != ScheduleRun.Status.DONE or not run.result:
        raise NetworkingError(_("Only a finished run can be published."))
    instance = build_instance(edition)
    live = {r["id"] for r in instance["requests"]}
    placements = [m for m in run.result["meetings"] if m["request"] in live]
    errors = check_placements(instance, placements, _namer(instance))
    if errors:
        raise NetworkingError(
            _(
                "Requests or availability changed since this run (%(error)s) Run the scheduler again."
            )
            % {"error": errors[0]}
        )
    slots = {s.id: s for s in edition_slots(edition)}
    new = {key_id(m["request"], "r"): (slots[m["slot"]], m["table"]) for m in placements}
    old = {m.request_id: m for m in Meeting.objects.filter(edition=edition)}
    changed = {pk for pk in new if pk not in old} | {
        pk
        for pk, meeting in old.items()
        if pk not in new
        or (new[pk][0].start, new[pk][0].end, new[pk][1])
        != (meeting.start, meeting.end, meeting.table)
    }
    Meeting.objects.filter(edition=edition, request_id__in=changed).delete()
    Meeting.objects.bulk_create(
        Meeting(
            request_id=pk, edition=edition, start=slot.start, end=slot.end, table=table, run=run
        )
        for pk, (slot, table) in new.items()
        if pk in changed
    )
    first = not ScheduleRun.objects.filter(edition=edition, published_at__isnull=False).exists()
    told = changed | ({key_id(key, "r") for key in live} if first else set())
    people = {p.pk for members in _members(told).values() for p in members}
    # People an earlier publication had not told yet get this newer schedule instead.
    earlier = ScheduleRun.objects.filter(edition=edition).exclude(pk=run.pk).exclude(to_notify=[])
    for other in earlier:
        people.update(other.to_notify)
    earlier.update(to_notify=[])
    run.published_at = timezone.now()
    run.to_notify = sorted(people)
    run.notify_template = "schedule_published" if first else "schedule_changed"
    run.notified = 0
    run.save(update_fields=["published_at", "to_notify", "notify_template", "notified"])
    logger.info(
        "scheduler run %s published: %s meetings, %s changed, %s people to tell",
        run.pk,
        len(new),
        len(changed),
        len(people),
    )
    return run


def tell_pending(run_id):
    """Mail the people a publication must tell, one batch per transaction: the organisers
    see the count grow, and after a crash a new attempt resumes without telling anyone
    twice (a mail is queued in the transaction that takes its person off the list)."""
    from rencontres.registration.models import Registration

    while True:
        with transaction.atomic():
            run = ScheduleRun.objects.select_for_update().get(pk=run_id)
            batch = run.to_notify[:TELL_BATCH]
            if not batch:
                return
            people = list(Registration.objects.filter(pk__in=batch).select_related("edition"))
            _tell_schedule(people, run.notify_template)
            run.to_notify = run.to_notify[len(batch) :]
            run.notified = (run.notified or 0) + len(people)
            run.save(update_fields=["to_notify", "notified"])


@transaction.atomic
def move_meeting(meeting, slot_key, table, user=None):
    """Move a published meeting by hand, under the scheduler's own rules."""
    edition = meeting.edition
    _lock_settings(edition)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    instance = build_instance(edition)
    others = keep_from_meetings(Meeting.objects.filter(edition=edition).exclude(pk=meeting.pk))
    moved = {"request": request_key(meeting.request_id), "slot": slot_key, "table": table}
    name = _namer(instance)
    # Only what the move adds counts: older problems (someone signed up for a workshop
    # since the publication) are not the move's fault.
    before = set(check_placements(instance, others, name))
    errors = [e for e in check_placements(instance, [*others, moved], name) if e not in before]
    if errors:
        raise NetworkingError(" ".join(errors))
    slot = {s.id: s for s in edition_slots(edition)}[slot_key]
    if (slot.start, meeting.table) == (meeting.start, table):
        return meeting
    meeting.start, meeting.end, meeting.table = slot.start, slot.end, table
    meeting.moved_by_hand = True
    meeting.save(update_fields=["start", "end", "table", "moved_by_hand", "updated"])
    _tell_schedule(_members([meeting.request_id])[meeting.request_id], "schedule_changed")
    logger.info("meeting %s moved by hand to %s table %s", meeting.pk, slot_key, table)
    return meeting


def meetings_of(registration, **filters):
    """The person's published meetings, in time order, with both sides loaded."""
    return list(
        Meeting.objects.filter(Q(request__party_a=registration) | Q(request__party_b=registration))
        .filter(**filters)
        .distinct()
        .select_related("request")
        .prefetch_related("request__party_a", "request__party_b")
        .order_by("start", "table")
    )


def other_side(meeting, registration):
    """The people the person meets (the side they are not on)."""
    side_a = list(meeting.request.party_a.all())
    if any(p.pk == registration.pk for p in side_a):
        return list(meeting.request.party_b.all())
    return side_a
