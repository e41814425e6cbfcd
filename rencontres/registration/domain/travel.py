"""Arrival and departure dates, told by participants (and speakers) if they wish: near the
edition, arrival first; the organisers count them per day."""

import datetime

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Registration

# A month either side of the edition: early arrivals and tourism after it, not typos.
WINDOW_DAYS = 30


def window(edition):
    margin = datetime.timedelta(days=WINDOW_DAYS)
    return edition.start_date - margin, edition.end_date + margin


def check_dates(form, data, edition, arrival="arrival", departure="departure"):
    """Errors on `form` for dates outside the window or a departure before the arrival."""
    first, last = window(edition)
    for field in (arrival, departure):
        day = data.get(field)
        if day and not first <= day <= last:
            form.add_error(
                field,
                _("Give a date between %(first)s and %(last)s.")
                % {"first": date_format(first), "last": date_format(last)},
            )
    came, left = data.get(arrival), data.get(departure)
    if came and left and left < came:
        form.add_error(departure, _("The departure cannot be before the arrival."))


def travellers(edition):
    """Live registrations of the edition that gave a date."""
    return (
        Registration.objects.filter(edition=edition)
        .exclude(status__in=Registration.ENDED)
        .exclude(arrival_date=None, departure_date=None)
    )


def per_day(edition):
    """[(day, arrivals, departures)] in date order, for days with at least one of them."""
    people = travellers(edition)
    arrivals = dict(
        people.exclude(arrival_date=None).values_list("arrival_date").annotate(n=Count("pk"))
    )
    departures = dict(
        people.exclude(departure_date=None).values_list("departure_date").annotate(n=Count("pk"))
    )
    return [
        (day, arrivals.get(day, 0), departures.get(day, 0))
        for day in sorted(arrivals.keys() | departures.keys())
    ]
