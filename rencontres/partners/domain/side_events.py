"""Side events: a partner proposes, the organisers accept, refuse or ask for changes.

Each decision is recorded in the audit trail and mailed to the partner in its language, in
one transaction. An accepted side event becomes a session of kind "side event" in the
area's room; two sessions never overlap in that room. Lock order: the room, then the side
event.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.comms.mail import queue_mail
from rencontres.program.models import Room, Session

from ..access import space_url
from ..models import Area, SideEvent
from . import PartnerError

PROPOSAL_FIELDS = [
    "title",
    "description",
    "format",
    "duration",
    "expected_audience",
    "language",
    "preferred_times",
    "signup_wanted",
]


def propose(space, data):
    return SideEvent.objects.create(space=space, **{f: data[f] for f in PROPOSAL_FIELDS})


@transaction.atomic
def revise(side_event, data):
    """The partner changes its proposal; it goes back to the organisers."""
    side_event = SideEvent.objects.select_for_update().get(pk=side_event.pk)
    if not side_event.editable:
        raise PartnerError(_("The organisers have decided on this side event: it is final."))
    for field in PROPOSAL_FIELDS:
        setattr(side_event, field, data[field])
    side_event.status = SideEvent.Status.PROPOSED
    side_event.save()
    return side_event


def _local(moment):
    return date_format(timezone.localtime(moment), "TIME_FORMAT")


def check_room_free(room, start, end, exclude=None):
    """Refuse a time when another session takes the room (sessions that only touch are fine)."""
    taken = Session.objects.filter(room=room, start__lt=end, end__gt=start)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    other = taken.order_by("start").first()
    if other is not None:
        raise PartnerError(
            _(
                "%(room)s is already taken from %(start)s to %(end)s on %(day)s by “%(title)s”: "
                "choose another time."
            )
            % {
                "room": room.name,
                "start": _local(other.start),
                "end": _local(other.end),
                "day": date_format(timezone.localtime(other.start), "DATE_FORMAT"),
                "title": other.title,
            }
        )


def _decidable(side_event):
    side_event = (
        SideEvent.objects.select_for_update().select_related("space__partner").get(pk=side_event.pk)
    )
    if side_event.status in (SideEvent.Status.ACCEPTED, SideEvent.Status.REFUSED):
        raise PartnerError(_("This side event has already been decided."))
    return side_event


def accept(side_event, start, *, by, capacity=None, message=""):
    """Accept at `start` (aware): a session in the area's room, with sign-up if asked."""
    edition = side_event.space.edition
    area = Area.objects.filter(edition=edition).select_related("room").first()
    if area is None or area.room_id is None:
        raise PartnerError(
            _("Choose the room of the side events in the partners' area settings first.")
        )
    end = start + datetime.timedelta(minutes=side_event.duration)
    with transaction.atomic():
        room = Room.objects.select_for_update().get(pk=area.room_id)
        side_event = _decidable(side_event)
        check_room_free(room, start, end)
        session = Session(
            edition=edition,
            kind=Session.Kind.SIDE_EVENT,
            title_fr=side_event.title,
            title_en=side_event.title,
            description_fr=side_event.description,
            description_en=side_event.description,
            start=start,
            end=end,
            room=room,
            language=side_event.language,
            signup_required=side_event.signup_wanted,
            capacity=capacity,
        )
        session.full_clean()
        session.save()
        _decide(side_event, SideEvent.Status.ACCEPTED, message, by, session=session)
    return side_event


def refuse(side_event, *, by, message=""):
    with transaction.atomic():
        side_event = _decidable(side_event)
        _decide(side_event, SideEvent.Status.REFUSED, message, by)
    return side_event


def ask_changes(side_event, *, by, message):
    if not message.strip():
        raise PartnerError(_("Say which changes you ask for: the partner reads it in the mail."))
    with transaction.atomic():
        side_event = _decidable(side_event)
        _decide(side_event, SideEvent.Status.CHANGES, message, by)
    return side_event


def _decide(side_event, status, message, by, session=None):
    side_event.status = status
    side_event.organiser_message = message
    side_event.decided_at = timezone.now()
    if session is not None:
        side_event.session = session
    side_event.save()
    space = side_event.space
    record(
        by,
        f"partners.side_event_{status}",
        target=side_event,
        edition=space.edition,
        reason=message,
        partner=space.partner.name,
        session=session.pk if session else None,
    )
    queue_mail(
        to=space.contact_email,
        template="partners/mail/side_event",
        context={
            "side_event": side_event,
            "space": space,
            "partner": space.partner,
            "edition": space.edition,
            "session": session,
            "space_link": space_url(space),
        },
        language=space.language,
        edition=space.edition,
    )
