"""Seats reserved for VIPs in a session: the public never takes them, VIPs fill them first,
seats given back go to the waiting list."""

import pytest
from django.utils import translation

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.program.domain import signup
from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Invitation

from .conftest import log_in, workshops

pytestmark = pytest.mark.django_db


def vip(edition):
    person = make_registration(edition)
    Invitation.objects.create(
        edition=edition,
        category=person.category,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        vip=True,
        status=Invitation.Status.ACCEPTED,
        registration=person,
    )
    return person


def session_with(edition, capacity, reserved):
    session = workshops(edition)[0]
    Session.objects.filter(pk=session.pk).update(capacity=capacity, reserved_seats=reserved)
    session.refresh_from_db()
    return session


def test_the_public_never_takes_the_reserved_seats(small_edition):
    session = session_with(small_edition, 3, 2)
    signup.sign_up(make_registration(small_edition), session)
    with pytest.raises(signup.SessionFull):
        signup.sign_up(make_registration(small_edition), session)
    assert signup.places_left(session) == 0
    first, second = vip(small_edition), vip(small_edition)
    assert signup.places_left(session, first) == 2
    signup.sign_up(first, session)
    signup.sign_up(second, session)
    with pytest.raises(signup.SessionFull):
        signup.sign_up(vip(small_edition), session)
    organiser_refusals = signup.assign(session, [make_registration(small_edition)])[1]
    assert organiser_refusals and Attendance.objects.filter(session=session).count() == 3


def test_vips_beyond_the_reserved_seats_take_public_ones(small_edition):
    session = session_with(small_edition, 3, 1)
    signup.sign_up(vip(small_edition), session)
    signup.sign_up(vip(small_edition), session)
    assert signup.places_left(session) == 1
    signup.sign_up(make_registration(small_edition), session)
    assert signup.places_left(session) == 0


def test_a_reserved_seat_freed_waits_for_a_vip_until_given_back(small_edition):
    session = session_with(small_edition, 2, 1)
    signup.sign_up(make_registration(small_edition), session)
    waiting = signup.sign_up(make_registration(small_edition), session, waiting_list=True)
    guest = vip(small_edition)
    signup.sign_up(guest, session)
    signup.cancel(guest, session)
    waiting.refresh_from_db()
    assert waiting.status == Attendance.Status.WAITING  # the freed seat is a reserved one

    promoted = signup.set_reserved_seats(session, 0, None)
    waiting.refresh_from_db()
    assert waiting.status == Attendance.Status.CONFIRMED
    assert [r.pk for r in promoted] == [waiting.registration_id]
    assert ActivityLog.objects.filter(action="program.set_reserved_seats").exists()


def test_seats_held_by_the_public_cannot_be_reserved(small_edition):
    session = session_with(small_edition, 3, 0)
    signup.sign_up(make_registration(small_edition), session)
    signup.sign_up(make_registration(small_edition), session)
    with translation.override("fr"), pytest.raises(signup.SignupError) as refusal:
        signup.set_reserved_seats(session, 2, None)
    assert "2 personnes qui ne sont pas invitées VIP" in refusal.value.message
    with pytest.raises(signup.SignupError):
        signup.set_reserved_seats(session, 4, None)
    signup.set_reserved_seats(session, 1, None)
    session.refresh_from_db()
    assert session.reserved_seats == 1


def test_the_sign_up_page_counts_the_reserved_seats(client, small_edition):
    session = session_with(small_edition, 3, 2)
    public = make_registration(small_edition)
    page = log_in(client, public).content.decode()
    assert "1 place restante" in page and "3 places restantes" not in page
    client.cookies.clear()
    page = log_in(client, vip(small_edition)).content.decode()
    assert "3 places restantes" in page
    assert session.title in page
