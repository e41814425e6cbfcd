"""iCalendar files (icalendar library): times in Europe/Paris with the zone's full rules
(VTIMEZONE), so that a delegate's calendar abroad shows each session at its local time."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Rencontres//Program//FR"


def build_calendar(items, name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    stamp = timezone.now()
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        # Local time with its TZID (not UTC), so an event moved by daylight time stays right.
        event.add("dtstart", timezone.localtime(item.start))
        event.add("dtend", timezone.localtime(item.end))
        event.add("summary", item.title)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_response(items, name, filename):
    response = HttpResponse(
        build_calendar(items, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
