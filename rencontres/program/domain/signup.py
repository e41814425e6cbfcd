"""Sign-up to sessions: capacities, overlaps, waiting lists, organisers' assignments.

Every change locks the rows it depends on (select_for_update on PostgreSQL; on SQLite the
transaction takes the write lock at BEGIN), counts under the lock, then writes: concurrent
sign-ups never put more people in a session than it holds. Lock order is always the
participant's registration, then sessions by id, so that two transactions never wait on
each other.
"""

import logging

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rencontres.registration.domain.invitations import is_vip, vip_filter
from rencontres.registration.models import Registration

from ..agenda import busy_items
from ..models import Attendance, CafePlacement, Session

logger = logging.getLogger(__name__)

A = Attendance.Status


class SignupError(Exception):
    """A refusal, with a message for the participant or organiser in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SessionFull(SignupError):
    """The session is full; the participant may join its waiting list."""


def _when(session):
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(start, "l j F"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
    }


def _locked_session(session_id):
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("room", "edition")
        .get(pk=session_id)
    )


def _locked_registration(registration_id):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=registration_id)
    )


def confirmed_count(session):
    """Places taken by live registrations (an ended one's are released when it ends)."""
    return (
        Attendance.objects.filter(session_id=session.pk, status=A.CONFIRMED)
        .exclude(registration__status__in=Registration.ENDED)
        .count()
    )


def places_left(session, registration=None):
    """Free places for `registration` (None: for the public), or None when the session has
    no limit. Seats reserved for VIPs (registration.domain.invitations) are free only to
    them: VIPs fill the reserved seats first, then the others; the public never takes more
    than the places minus the reserved seats not yet taken by VIPs."""
    if session.places is None:
        return None
    left = session.places - confirmed_count(session)
    reserved = min(session.reserved_seats, session.places)
    if reserved and not (registration is not None and is_vip(registration)):
        vips = (
            Attendance.objects.filter(session_id=session.pk, status=A.CONFIRMED)
            .filter(vip_filter("registration__"))
            .exclude(registration__status__in=Registration.ENDED)
            .count()
        )
        left -= max(reserved - vips, 0)
    return max(left, 0)


def conflict(registration, session, ignore=()):
    """An attendance (place or waiting list) of this person that overlaps `session`."""
    return (
        Attendance.objects.filter(
            registration_id=registration.pk,
            session__start__lt=session.end,
            session__end__gt=session.start,
        )
        .exclude(session_id=session.pk)
        .exclude(session_id__in=ignore)
        .select_related("session")
        .first()
    )


def _check_overlap(registration, session, ignore=()):
    other = conflict(registration, session, ignore)
    if other:
        raise SignupError(
            _(
                "“%(title)s” overlaps “%(other)s” (%(when)s), where you already have a place "
                "or are on the waiting list. Cancel that one first."
            )
            % {"title": session.title, "other": other.session.title, "when": _when(other.session)}
        )
    try:
        busy = busy_items(registration, session.start, session.end)
    except Exception:
        logger.exception("busy sources failed for registration %s", registration.pk)
        raise SignupError(
            _("Your agenda could not be checked for this time. Please try again in a moment.")
        ) from None
    if busy:
        raise SignupError(
            _(
                "“%(title)s” overlaps “%(other)s” (%(when)s) in your agenda. Choose another "
                "session, or ask the organisers to move that appointment."
            )
            % {"title": session.title, "other": busy[0].title, "when": _when(busy[0])}
        )


def _check_participant_can_sign_up(registration, session, now):
    if session.edition_id != registration.edition_id:
        raise SignupError(_("This session belongs to another edition."))
    if registration.status != Registration.Status.CONFIRMED:
        raise SignupError(_("Your registration must be confirmed before you sign up to sessions."))
    if session.kind == Session.Kind.CAFE:
        raise SignupError(_("Cafés are not signed up to: rank three of them before the deadline."))
    if not session.signup_required:
        raise SignupError(
            _("“%(title)s” needs no sign-up: come along, within the limit of places.")
            % {"title": session.title}
        )
    if now >= session.signup_deadline:
        raise SignupError(
            _("Sign-up for “%(title)s” closed on %(date)s.")
            % {
                "title": session.title,
                "date": formats.date_format(
                    timezone.localtime(session.signup_deadline), "j F Y, H:i"
                ),
            }
        )


def sign_up(registration, session, *, waiting_list=False, now=None):
    """Give `registration` a place in `session`, or a place on its waiting list.

    Raises SessionFull when the session is full and `waiting_list` is False, SignupError for
    any other refusal.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = _locked_registration(registration.pk)
        session = _locked_session(session.pk)
        _check_participant_can_sign_up(registration, session, now)
        existing = Attendance.objects.filter(session=session, registration=registration).first()
        if existing:
            if existing.status == A.WAITING:
                raise SignupError(_("You are already on the waiting list of this session."))
            raise SignupError(_("You already have a place in this session."))
        _check_overlap(registration, session)
        _promote_waiting(session)
        left = places_left(session, registration)
        status = A.CONFIRMED
        if left == 0:
            if not waiting_list:
                raise SessionFull(
                    _(
                        "“%(title)s” is full. You can join its waiting list: you will get an e-mail if a place frees up."
                    )
                    % {"title": session.title}
                )
            status = A.WAITING
        attendance = Attendance.objects.create(
            session=session, registration=registration, status=status, source=Attendance.Source.SELF
        )
    logger.info("registration %s %s session %s", registration.pk, status, session.pk)
    return attendance


def _promote_waiting(session):
    """Give every free place to the waiting list, first come first served (each is mailed).

    Called under the session's lock before anyone new takes a place, so that nobody ever
    gets a place while someone waits for it."""
    promoted = []
    while (attendance := _promote_next(session)) is not None:
        promoted.append(attendance)
    return promoted


def check_places(session, places):
    """Refuse a limit below the places already taken (None: no limit)."""
    if places is None or session.pk is None:
        return
    taken = confirmed_count(session)
    if session.kind == Session.Kind.CAFE:
        # An assignment not yet published holds its tables: publishing makes them places.
        taken = max(taken, CafePlacement.objects.filter(session_id=session.pk).count())
    if places < taken:
        raise SignupError(
            ngettext(
                "%(taken)d person already has a place in this session: the limit cannot go "
                "below %(taken)d (asked: %(places)d).",
                "%(taken)d people already have a place in this session: the limit cannot go "
                "below %(taken)d (asked: %(places)d).",
                taken,
            )
            % {"taken": taken, "places": places}
        )


def move_in_waiting_list(attendance, actor, *, position=None, step=None):
    """Move someone within a session's waiting list: to `position` (1 = next to get a
    place) or by `step` (-1 up, +1 down). Returns the new position."""
    from rencontres.audit.log import record
    from rencontres.registration.domain.decisions import reorder

    with transaction.atomic():
        session = _locked_session(attendance.session_id)
        waiting = list(
            Attendance.objects.filter(session=session, status=A.WAITING)
            .select_related("registration")
            .order_by("created", "pk")
        )
        index = next((i for i, a in enumerate(waiting) if a.pk == attendance.pk), None)
        if index is None:
            raise SignupError(_("This person is not on the session's waiting list."))
        person = waiting[index].registration
        units = [[a] for a in waiting]
        old, new = reorder(units, "created", position=position, step=step, index=index)
        if old != new:
            record(
                actor,
                "program.move_waiting",
                target=person,
                edition=session.edition,
                session=session.title,
                old=old,
                new=new,
            )
    return new


def _give_new_places(session):
    """Free places of a locked session go to its waiting list, or for a published café to
    those who ranked it and have none. Returns the registrations given a place."""
    from .cafes import give_free_tables

    if session.kind == Session.Kind.CAFE:
        return give_free_tables(session)
    return [attendance.registration for attendance in _promote_waiting(session)]


def set_session_capacity(session, capacity, actor):
    """Set a session's (or a café's) capacity; a rise gives the new places at once to those
    waiting, in order. Refused (SignupError) below the places taken."""
    from rencontres.audit.log import record

    with transaction.atomic():
        session = _locked_session(session.pk)
        old = session.capacity
        session.capacity = capacity
        check_places(session, session.places)
        if old != capacity:
            session.save(update_fields=["capacity"])
            record(
                actor,
                "program.set_capacity",
                target=session,
                edition=session.edition,
                old=old,
                new=capacity,
            )
        return _give_new_places(session)


def check_reserved_seats(session, seats, places=None):
    """Refuse reserving seats that people other than VIPs already hold, or more seats than
    the session's places (`places`: those it will have, by default its current ones)."""
    places = session.places if places is None else places
    if not seats or places is None:
        return
    if seats > places:
        raise SignupError(
            _("The session has %(places)d places: it cannot reserve more.") % {"places": places}
        )
    if session.pk is None:
        return
    public = (
        Attendance.objects.filter(session_id=session.pk, status=A.CONFIRMED)
        .exclude(vip_filter("registration__"))
        .exclude(registration__status__in=Registration.ENDED)
        .count()
    )
    if public > places - seats:
        raise SignupError(
            ngettext(
                "%(public)d person who is not a VIP guest already has a place: at most "
                "%(most)d seats can be reserved (asked: %(seats)d).",
                "%(public)d people who are not VIP guests already have a place: at most "
                "%(most)d seats can be reserved (asked: %(seats)d).",
                public,
            )
            % {"public": public, "most": places - public, "seats": seats}
        )


def set_reserved_seats(session, seats, actor):
    """Reserve seats of a session for VIPs; seats given back go at once to those waiting.
    Refused (SignupError) when others already hold them. Returns the registrations given a
    place."""
    from rencontres.audit.log import record

    with transaction.atomic():
        session = _locked_session(session.pk)
        old = session.reserved_seats
        check_reserved_seats(session, seats)
        if old == seats:
            return []
        session.reserved_seats = seats
        session.save(update_fields=["reserved_seats"])
        record(
            actor,
            "program.set_reserved_seats",
            target=session,
            edition=session.edition,
            old=old,
            new=seats,
        )
        return _give_new_places(session)


def check_room_capacity(room, capacity):
    """Refuse a room capacity below the places taken in a session that takes its limit from
    the room."""
    for session in room.sessions.filter(capacity=None):
        check_places(session, capacity)


def set_room_capacity(room, capacity, actor):
    """Set a room's capacity; the sessions whose limit is the room's give their new places
    to those waiting. Returns the registrations given a place."""
    from rencontres.audit.log import record

    from ..models import Room

    with transaction.atomic():
        sessions = [
            _locked_session(pk)
            for pk in room.sessions.filter(capacity=None)
            .order_by("pk")
            .values_list("pk", flat=True)
        ]
        room = Room.objects.select_for_update().get(pk=room.pk)
        old = room.capacity
        room.capacity = capacity
        check_room_capacity(room, capacity)
        if old != capacity:
            room.save(update_fields=["capacity"])
            record(
                actor,
                "program.set_capacity",
                target=room,
                edition=room.edition,
                old=old,
                new=capacity,
            )
        given = []
        for session in sessions:
            session.room = room
            given += _give_new_places(session)
        return given


def _promote_next(session):
    """Give the freed place to the first person on the waiting list who may take it (a
    reserved seat only goes to a VIP), and tell them by mail."""
    if session.places is not None and confirmed_count(session) >= session.places:
        return None
    waiting = (
        Attendance.objects.filter(session=session, status=A.WAITING)
        .select_related("registration__edition")
        .order_by("created", "pk")
    )
    public_left = places_left(session) if session.reserved_seats else None
    if public_left == 0:
        waiting = waiting.filter(vip_filter("registration__"))
    attendance = waiting.first()
    if attendance is None:
        return None
    attendance.status = A.CONFIRMED
    attendance.save(update_fields=["status"])
    from .notify import tell_promoted

    tell_promoted(attendance)
    logger.info("registration %s promoted in session %s", attendance.registration_id, session.pk)
    return attendance


def cancel(registration, session, *, now=None):
    """Give up a place or a place on the waiting list; the next person waiting gets the place."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = _locked_registration(registration.pk)
        session = _locked_session(session.pk)
        if session.edition_id != registration.edition_id:
            raise SignupError(_("This session belongs to another edition."))
        attendance = Attendance.objects.filter(session=session, registration=registration).first()
        if attendance is None:
            raise SignupError(_("You have no place in this session."))
        if now >= session.start:
            raise SignupError(_("This session has started: it can no longer be cancelled."))
        attendance.delete()
        if attendance.status == A.CONFIRMED:
            _promote_next(session)
    logger.info("registration %s cancelled session %s", registration.pk, session.pk)


def assign(session, registrations):
    """Organisers' pre-assignment (e.g. a delegation to its regional meeting).

    Deadlines and the sign-up flag do not apply; capacity and overlaps do. Returns
    (assigned, refusals) where refusals are (registration, message) pairs.
    """
    assigned, refusals = [], []
    for registration in sorted(registrations, key=lambda r: r.pk):
        try:
            with transaction.atomic():
                registration = _locked_registration(registration.pk)
                locked = _locked_session(session.pk)
                if locked.edition_id != registration.edition_id:
                    raise SignupError(_("This session belongs to another edition."))
                if not registration.is_active:
                    raise SignupError(_("This registration is cancelled or refused."))
                _promote_waiting(locked)
                existing = Attendance.objects.filter(session=locked, registration=registration)
                existing = existing.first()
                if existing and existing.status == A.CONFIRMED:
                    raise SignupError(_("Already has a place in this session."))
                _check_overlap(registration, locked)
                if places_left(locked, registration) == 0:
                    raise SignupError(_("The session is full."))
                if existing:
                    existing.status = A.CONFIRMED
                    existing.source = Attendance.Source.ORGANISER
                    existing.save(update_fields=["status", "source"])
                else:
                    Attendance.objects.create(
                        session=locked,
                        registration=registration,
                        source=Attendance.Source.ORGANISER,
                    )
        except SignupError as error:
            refusals.append((registration, error.message))
        else:
            assigned.append(registration)
    logger.info("%s assigned to session %s, %s refused", len(assigned), session.pk, len(refusals))
    return assigned, refusals


def move(attendance, target):
    """Organisers move a person from one session to another; the freed place is passed on."""
    with transaction.atomic():
        registration = _locked_registration(attendance.registration_id)
        first, second = sorted([attendance.session_id, target.pk])
        sessions = {first: _locked_session(first), second: _locked_session(second)}
        source, target = sessions[attendance.session_id], sessions[target.pk]
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if source.pk == target.pk:
            raise SignupError(_("Choose another session than the current one."))
        if target.edition_id != source.edition_id:
            raise SignupError(_("This session belongs to another edition."))
        if Attendance.objects.filter(session=target, registration=registration).exists():
            raise SignupError(_("Already has a place or waits in the target session."))
        _check_overlap(registration, target, ignore=[source.pk])
        _promote_waiting(target)
        if places_left(target, registration) == 0:
            raise SignupError(_("The target session is full."))
        was_confirmed = attendance.status == A.CONFIRMED
        attendance.session = target
        attendance.status = A.CONFIRMED
        attendance.source = Attendance.Source.ORGANISER
        attendance.save(update_fields=["session", "status", "source"])
        if was_confirmed:
            _promote_next(source)
    logger.info(
        "registration %s moved from session %s to %s", registration.pk, source.pk, target.pk
    )
    return attendance
