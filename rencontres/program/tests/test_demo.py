"""The demo programs are the seeds' programs: days, hours, blocks, counts, speakers."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from rencontres.program.models import CafeRound, Session

K = Session.Kind


def hours(edition):
    return [
        (
            timezone.localtime(s.start).strftime("%d %H:%M"),
            timezone.localtime(s.end).strftime("%H:%M"),
            s.kind,
        )
        for s in Session.objects.filter(edition=edition).order_by("start", "order")
    ]


@pytest.mark.django_db
def test_2024_program_as_the_seeds_give_it(demo):
    edition = demo[15]
    kinds = Counter(Session.objects.filter(edition=edition).values_list("kind", flat=True))
    # Press release: 6 geographic meetings, 6 thematic workshops, 12 Cafés at the same time.
    assert kinds[K.REGIONAL] == 6 and kinds[K.WORKSHOP] == 6 and kinds[K.CAFE] == 12
    # One B2B block in each "Ateliers/Réunions/B2B" block and beside the Cafés.
    assert kinds[K.B2B] == 5
    slots = {(d, e) for d, e, _k in hours(edition)}
    for slot in [
        ("23", "13:00", "14:00"),
        ("23", "14:00", "14:30"),
        ("23", "14:30", "16:00"),
        ("23", "16:00", "16:45"),
        ("23", "16:45", "18:15"),
        ("23", "18:15", "19:00"),
        ("24", "08:30", "09:00"),
        ("24", "09:00", "10:30"),
        ("24", "10:30", "11:00"),
        ("24", "11:00", "12:30"),
        ("24", "12:30", "14:30"),
        ("24", "14:30", "15:30"),
        ("24", "15:30", "17:00"),
        ("24", "17:00", "17:30"),
    ]:
        assert (f"{slot[0]} {slot[1]}", slot[2]) in slots
    cafes = Session.objects.filter(edition=edition, kind=K.CAFE)
    assert {timezone.localtime(c.start).strftime("%H:%M") for c in cafes} == {"14:30"}
    opening = Session.objects.get(edition=edition, kind=K.OPENING)
    assert [r.speaker.name for r in opening.speaker_roles.all()] == [
        "François Rebsamen",
        "Frédéric Cholé",
        "Arnaud Ngatcha",
    ]
    ceremony = Session.objects.get(edition=edition, kind=K.CEREMONY)
    assert ceremony.room.name_fr == "Espace des partenaires"
    assert "Cameroun" in ceremony.description_fr and "MINDDEVEL" in ceremony.description_fr
    # Rooms the seeds do not name are marked as provisional.
    assert all(r.is_placeholder for r in edition.rooms.exclude(name_fr="Espace des partenaires"))
    assert all(s.title_en and s.title_fr for s in Session.objects.filter(edition=edition))


@pytest.mark.django_db
def test_2025_one_day_program(demo):
    edition = demo[16]
    got = [(d[3:], e, k) for d, e, k in hours(edition)]
    assert ("08:00", "09:00", K.WELCOME) in got
    assert ("09:00", "09:30", K.OPENING) in got
    assert ("11:30", "13:00", K.PLENARY) in got
    assert ("14:00", "15:00", K.CAFE) in got
    assert ("16:30", "17:30", K.CEREMONY) in got
    assert ("17:30", "18:00", K.FAREWELL) in got
    assert {timezone.localtime(s.start).date() for s in edition.sessions.all()} == {
        datetime.date(2025, 7, 4)
    }


@pytest.mark.django_db
def test_demonstration_edition_copies_2024_at_the_same_local_hours(demo):
    source, copy = demo[15], next(e for e in demo.values() if e.is_demo)
    assert [(d[3:], e, k) for d, e, k in hours(copy)] == [
        (d[3:], e, k) for d, e, k in hours(source)
    ]
    workshops = copy.sessions.filter(kind__in=[K.WORKSHOP, K.REGIONAL])
    assert all(s.signup_required and s.places and s.signup_is_open() for s in workshops)
    assert CafeRound.objects.get(edition=copy).choices_are_open()
    # loaddemo is idempotent.
    call_command("loaddemo", upcoming=True, stdout=io.StringIO())
    assert copy.sessions.count() == source.sessions.count() == 38
