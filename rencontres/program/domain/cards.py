"""The session cards of the public program, read as plain rows (their HTML is the template
`program/_session_card.html`).

Every organiser edit empties the page cache, so the first render of a program page must be
cheap too: four queries whatever the number of sessions, no model instance per session,
speaker or theme, one reversed URL formatted for every session, each distinct time and room
name formatted once (a day has a handful of each) rather than by filters in every card.
"""

import functools
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rencontres.core.templatetags.content import tr

from ..models import Room, Session, SessionSpeaker, Theme
from .grid import local_time_label

# A session id no real session has, replaced by each id in the one reversed URL.
_PLACEHOLDER = 987654321987654321


def url_format(name, **kwargs):
    """A URL pattern as a format string: `url_format("program:session", number=15,
    session_id=None).format(42)`; the one None argument becomes the hole."""
    hole = next(key for key, value in kwargs.items() if value is None)
    url = reverse(name, kwargs={**kwargs, hole: _PLACEHOLDER})
    return url.replace(str(_PLACEHOLDER), "{}")


@dataclass(slots=True)
class Card:
    """A session of the program grid: what build_day, the filters and the card read."""

    pk: int
    anchor: str  # "session-42": the card's id, written as text (a number would be localised)
    kind: str
    start: object
    end: object
    room_id: int | None
    room: Room | None
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


def program_cards(edition, day):
    """The cards of one day, and what the filters offer for the whole edition (3 queries)."""
    codes = [code for code, _name in settings.LANGUAGES]
    titles = [f"title_{code}" for code in codes]
    # Each language's column is named, so modeltranslation has nothing to rewrite:
    # rewrite(False) spares its per-row fallback pass. The room comes in the same row.
    rows = list(
        Session.objects.rewrite(False)
        .filter(edition=edition)
        .values_list(
            "pk",
            "kind",
            "start",
            "end",
            "room_id",
            "language",
            "signup_required",
            "room__order",
            *[f"room__name_{code}" for code in codes],
            *titles,
        )
    )
    kinds = list(dict.fromkeys(row[1] for row in rows))
    # One row per (theme, session): the filter's themes and each card's, in one query.
    # Plain rows: modeltranslation's values_list gives `name` in the active language with
    # its fallback, as the model would, without building a Theme per row.
    theme_rows = list(
        Theme.objects.filter(sessions__edition=edition).values_list("pk", "name", "sessions__id")
    )
    themes = list({pk: (pk, name) for pk, name, _session in theme_rows}.values())
    local_day = functools.cache(lambda start: timezone.localtime(start).date())
    rows = [row for row in rows if local_day(row[2]) == day]
    if not rows:
        return ProgramCards([], kinds, themes)
    speakers = {}
    roles = SessionSpeaker.objects.filter(session_id__in=[row[0] for row in rows]).values_list(
        "session_id", "speaker__name"
    )
    for session_id, name in roles:
        speakers.setdefault(session_id, []).append(name)
    # Translated once here, not once per card.
    kind_labels = {value: str(label) for value, label in Session.Kind.choices}
    language_labels = {value: str(label) for value, label in Session.Language.choices}
    url = url_format("program:session", number=edition.number, session_id=None)
    time_label = functools.cache(local_time_label)
    rooms, room_names, cards = {}, {}, {}
    for pk, kind, start, end, room_id, language, signup, order, *names in rows:
        if room_id is not None and room_id not in rooms:
            names_of_room = {f"name_{code}": name for code, name in zip(codes, names, strict=False)}
            rooms[room_id] = Room(pk=room_id, edition=edition, order=order, **names_of_room)
            room_names[room_id] = tr(rooms[room_id], "name")
        title = SimpleNamespace(**dict(zip(titles, names[len(codes) :], strict=True)))
        cards[pk] = Card(
            pk=pk,
            anchor=f"session-{pk}",
            kind=kind,
            start=start,
            end=end,
            room_id=room_id,
            room=rooms.get(room_id),
            language=language,
            signup_required=signup,
            title=tr(title, "title"),
            times=f"{time_label(start)}–{time_label(end)}",
            room_name=room_names.get(room_id, ""),
            url=url.format(pk),
            kind_label=kind_labels.get(kind, kind),
            language_label=language_labels.get(language, language),
            speakers=", ".join(speakers.get(pk, ())),
        )
    for theme_id, _name, session_id in theme_rows:
        if session_id in cards:
            cards[session_id].theme_ids.add(theme_id)
    return ProgramCards(list(cards.values()), kinds, themes)
