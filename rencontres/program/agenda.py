"""What a personal agenda is made of, and how other apps add to it.

`add_agenda_source(func)`: `func(registration)` returns a list of `AgendaItem`; its items
appear in the participant's agenda page, its PDF and its calendar feed (the networking app
adds the B2B meetings this way). A source that fails is logged and left out: the agenda
shows everything else.

`add_busy_source(func)`: `func(registration, start, end)` returns the person's
`AgendaItem`s that overlap [start, end) and hold their time (the networking app's published
B2B meetings): sign-up to a session at that time is refused, as for an overlapping session.
"""

import datetime
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

SOURCES = []
BUSY_SOURCES = []


@dataclass(frozen=True)
class AgendaItem:
    start: datetime.datetime
    end: datetime.datetime
    title: str
    location: str = ""
    description: str = ""
    url: str = ""
    uid: str = ""


def add_agenda_source(func):
    """Register a source of agenda items; usable as a decorator."""
    if func not in SOURCES:
        SOURCES.append(func)
    return func


def items_from_sources(registration):
    items = []
    for source in SOURCES:
        try:
            items.extend(source(registration))
        except Exception:  # one app's failure must not take the whole agenda down
            logger.exception(
                "agenda source %s failed for registration %s", source.__qualname__, registration.pk
            )
    return items


def add_busy_source(func):
    """Register a source of times that block sign-up; usable as a decorator."""
    if func not in BUSY_SOURCES:
        BUSY_SOURCES.append(func)
    return func


def busy_items(registration, start, end):
    """The person's items from other apps that overlap [start, end), earliest first.

    Unlike the agenda, a failing source is not skipped: the caller cannot tell whether the
    time is free, so it must refuse rather than double-book.
    """
    items = []
    for source in BUSY_SOURCES:
        items.extend(source(registration, start, end))
    return sorted(items, key=lambda item: (item.start, item.end))
