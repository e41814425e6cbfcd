"""A session's or a café's new capacity goes to those waiting, at once and in order; a limit
below the places taken is refused; a newcomer never passes someone waiting."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.program.domain import cafes, signup
from rencontres.program.models import Attendance, CafeChoice, CafeRound, Session

from .conftest import workshops

A = Attendance.Status


@pytest.fixture
def organiser(db):
    return get_user_model().objects.create_user("organiser", password="x", is_staff=True)


@pytest.fixture
def full_session(edition):
    """One place taken by `first`; `second` then `third` wait."""
    session = workshops(edition)[0]
    Session.objects.filter(pk=session.pk).update(capacity=1)
    session.refresh_from_db()
    people = [make_registration(edition) for _ in range(3)]
    signup.sign_up(people[0], session)
    signup.sign_up(people[1], session, waiting_list=True)
    signup.sign_up(people[2], session, waiting_list=True)
    return session, people


def status(session, registration):
    return Attendance.objects.get(session=session, registration=registration).status


@pytest.mark.django_db
def test_raising_a_session_capacity_promotes_in_order_with_mails(full_session, organiser):
    session, (first, second, third) = full_session
    assert signup.set_session_capacity(session, 2, organiser) == [second]
    assert (status(session, second), status(session, third)) == (A.CONFIRMED, A.WAITING)
    assert Mail.objects.filter(to=second.email, template="program/mail/promoted").exists()
    assert not Mail.objects.filter(to=third.email).exists()
    log = ActivityLog.objects.get(action="program.set_capacity")
    assert log.data == {"old": 1, "new": 2} and log.actor == organiser


@pytest.mark.django_db
def test_lowering_a_session_below_its_places_is_refused(full_session, organiser):
    session, _people = full_session
    signup.set_session_capacity(session, 3, organiser)
    with pytest.raises(signup.SignupError, match="3 personnes ont déjà une place"):
        signup.set_session_capacity(session, 2, organiser)
    session.refresh_from_db()
    assert session.capacity == 3


@pytest.mark.django_db
def test_a_newcomer_waits_behind_the_waiting_list(full_session):
    session, (_first, second, third) = full_session
    # A place appears behind the rules' back: the first waiting gets it, not the newcomer.
    Session.objects.filter(pk=session.pk).update(capacity=2)
    newcomer = make_registration(session.edition)
    attendance = signup.sign_up(newcomer, session, waiting_list=True)
    assert status(session, second) == A.CONFIRMED
    assert attendance.status == A.WAITING and status(session, third) == A.WAITING


@pytest.mark.django_db
def test_more_tables_in_a_published_cafe_go_to_those_who_ranked_it(edition, organiser):
    cafe_round = CafeRound.objects.get(edition=edition)
    cafe, second_cafe, third_cafe = cafe_round.cafes()[:3]
    cafe_round.cafes().update(capacity=0)
    Session.objects.filter(pk__in=[cafe.pk, second_cafe.pk, third_cafe.pk]).update(capacity=1)
    people = [make_registration(edition) for _ in range(4)]
    for person in people:
        for rank, table in enumerate([cafe, second_cafe, third_cafe], start=1):
            CafeChoice.objects.create(
                cafe_round=cafe_round, registration=person, session=table, rank=rank
            )
    cafes.run_assignment(cafe_round)
    cafes.publish(cafe_round)
    cafe_round.refresh_from_db()
    unplaced = [r for r, _reason in cafes.not_placed(cafe_round)]
    assert len(unplaced) == 1
    cafe.refresh_from_db()
    given = signup.set_session_capacity(cafe, 2, organiser)
    assert given == unplaced
    assert Attendance.objects.filter(session=cafe, registration=unplaced[0]).exists()
    assert Mail.objects.filter(to=unplaced[0].email, template="program/mail/cafe_placed").count()
    assert cafes.not_placed(cafe_round) == []


@pytest.mark.django_db
def test_a_cafe_cannot_go_below_its_assigned_tables_before_publication(small_edition, organiser):
    """Found by the stateful walk: the draft's tables become places on publication, so a
    limit below them would publish an overfull café."""
    cafe_round = CafeRound.objects.get(edition=small_edition)
    cafe = cafe_round.cafes().first()
    person = make_registration(small_edition)
    CafeChoice.objects.create(cafe_round=cafe_round, registration=person, session=cafe, rank=1)
    cafes.run_assignment(cafe_round)
    with pytest.raises(signup.SignupError, match="1 personne a déjà une place"):
        signup.set_session_capacity(cafe, 0, organiser)
    cafes.publish(cafe_round)
    cafe.refresh_from_db()
    assert signup.confirmed_count(cafe) <= cafe.places


def session_form(session, **changes):
    start, end = timezone.localtime(session.start), timezone.localtime(session.end)
    data = {
        "edition": session.edition_id,
        "kind": session.kind,
        "title_fr": session.title_fr,
        "title_en": session.title_en,
        "description_fr": "",
        "description_en": "",
        "start_0": start.strftime("%Y-%m-%d"),
        "start_1": start.strftime("%H:%M:%S"),
        "end_0": end.strftime("%Y-%m-%d"),
        "end_1": end.strftime("%H:%M:%S"),
        "room": session.room_id or "",
        "language": session.language,
        "capacity": session.capacity or "",
        "signup_required": "on",
        "order": session.order,
        "speaker_roles-TOTAL_FORMS": 0,
        "speaker_roles-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_session_form_refuses_a_limit_below_the_places_and_promotes_on_a_rise(
    admin_client, full_session
):
    session, (_first, second, _third) = full_session
    change = reverse("admin:program_session_change", args=[session.pk])
    signup.sign_up(make_registration(session.edition), workshops(session.edition)[1])
    page = admin_client.post(change, session_form(session, capacity=0, title_fr="Titre gardé"))
    body = page.content.decode()
    assert page.status_code == 200 and "1 personne a déjà une place dans cette session" in body
    assert "Titre gardé" in body
    response = admin_client.post(change, session_form(session, capacity=2), follow=True)
    assert "1 personne a obtenu une place depuis la liste d’attente" in response.content.decode()
    assert status(session, second) == A.CONFIRMED


@pytest.mark.django_db
def test_a_room_limit_is_a_session_limit(full_session, organiser):
    session, (first, second, third) = full_session
    Session.objects.filter(pk=session.pk).update(capacity=None)
    room = session.room
    room.capacity = 1
    room.save()
    with pytest.raises(signup.SignupError, match="1 personne a déjà une place"):
        signup.set_room_capacity(room, 0, organiser)
    assert signup.set_room_capacity(room, 2, organiser) == [second]
    assert status(session, third) == A.WAITING


@pytest.mark.django_db
def test_organisers_reorder_a_session_waiting_list(full_session, organiser):
    session, (_first, second, third) = full_session
    late = Attendance.objects.get(session=session, registration=third)
    assert signup.move_in_waiting_list(late, organiser, step=-1) == 1
    assert signup.set_session_capacity(session, 2, organiser) == [third]
    assert status(session, second) == A.WAITING
    with pytest.raises(signup.SignupError):
        signup.move_in_waiting_list(late, organiser, position=1)
    log = ActivityLog.objects.get(action="program.move_waiting")
    assert log.data["old"] == 2 and log.data["new"] == 1
