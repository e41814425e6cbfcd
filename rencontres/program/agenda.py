"""What a personal agenda is made of, and how other apps add to it.

`add_agenda_source(func)`: `func(registration)` returns a list of `AgendaItem`; its items
appear in the participant's agenda page, its PDF and its calendar feed (the networking app
adds the B2B meetings this way).
"""

import datetime
import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)

SOURCES = []


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
        items.extend(source(registration))
    return items
