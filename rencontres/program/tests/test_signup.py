"""Sign-up rules: overlaps, capacity, waiting list and promotion by mail, bad input."""

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_registration
from rencontres.program.domain import signup
from rencontres.program.domain.agenda import busy_sessions, personal_agenda
from rencontres.program.models import Attendance, Session
from rencontres.testing.factories import SessionFactory

from .conftest import log_in, workshops


@pytest.mark.django_db
def test_overlap_refused_with_a_clear_message(small_edition):
    first, parallel = workshops(small_edition)[:2]
    amina = make_registration(small_edition)
    signup.sign_up(amina, first)
    with translation.override("fr"), pytest.raises(signup.SignupError) as refusal:
        signup.sign_up(amina, parallel)
    assert first.title in refusal.value.message and "en même temps" in refusal.value.message
    assert [s.pk for s in busy_sessions(amina)] == [first.pk]


@pytest.mark.django_db(transaction=True)
def test_full_session_waiting_list_and_promotion_by_mail(small_edition, smtp_server, run_worker):
    session = workshops(small_edition)[0]
    Session.objects.filter(pk=session.pk).update(capacity=1)
    session.refresh_from_db()
    first, second = (
        make_registration(small_edition),
        make_registration(small_edition, language="en"),
    )
    signup.sign_up(first, session)
    with pytest.raises(signup.SessionFull):
        signup.sign_up(second, session)
    waiting = signup.sign_up(second, session, waiting_list=True)
    assert waiting.status == Attendance.Status.WAITING
    signup.cancel(first, session)
    waiting.refresh_from_db()
    assert waiting.status == Attendance.Status.CONFIRMED
    run_worker()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == second.email
    assert "You have a place" in message["Subject"]
    assert session.title_en in message.get_body(("plain",)).get_content()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["deadline", "no_signup", "other_edition", "unconfirmed", "cafe"])
def test_refusals(small_edition, case):
    session = workshops(small_edition)[0]
    amina = make_registration(small_edition)
    if case == "deadline":
        Session.objects.filter(pk=session.pk).update(
            signup_closes=timezone.now() - datetime.timedelta(minutes=1)
        )
        session.refresh_from_db()
    elif case == "no_signup":
        session = small_edition.sessions.get(kind=Session.Kind.OPENING)
    elif case == "other_edition":
        session = SessionFactory(kind=Session.Kind.WORKSHOP, signup_required=True)
    elif case == "unconfirmed":
        amina = make_registration(small_edition, status="pending_email")
    else:
        session = small_edition.sessions.filter(kind=Session.Kind.CAFE).first()
    with pytest.raises(signup.SignupError):
        signup.sign_up(amina, session)
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_pages_sign_up_cancel_and_bad_ids(client, small_edition):
    session, parallel = workshops(small_edition)[:2]
    amina = make_registration(small_edition)
    log_in(client, amina)
    url = reverse(
        "program:signup", kwargs={"number": small_edition.number, "session_id": session.pk}
    )
    page = client.post(url, {"action": "sign_up"}, follow=True)
    assert "Vous avez une place" in page.content.decode()
    other = reverse(
        "program:signup", kwargs={"number": small_edition.number, "session_id": parallel.pk}
    )
    page = client.post(other, {"action": "sign_up"}, follow=True)
    assert page.status_code == 200 and "en même temps" in page.content.decode()
    # Another edition's session, a tampered id: 404, never 500.
    foreign = SessionFactory(kind=Session.Kind.WORKSHOP, signup_required=True)
    for session_id in (foreign.pk, 999999):
        bad = reverse(
            "program:signup", kwargs={"number": small_edition.number, "session_id": session_id}
        )
        assert client.post(bad, {"action": "sign_up"}).status_code == 404
    agenda = client.get(reverse("program:my_agenda", kwargs={"number": small_edition.number}))
    assert session.title in agenda.content.decode()
    assert agenda["Cache-Control"] == "private, no-store"
    page = client.post(url, {"action": "cancel"}, follow=True)
    assert not Attendance.objects.filter(registration=amina).exists()
    # Someone without a personal space is sent to the lost-link page.
    client.cookies.clear()
    assert client.post(url, {"action": "sign_up"}).status_code == 302


@pytest.mark.django_db
def test_personal_agenda_has_plenaries_and_other_apps_items(small_edition):
    from rencontres.program import agenda

    amina = make_registration(small_edition)
    session = workshops(small_edition)[0]
    signup.sign_up(amina, session)
    start = session.start + datetime.timedelta(hours=1)

    def b2b(registration):
        return [agenda.AgendaItem(start, start, "B2B with Dakar", uid="b2b-1")]

    agenda.add_agenda_source(b2b)
    try:
        items = personal_agenda(amina)
    finally:
        agenda.SOURCES.remove(b2b)
    titles = [item.title for item in items]
    assert session.title in titles and "B2B with Dakar" in titles
    assert any(i.title == small_edition.sessions.get(kind="plenary").title for i in items)
    assert [i.start for i in items] == sorted(i.start for i in items)
    # The parallel sessions the person does not attend stay out.
    assert workshops(small_edition)[1].title not in titles


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_sign_ups_never_exceed_capacity(small_edition):
    session = workshops(small_edition)[0]
    Session.objects.filter(pk=session.pk).update(capacity=5)
    people = [make_registration(small_edition) for _ in range(52)]
    signup.sign_up(people[0], session)
    signup.sign_up(people[1], session)
    # 50 requests at once for the last 3 places.
    barrier = threading.Barrier(50)
    results = []

    def attempt(registration):
        try:
            barrier.wait()
            signup.sign_up(registration, session)
            results.append("ok")
        except signup.SessionFull:
            results.append("full")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in people[2:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("ok") == 3 and results.count("full") == 47
    assert session.attendances.filter(status="confirmed").count() == 5


@pytest.mark.django_db
def test_agenda_pdf_and_secret_feed(client, small_edition):
    amina = make_registration(small_edition)
    signup.sign_up(amina, workshops(small_edition)[0])
    log_in(client, amina, "program:my_agenda")
    pdf = client.get(reverse("program:my_agenda_pdf", kwargs={"number": small_edition.number}))
    assert pdf.content.startswith(b"%PDF")
    from rencontres.program.views import feed_token

    token = feed_token(amina)
    client.cookies.clear()
    feed = client.get(reverse("program:agenda_feed", kwargs={"token": token}))
    assert feed.status_code == 200 and workshops(small_edition)[0].title.encode() in feed.content
    assert (
        client.get(reverse("program:agenda_feed", kwargs={"token": token + "x"})).status_code == 404
    )
    # A new access key revokes the feed.
    amina.access_key = "changed"
    amina.save()
    assert client.get(reverse("program:agenda_feed", kwargs={"token": token})).status_code == 404
