"""The session cards of the public program, read as plain rows (their HTML is the template
`program/_session_card.html`).

Every organiser edit empties the page cache, so the first render of a program page must be
cheap too: four queries whatever the number of sessions, no model instance per session,
speaker or theme, one reversed URL formatted for every session, each distinct time and room
name formatted once (a day has a handful of each) rather than by filters in every card.
"""

import functools
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from rencontres.core import translated
from rencontres.core.prepared import Prepared
from rencontres.core.templatetags.content import tr

from ..models import Session, SessionSpeaker, Theme
from .grid import local_time_label

# A session id no real session has, replaced by each id in the one reversed URL.
_PLACEHOLDER = 987654321987654321


def url_format(name, **kwargs):
    """A URL pattern as a format string: `url_format("program:session", number=15,
    session_id=None).format(42)`; the one None argument becomes the hole."""
    hole = next(key for key, value in kwargs.items() if value is None)
    url = reverse(name, kwargs={**kwargs, hole: _PLACEHOLDER})
    return url.replace(str(_PLACEHOLDER), "{}")


@dataclass(slots=True, frozen=True)
class Column:
    """A room as the grid lays it out (build_day reads pk and order, the header its name)."""

    pk: int
    order: int
    name: str  # as Card.title


@dataclass(slots=True)
class Card:
    """A session of the program grid: what build_day, the filters and the card read."""

    pk: int
    anchor: str  # "session-42": the card's id, written as text (a number would be localised)
    kind: str
    start: object
    end: object
    room_id: int | None
    room: Column | None
    language: str
    signup_required: bool
    title: str  # in the active language, in a <span lang> when it falls back (content.tr)
    times: str  # "14:30–16:00", in the active language's convention
    room_name: str  # as title
    url: str
    kind_label: str
    language_label: str
    speakers: str  # names, in the speakers' order, separated by commas
    theme_ids: set = field(default_factory=set)


@dataclass
class ProgramCards:
    cards: list  # of the requested day, in time order
    kinds: list  # kinds of the whole edition, in order of first appearance
    themes: list  # (pk, name) of the themes used by the edition's sessions


# Each language's column is named and rewrite(False) set, so modeltranslation has nothing to
# rewrite, nor a fallback pass to make on each row: tr() below chooses the language. The room
# comes in the session's row.
_SESSIONS = Prepared(
    lambda edition_id: (
        Session.objects.rewrite(False)
        .filter(edition_id=edition_id)
        .values_list(
            "pk",
            "kind",
            "start",
            "end",
            "room_id",
            "language",
            "signup_required",
            "room__order",
            *translated.columns("room__name", "title"),
        )
    )
)
# One row per (theme, session): the filter's themes and each card's, in one query.
_THEMES = Prepared(
    lambda edition_id: (
        Theme.objects.rewrite(False)
        .filter(sessions__edition_id=edition_id)
        .values_list("pk", "sessions__id", *translated.columns("name"))
    )
)
# The whole edition's (a day's would be a list of ids, a query of another shape each day).
_SPEAKERS = Prepared(
    lambda edition_id: SessionSpeaker.objects.filter(session__edition_id=edition_id).values_list(
        "session_id", "speaker__name"
    )
)


def program_cards(edition, day):
    """The cards of one day, and what the filters offer for the whole edition (3 queries)."""
    rows = _SESSIONS(edition_id=edition.pk)
    kinds = list(dict.fromkeys(row[1] for row in rows))
    theme_rows = _THEMES(edition_id=edition.pk)
    # The filter's options are plain text: the name in the active language, or the other's.
    themes = {}
    for pk, _session, *names in theme_rows:
        if pk not in themes:
            text, _language = translated.value_and_language(translated.texts("name", names), "name")
            themes[pk] = (pk, text)
    local_day = functools.cache(lambda start: timezone.localtime(start).date())
    rows = [row for row in rows if local_day(row[2]) == day]
    if not rows:
        return ProgramCards([], kinds, list(themes.values()))
    speakers = {}
    for session_id, name in _SPEAKERS(edition_id=edition.pk):
        speakers.setdefault(session_id, []).append(name)
    # Translated once here, not once per card.
    kind_labels = {value: str(label) for value, label in Session.Kind.choices}
    language_labels = {value: str(label) for value, label in Session.Language.choices}
    url = url_format("program:session", number=edition.number, session_id=None)
    time_label = functools.cache(local_time_label)
    rooms, cards = {}, {}
    count = len(translated.CODES)
    for pk, kind, start, end, room_id, language, signup, order, *texts in rows:
        if room_id is not None and room_id not in rooms:
            name = tr(translated.texts("name", texts[:count]), "name")
            rooms[room_id] = Column(pk=room_id, order=order, name=name)
        room = rooms.get(room_id)
        cards[pk] = Card(
            pk=pk,
            anchor=f"session-{pk}",
            kind=kind,
            start=start,
            end=end,
            room_id=room_id,
            room=room,
            language=language,
            signup_required=signup,
            title=tr(translated.texts("title", texts[count:]), "title"),
            times=f"{time_label(start)}–{time_label(end)}",
            room_name=room.name if room else "",
            url=url.format(pk),
            kind_label=kind_labels.get(kind, kind),
            language_label=language_labels.get(language, language),
            speakers=", ".join(speakers.get(pk, ())),
        )
    for theme_id, session_id, *_names in theme_rows:
        if session_id in cards:
            cards[session_id].theme_ids.add(theme_id)
    return ProgramCards(list(cards.values()), kinds, list(themes.values()))
