"""What a session's public page shows, read by three prepared queries (core/prepared.py).

Every organiser's edit empties the page cache, so the page's first render after it builds
these rows: the columns the page and its edition's layout show, not the tables' 90.
"""

from types import SimpleNamespace

from django.db import router

from rencontres.core import translated
from rencontres.core.prepared import Prepared, attnames, columns, instances
from rencontres.editions.models import Edition, Venue

from ..models import Room, Session, SessionSpeaker, Theme

_PARTS = [
    (
        "",
        Session,
        attnames(
            Session,
            [
                "edition",
                "room",
                "kind",
                "start",
                "end",
                "language",
                "capacity",
                "signup_required",
                "signup_closes",
                *translated.columns("title", "description"),
            ],
        ),
    ),
    (
        "room",
        Room,
        attnames(
            Room, ["is_placeholder", "capacity", *translated.columns("name", "accessibility")]
        ),
    ),
    (
        "edition",
        Edition,
        attnames(
            Edition,
            [
                "number",
                "status",
                "organiser",  # the footer links to the organiser's privacy notice
                "venue",
                "is_demo",
                "start_date",
                "end_date",
                *translated.columns("title", "theme"),
            ],
        ),
    ),
    ("edition__venue", Venue, attnames(Venue, ["name", "city"])),
]
_SESSION = Prepared(
    lambda session_id, number: (
        Session.objects.rewrite(False)
        .filter(pk=session_id, edition__number=number)
        .values_list(*columns(_PARTS))
    )
)
_ROLES = Prepared(
    lambda session_id: SessionSpeaker.objects.filter(session_id=session_id).values_list(
        "role",
        "speaker_id",
        "speaker__name",
        "speaker__organisation",
        *translated.columns("speaker__function"),
    )
)
_THEMES = Prepared(
    lambda session_id: (
        Theme.objects.rewrite(False)
        .filter(sessions__id=session_id)
        .values_list(*translated.columns("name"))
    )
)


def session(number, session_id):
    """The session of that number's edition, with its room, edition and venue; or None."""
    rows = _SESSION(session_id=session_id, number=number)
    return instances(rows[0], router.db_for_read(Session), _PARTS) if rows else None


def speakers(session):
    """The session's speakers in order: role, speaker_id, and `speaker` (name, organisation,
    function in each language, for tr())."""
    roles = []
    for role, speaker_id, name, organisation, *functions in _ROLES(session_id=session.pk):
        speaker = translated.texts("function", functions, name=name, organisation=organisation)
        speaker.function, _language = translated.value_and_language(speaker, "function")
        roles.append(SimpleNamespace(role=role, speaker_id=speaker_id, speaker=speaker))
    return roles


def themes(session):
    """The session's themes, each with its name in each language (for tr())."""
    return [translated.texts("name", names) for names in _THEMES(session_id=session.pk)]
