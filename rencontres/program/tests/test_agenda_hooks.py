"""Other apps' hooks: a failing agenda source is left out, busy times block sign-up."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import make_registration
from rencontres.program import agenda
from rencontres.program.domain import signup
from rencontres.program.models import Attendance
from rencontres.program.views import feed_token

from .conftest import log_in, workshops

pytestmark = pytest.mark.django_db


def test_a_failing_agenda_source_is_logged_and_left_out(client, small_edition, monkeypatch, caplog):
    session = workshops(small_edition)[0]
    amina = make_registration(small_edition)
    signup.sign_up(amina, session)

    def broken(registration):
        raise RuntimeError("networking is down")

    def working(registration):
        return [agenda.AgendaItem(session.end, session.end, "Visite de Paris", uid="visit-1")]

    monkeypatch.setattr(agenda, "SOURCES", [broken, working])
    log_in(client, amina, "program:my_agenda")
    with caplog.at_level(logging.ERROR, logger="rencontres.program.agenda"):
        page = client.get(reverse("program:my_agenda", kwargs={"number": small_edition.number}))
    body = page.content.decode()
    assert page.status_code == 200
    assert session.title in body and "Visite de Paris" in body
    assert "networking is down" in caplog.text and "broken" in caplog.text
    client.cookies.clear()
    feed = client.get(reverse("program:agenda_feed", kwargs={"token": feed_token(amina)}))
    assert feed.status_code == 200 and b"Visite de Paris" in feed.content


def test_busy_times_of_other_apps_block_sign_up(small_edition, monkeypatch):
    first, parallel = workshops(small_edition)[:2]
    amina, paul = make_registration(small_edition), make_registration(small_edition)
    start = first.start + datetime.timedelta(minutes=20)
    meeting = agenda.AgendaItem(start, start + datetime.timedelta(minutes=20), "B2B : Dakar")

    def meetings(registration, start, end):
        overlaps = meeting.start < end and start < meeting.end
        return [meeting] if registration.pk == amina.pk and overlaps else []

    monkeypatch.setattr(agenda, "BUSY_SOURCES", [meetings])
    for session in (first, parallel):
        with translation.override("fr"), pytest.raises(signup.SignupError) as refusal:
            signup.sign_up(amina, session)
        assert "B2B : Dakar" in refusal.value.message and session.title in refusal.value.message
        # Nor on the waiting list, as for an overlapping session.
        with pytest.raises(signup.SignupError):
            signup.sign_up(amina, session, waiting_list=True)
    assert not Attendance.objects.filter(registration=amina).exists()
    # Someone else, or another time, is not concerned.
    assert signup.sign_up(paul, first).status == Attendance.Status.CONFIRMED
    later = next(s for s in workshops(small_edition) if s.start >= first.end)
    assert signup.sign_up(amina, later).status == Attendance.Status.CONFIRMED
    # The organisers' assignment follows the same rule.
    assigned, refusals = signup.assign(first, [amina])
    assert assigned == [] and "B2B : Dakar" in refusals[0][1]


def test_a_failing_busy_source_refuses_with_a_message_not_an_error(
    client, small_edition, monkeypatch
):
    session = workshops(small_edition)[0]
    amina = make_registration(small_edition)

    def broken(registration, start, end):
        raise RuntimeError("networking is down")

    monkeypatch.setattr(agenda, "BUSY_SOURCES", [broken])
    log_in(client, amina)
    url = reverse(
        "program:signup", kwargs={"number": small_edition.number, "session_id": session.pk}
    )
    page = client.post(url, {"action": "sign_up"}, follow=True)
    assert page.status_code == 200
    assert "pas pu être vérifié" in page.content.decode()
    assert not Attendance.objects.filter(registration=amina).exists()
