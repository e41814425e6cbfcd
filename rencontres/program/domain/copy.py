"""Copy an edition's program into the next edition (receiver of `edition_copied`)."""

import logging

from django.utils import timezone

from rencontres.editions.domain.next_edition import copy_row

from ..models import CafeRound, Room, Session, SessionSpeaker, Speaker, Theme

logger = logging.getLogger(__name__)


def shifted(value, shift):
    """Same wall-clock time `shift` days later in Paris, across a change of daylight time."""
    return timezone.localtime(value) + shift if value else None


def copy_program(sender, source, target, shift, **kwargs):
    """Rooms, themes, speakers and sessions of `source`, shifted by `shift` into `target`.

    Sign-ups stay with the source: they belong to its participants.
    """
    rooms = {
        room.pk: copy_row(room, edition=target) for room in Room.objects.filter(edition=source)
    }
    themes = {t.pk: copy_row(t, edition=target) for t in Theme.objects.filter(edition=source)}
    speakers = {s.pk: copy_row(s, edition=target) for s in Speaker.objects.filter(edition=source)}
    sessions = Session.objects.filter(edition=source).prefetch_related("themes")
    roles = list(SessionSpeaker.objects.filter(session__edition=source))
    new_sessions = {}
    for session in sessions:
        session_themes = [themes[t.pk] for t in session.themes.all()]
        old_pk = session.pk
        new = copy_row(
            session,
            edition=target,
            room=rooms.get(session.room_id),
            start=shifted(session.start, shift),
            end=shifted(session.end, shift),
            signup_closes=shifted(session.signup_closes, shift),
        )
        new.themes.set(session_themes)
        new_sessions[old_pk] = new
    SessionSpeaker.objects.bulk_create(
        SessionSpeaker(
            session=new_sessions[role.session_id],
            speaker=speakers[role.speaker_id],
            role=role.role,
            order=role.order,
        )
        for role in roles
    )
    cafe_round = CafeRound.objects.filter(edition=source).first()
    if cafe_round:
        CafeRound.objects.create(
            edition=target, choices_close=shifted(cafe_round.choices_close, shift)
        )
    if target.is_demo:
        from ..demo import prepare_demonstration

        prepare_demonstration(target)
    logger.info("program of edition %s copied to edition %s", source.number, target.number)
