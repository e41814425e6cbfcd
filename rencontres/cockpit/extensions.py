"""How other apps add to an edition's dashboard and press figures.

`add_section(func, order)`: `func(edition)` returns a `Section` (or None when it has nothing
to show); it appears on the dashboard after the built-in figures (the survey's results,
messages sent…).

`add_todo_source(func)`: `func(edition)` returns a list of `Todo(label, count, url)`, the
label saying the count with its plural ("3 answers to read"); they join the dashboard's
to-dos (counts of zero are left out).

`add_attendance_source(func)`: `func(edition)` returns `{session_id: people present}` with
the key `None` for people who came through the entrance (the on-site check-in). The
dashboard then shows real attendance beside the fill rate of each session, and the press
figures count the people present.

A source that fails is logged and left out, and the dashboard says that a part is missing:
the rest of the dashboard must stay usable when one app is broken.
"""

import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

SECTIONS = []
TODO_SOURCES = []
ATTENDANCE_SOURCES = []


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    url: str = ""
    detail: str = ""


@dataclass
class Section:
    title: str
    figures: list = field(default_factory=list)
    # A template included with `section` and `edition` in its context, for what figures
    # cannot say (a chart, a table of answers).
    template: str = ""
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Todo:
    label: str
    count: int
    url: str = ""


def add_section(func, order=50):
    if all(existing[0] is not func for existing in SECTIONS):
        SECTIONS.append((func, order))
        SECTIONS.sort(key=lambda item: item[1])
    return func


def add_todo_source(func):
    if func not in TODO_SOURCES:
        TODO_SOURCES.append(func)
    return func


def add_attendance_source(func):
    if func not in ATTENDANCE_SOURCES:
        ATTENDANCE_SOURCES.append(func)
    return func


def _call(func, edition):
    try:
        return func(edition), False
    except Exception:  # one app's failure must not take the whole dashboard down
        logger.exception("dashboard source %s failed for edition %s", func.__qualname__, edition.pk)
        return None, True


def sections(edition):
    """(sections, failed): the other apps' sections, and whether one of them failed."""
    found, failed = [], False
    for func, _order in SECTIONS:
        section, broken = _call(func, edition)
        failed |= broken
        if section is not None:
            found.append(section)
    return found, failed


def todos(edition):
    found, failed = [], False
    for func in TODO_SOURCES:
        items, broken = _call(func, edition)
        failed |= broken
        found.extend(items or [])
    return found, failed


def attendance(edition):
    """({session_id or None: people present}, failed); empty when no app counts presence."""
    counts, failed = {}, False
    for func in ATTENDANCE_SOURCES:
        found, broken = _call(func, edition)
        failed |= broken
        for key, value in (found or {}).items():
            counts[key] = counts.get(key, 0) + value
    return counts, failed
