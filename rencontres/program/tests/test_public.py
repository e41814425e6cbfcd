"""Public program: grid in both languages, filters, pages, PDF, iCalendar, bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from rencontres.program.domain.grid import build_day


def url(name, language="fr", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_program_day_in_both_languages_with_few_queries(
    client, demo, language, django_assert_max_num_queries
):
    edition = demo[15]
    with django_assert_max_num_queries(6):
        page = client.get(url("program:day", language, number=15, day="2024-10-24"))
    body = page.content.decode()
    assert page.status_code == 200
    # Times follow each language's convention: 14:30 in French, 2:30 p.m. in English.
    if language == "fr":
        assert "Cocktail déjeuner" in body and "14:30" in body and "Salle 1" in body
    else:
        assert "Lunch break" in body and "2:30 p.m." in body and "Room 1" in body
    assert body.count("session-card kind-cafe") == 12
    plenary = edition.sessions.get(kind="plenary")
    assert (plenary.title_fr if language == "fr" else plenary.title_en).split("«")[0] in body


@pytest.mark.django_db
def test_filters_and_bad_days(client, demo):
    cafes = client.get(url("program:day", number=15, day="2024-10-24") + "?kind=cafe")
    body = cafes.content.decode()
    assert body.count("session-card kind-cafe") == 12 and "kind-plenary" not in body
    # The button says what it does, although the admin's catalog has "Filtre" for "Filter".
    assert '<button type="submit">Filtrer</button>' in body
    # Unknown filter values are ignored rather than failing.
    assert client.get(url("program:program", number=15) + "?kind=zzz&theme=x").status_code == 200
    for day in ("2024-10-25", "not-a-date"):
        assert client.get(url("program:day", number=15, day=day)).status_code == 404
    assert client.get(url("program:program", number=99)).status_code == 404


@pytest.mark.django_db
def test_session_and_speaker_pages(client, demo, django_assert_max_num_queries):
    opening = demo[15].sessions.get(kind="opening")
    with django_assert_max_num_queries(6):
        page = client.get(url("program:session", "en", number=15, session_id=opening.pk))
    assert "Frédéric Cholé" in page.content.decode()
    speaker = opening.speakers.get(name="Arnaud Ngatcha")
    page = client.get(url("program:speaker", number=15, speaker_id=speaker.pk))
    assert "Adjoint à la Maire de Paris" in page.content.decode()
    # A session of another edition or an unknown id: 404.
    other = demo[16].sessions.first()
    assert client.get(url("program:session", number=15, session_id=other.pk)).status_code == 404
    assert client.get(url("program:speaker", number=16, speaker_id=speaker.pk)).status_code == 404


@pytest.mark.django_db
def test_printable_program_and_calendars(client, demo):
    pdf = client.get(url("program:pdf", "en", number=15))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    ics = client.get(url("program:ics", number=15))
    calendar = Calendar.from_ical(ics.content)
    events = calendar.walk("VEVENT")
    assert len(events) == demo[15].sessions.count()
    # Proper time zone data: a VTIMEZONE for Europe/Paris, and local times with their TZID.
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    welcome = next(e for e in events if e["SUMMARY"] == "Accueil des participants")
    start = welcome.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/Paris" and start.hour == 13
    assert start.astimezone(datetime.UTC).hour == 11
    first = demo[15].sessions.first()
    one = client.get(url("program:session_ics", number=15, session_id=first.pk))
    assert len(Calendar.from_ical(one.content).walk("VEVENT")) == 1


def test_grid_puts_roomless_sessions_beside_rooms():
    class Room:
        def __init__(self, pk):
            self.pk, self.order = pk, pk

    class S:
        def __init__(self, start, end, room=None):
            base = datetime.datetime(2024, 10, 24, tzinfo=datetime.UTC)
            self.start = base + datetime.timedelta(minutes=start)
            self.end = base + datetime.timedelta(minutes=end)
            self.room, self.room_id = room, room.pk if room else None

    rooms = [Room(1), Room(2), Room(3)]
    sessions = [S(0, 30)] + [S(30, 90, r) for r in rooms] + [S(90, 150, rooms[2])]
    sessions += [S(90, 150) for _ in range(12)]
    grid = build_day(datetime.date(2024, 10, 24), sessions)
    assert grid.columns == rooms
    welcome, block, cafes = grid.slots[0].cells, grid.slots[1].cells, grid.slots[2].cells
    assert (welcome[0].column, welcome[0].column_end) == (2, 5)
    assert [c.column for c in block] == [2, 3, 4]
    # The twelve roomless cafés share one cell over the two free rooms.
    roomless = next(c for c in cafes if c.room is None)
    assert len(roomless.sessions) == 12 and (roomless.column, roomless.column_end) == (2, 4)


def test_staff_preview_a_draft_edition_program_visitors_do_not(client, demo, admin_user):
    draft = demo[17]
    draft.status = draft.Status.DRAFT
    draft.save()
    url = reverse("program:program", kwargs={"number": 17})
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
