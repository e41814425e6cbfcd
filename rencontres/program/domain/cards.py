"""The session cards of the public program, read as plain rows.

Every organiser edit empties the page cache, so the first render of a program page must be
cheap too: no model instance per session, speaker or theme, one reversed URL formatted for
every session, each distinct time formatted once, labels looked up once per request.
"""

import functools
import html
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import gettext as _

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


# The card of a session in the program grid, written once here rather than a dozen template
# nodes per session (the grid's cards were most of the page's template rendering).
_CARD = """<article class="session-card kind-{kind}" aria-labelledby="session-{pk}">
  <p class="session-kind">{kind_label}</p>
  <h4 id="session-{pk}"><a href="{url}">{title}</a></h4>
  <p class="session-meta">{meta}</p>
  {speakers}
</article>"""


@dataclass(slots=True)
class Card:
    """A session of the program grid: what build_day and the filters read, and its HTML."""

    pk: int
    kind: str
    start: object
    end: object
    room_id: int | None
    room: Room | None
    language: str
    html: str  # the <article>, from _CARD
    theme_ids: set = field(default_factory=set)


@dataclass
class ProgramCards:
    cards: list  # of the requested day, in time order
    kinds: list  # kinds of the whole edition, in order of first appearance
    themes: list  # (pk, name) of the themes used by the edition's sessions


def _html(value):
    """`value` as HTML: as is when it already is, else escaped, as format_html would (with
    the standard library's escape: format_html's lazy-aware wrappers cost more than the cards)."""
    return value if isinstance(value, SafeData) else SafeString(html.escape(str(value)))


def program_cards(edition, day):
    """The cards of one day, and what the filters offer for the whole edition (4 queries)."""
    titles = [f"title_{code}" for code, _name in settings.LANGUAGES]
    # Each language's title column is named, so modeltranslation has nothing to rewrite:
    # rewrite(False) spares its per-row fallback pass.
    rows = list(
        Session.objects.rewrite(False)
        .filter(edition=edition)
        .values_list(
            "pk", "kind", "start", "end", "room_id", "language", "signup_required", *titles
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
    rooms = {room.pk: room for room in Room.objects.filter(pk__in={row[4] for row in rows})}
    room_names = {pk: _html(tr(room, "name")) for pk, room in rooms.items()}
    kind_labels = {value: _html(label) for value, label in Session.Kind.choices}
    language_labels = {value: _html(label) for value, label in Session.Language.choices}
    time_label = functools.cache(local_time_label)
    signup_required = format_html("<strong>{}</strong>", _("Sign-up required"))
    url = _html(url_format("program:session", number=edition.number, session_id=None))
    speakers = {}
    roles = SessionSpeaker.objects.filter(session_id__in=[row[0] for row in rows]).values_list(
        "session_id", "speaker__name"
    )
    for session_id, name in roles:
        speakers.setdefault(session_id, []).append(name)
    cards = {}
    for pk, kind, start, end, room_id, language, signup, *title in rows:
        names = speakers.get(pk)
        meta = (
            f"{time_label(start)}–{time_label(end)}",
            room_names.get(room_id),
            language_labels.get(language) or _html(language),
            signup_required if signup else None,
        )
        card = _CARD.format(
            pk=pk,
            kind=_html(kind),
            kind_label=kind_labels.get(kind) or _html(kind),
            url=url.format(pk),
            title=_html(tr(SimpleNamespace(**dict(zip(titles, title, strict=True))), "title")),
            meta=" · ".join(_html(part) for part in meta if part),
            speakers=f'<p class="session-speakers">{_html(", ".join(names))}</p>' if names else "",
        )
        # Every part of the card was escaped above.
        html_card = SafeString(card)
        cards[pk] = Card(pk, kind, start, end, room_id, rooms.get(room_id), language, html_card)
    for theme_id, _name, session_id in theme_rows:
        if session_id in cards:
            cards[session_id].theme_ids.add(theme_id)
    return ProgramCards(list(cards.values()), kinds, themes)
