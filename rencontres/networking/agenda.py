"""Published B2B meetings as items of the personal agenda, its PDF and its calendar feed."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from rencontres.program.agenda import AgendaItem

from .domain.scheduling import meetings_of, other_side


def describe_people(people):
    return ", ".join(
        f"{p.full_name} ({p.organisation})" if p.organisation else p.full_name for p in people
    )


def meeting_items(registration, meetings=None):
    """The person's published meetings (or those given) as agenda items."""
    url = settings.SITE_URL + reverse(
        "networking:my_schedule", kwargs={"number": registration.edition.number}
    )
    items = []
    for meeting in meetings_of(registration) if meetings is None else meetings:
        others = other_side(meeting, registration)
        items.append(
            AgendaItem(
                start=meeting.start,
                end=meeting.end,
                title=_("B2B meeting: %(people)s") % {"people": describe_people(others)},
                location=_("Partners' area, table %(table)s") % {"table": meeting.table},
                description=meeting.request.message,
                url=url,
                # One uid per request: a moved meeting updates the calendar entry.
                uid=f"b2b-request-{meeting.request_id}@rencontres",
            )
        )
    return items


def busy_meetings(registration, start, end):
    """Published meetings of the person overlapping [start, end): they block a session's
    sign-up at that time (program's busy sources)."""
    meetings = meetings_of(registration, start__lt=end, end__gt=start)
    return meeting_items(registration, meetings) if meetings else []
