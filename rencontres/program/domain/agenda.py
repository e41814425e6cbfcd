"""A participant's agenda: the sessions they attend, those for everyone, other apps' items."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..agenda import AgendaItem, items_from_sources
from ..models import Attendance, Session


def busy_sessions(registration):
    """The sessions this person attends (signed up, pre-assigned or placed), not B2B blocks.

    The networking app treats their times as unavailable for B2B meetings.
    """
    return (
        Session.objects.filter(
            attendances__registration=registration,
            attendances__status=Attendance.Status.CONFIRMED,
        )
        .exclude(kind=Session.Kind.B2B)
        .select_related("room")
        .order_by("start")
    )


def session_item(session, edition_number):
    """A session as an agenda item (absolute URL, for mails, PDFs and calendars)."""
    location = session.room.name if session.room else ""
    return AgendaItem(
        start=session.start,
        end=session.end,
        title=session.title,
        location=location,
        description=session.description,
        url=settings.SITE_URL
        + reverse("program:session", kwargs={"number": edition_number, "session_id": session.pk}),
        uid=f"session-{session.pk}@rencontres",
    )


def personal_agenda(registration):
    """Agenda items in time order: attended sessions, sessions for everyone, other sources."""
    edition = registration.edition
    everyone = Session.objects.filter(
        edition_id=edition.pk, kind__in=Session.FOR_EVERYONE
    ).select_related("room")
    sessions = {session.pk: session for session in everyone}
    sessions.update({session.pk: session for session in busy_sessions(registration)})
    items = [session_item(session, edition.number) for session in sessions.values()]
    items.extend(items_from_sources(registration))
    return sorted(items, key=lambda item: (item.start, item.end, item.title))


def waiting_sessions(registration):
    return (
        Session.objects.filter(
            attendances__registration=registration,
            attendances__status=Attendance.Status.WAITING,
        )
        .select_related("room")
        .order_by("start")
    )


def agenda_title(registration):
    return _("Agenda of %(name)s – %(edition)s") % {
        "name": registration.full_name,
        "edition": registration.edition,
    }


def by_day(items):
    """[(day, items)] by local day in Paris, for pages and PDFs."""
    days = {}
    for item in items:
        days.setdefault(timezone.localtime(item.start).date(), []).append(item)
    return list(days.items())
