"""When a place ends, everything downstream follows: sessions, Cafés, B2B, links, visa."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.networking.agenda import meeting_items
from rencontres.networking.domain.instance import build_instance
from rencontres.networking.domain.photos import may_see_photo
from rencontres.networking.domain.report import table_plan
from rencontres.networking.domain.requests import answer_request, send_request
from rencontres.networking.domain.scheduling import (
    execute_publication,
    import_schedule,
    request_publication,
)
from rencontres.networking.models import FreedMeeting, Meeting, MeetingRequest, Profile
from rencontres.networking.tests.conftest import participant
from rencontres.program.domain import cafes, signup
from rencontres.program.models import Attendance, CafeChoice, CafeRound
from rencontres.program.tests.conftest import workshops
from rencontres.registration import consequences
from rencontres.registration.access import login_url_for
from rencontres.registration.domain import deletion, registering
from rencontres.registration.models import Delegation, Registration, VisaRequest
from rencontres.scheduler import fcfs

S = Registration.Status


def one_place_session(edition):
    session = workshops(edition)[0]
    session.capacity = 1
    session.save(update_fields=["capacity"])
    return session


def publish_all(edition):
    """Schedule every accepted request (first come, first served) and publish it."""
    run = import_schedule(edition, fcfs(build_instance(edition)))
    request_publication(run)
    assert execute_publication(run.pk) == "done"
    return run


def subjects_to(email):
    return list(Mail.objects.filter(to=email).values_list("subject", flat=True))


@pytest.mark.django_db(transaction=True)
def test_cancelling_releases_sessions_and_cafes_and_the_next_person_gets_the_place(
    edition, smtp_server, run_worker
):
    session = one_place_session(edition)
    leaving = make_registration(edition, "leaving@example.org")
    waiting = make_registration(edition, "waiting@example.org", language="en")
    signup.sign_up(leaving, session)
    signup.sign_up(waiting, session, waiting_list=True)
    cafe_round = CafeRound.objects.get(edition=edition)
    choice = list(cafe_round.cafes().values_list("pk", flat=True)[:3])
    cafes.choose(leaving, cafe_round, choice)
    cafes.run_assignment(cafe_round)
    assert cafe_round.placements.filter(registration=leaving).exists()
    run_worker()
    smtp_server.messages.clear()

    registering.cancel(leaving)

    assert not Attendance.objects.filter(registration=leaving).exists()
    assert Attendance.objects.get(registration=waiting).status == Attendance.Status.CONFIRMED
    assert not CafeChoice.objects.filter(registration=leaving).exists()
    assert not cafe_round.placements.filter(registration=leaving).exists()
    run_worker()
    received = {m["To"]: m for m in smtp_server.wait_for(2)}
    assert set(received) == {"leaving@example.org", "waiting@example.org"}
    # The promoted person is told once, in their language, like any session promotion.
    promoted = received["waiting@example.org"]
    assert session.title_en in promoted["Subject"] or session.title in promoted["Subject"]
    assert "place" in promoted.get_body(("plain",)).get_content().lower()
    # No one is told twice (the waiting list entries of the leaver went first).
    assert Mail.objects.filter(to="waiting@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_ended_place_cancels_published_meetings_and_the_other_side_is_told_in_their_language(
    edition, smtp_server, run_worker, admin_client
):
    leaving = participant(edition, "ana.leaving@example.org")
    other = participant(edition, "bo.other@example.org", language="en")
    third = participant(edition, "cy.third@example.org")
    answer_request(send_request(other, leaving), leaving, accept=True)
    pending = send_request(third, leaving)
    kept = send_request(other, third)
    answer_request(kept, third, accept=True)
    publish_all(edition)
    meeting = Meeting.objects.get(request__party_a=other, request__party_b=leaving)
    assert meeting_items(other)
    run_worker()
    smtp_server.messages.clear()

    registering.cancel(leaving, by_organiser=True)

    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert Meeting.objects.filter(request=kept).exists()
    assert MeetingRequest.objects.get(pk=pending.pk).status == MeetingRequest.Status.CANCELLED
    freed = FreedMeeting.objects.get(edition=edition)
    assert (freed.start, freed.table, freed.reason) == (meeting.start, meeting.table, "place_ended")
    # The slot shows free in the other person's agenda, and the table plan has only live ones.
    assert [item.uid for item in meeting_items(other)] == [f"b2b-request-{kept.pk}@rencontres"]
    assert [m.request_id for _s, _e, group in table_plan(edition) for m in group] == [kept.pk]
    run_worker()
    by_address = {m["To"]: m for m in smtp_server.wait_for(2)}
    assert set(by_address) == {"ana.leaving@example.org", "bo.other@example.org"}
    told = by_address["bo.other@example.org"]
    assert told["Subject"] == "A B2B meeting of yours is cancelled"
    text = told.get_body(("plain",)).get_content()
    assert "Ana Leaving no longer takes part" in text and f"table {meeting.table}" in text
    # The organiser's B2B page lists the freed meeting with the re-run shortcut.
    page = admin_client.get(reverse("admin:networking_dashboard", args=[edition.pk]))
    html = page.content.decode()
    assert "Rencontres annulées depuis la dernière publication" in html
    assert "Ana Leaving" in html and "Relancer en gardant les rencontres publiées" in html


@pytest.mark.django_db
def test_a_delegation_member_leaving_keeps_the_delegations_meeting(edition):
    coordinator = participant(edition, "co.ord@example.org")
    member = participant(edition, "me.mber@example.org")
    delegation = Delegation.objects.create(edition=edition, name="D", coordinator=coordinator)
    Registration.objects.filter(pk__in=[coordinator.pk, member.pk]).update(delegation=delegation)
    host = participant(edition, "ho.st@example.org")
    request = send_request(coordinator, host, colleagues=[member])
    answer_request(request, host, accept=True)
    publish_all(edition)
    Mail.objects.all().delete()

    registering.remove_member(delegation, Registration.objects.get(pk=member.pk))

    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    assert list(request.party_a.all()) == [coordinator]
    assert Meeting.objects.filter(request=request).exists()
    assert subjects_to("ho.st@example.org") == []


@pytest.mark.django_db
def test_a_failing_consequence_rolls_the_ending_back(edition, monkeypatch):
    session = one_place_session(edition)
    person = make_registration(edition)
    signup.sign_up(person, session)

    def broken(registrations, reason):
        raise RuntimeError("the B2B app is down")

    monkeypatch.setattr(consequences, "CONSEQUENCES", [*consequences.CONSEQUENCES, broken])
    with pytest.raises(RuntimeError):
        registering.cancel(person)
    person.refresh_from_db()
    assert person.status == S.CONFIRMED
    assert Attendance.objects.filter(registration=person).exists()
    assert not Mail.objects.filter(to=person.email).exists()
    with pytest.raises(ValueError):
        consequences.place_ended([person], reason="vanished")


@pytest.mark.django_db
def test_refusal_withdraws_the_visa_letter_and_organisers_see_it(edition, admin_client):
    person = make_registration(edition, "visa@example.org", status=S.WAITING, country="CM")
    visa = VisaRequest.objects.create(
        registration=person,
        status=VisaRequest.Status.VALIDATED,
        name_in_passport="Visa Person",
        nationality="CM",
        date_of_birth=datetime.date(1980, 1, 1),
        place_of_birth="Yaoundé",
        passport_number="AB123",
        passport_issued_on=datetime.date(2020, 1, 1),
        passport_expires_on=datetime.date(2030, 1, 1),
    )
    registering.refuse(person)
    visa.refresh_from_db()
    assert visa.status == VisaRequest.Status.WITHDRAWN
    page = admin_client.get(reverse("admin:registration_visarequest_changelist")).content.decode()
    assert "Retirée\u00a0: l’inscription a pris fin" in page


@pytest.mark.django_db
def test_links_and_feed_of_an_ended_registration_open_no_personal_data(edition, client):
    from rencontres.program.views import feed_token

    person = make_registration(edition, "gone@example.org", phone="+33 6 00 00 00 00")
    registering.cancel(person)
    for path_name in ("registration:space", "program:my_agenda", "networking:directory"):
        page = client.get(login_url_for(person, path_name), follow=True)
        html = page.content.decode()
        assert page.status_code == 200 and "Votre inscription a pris fin" in html, path_name
        assert "gone@example.org" not in html and "+33 6" not in html
        assert "Envoyez-moi un nouveau lien" not in html  # no live registration to open
    feed = client.get(reverse("program:agenda_feed", kwargs={"token": feed_token(person)}))
    assert feed.status_code == 410 and "Votre inscription a pris fin" in feed.content.decode()
    with translation.override("en"):
        english = client.get(reverse("program:agenda_feed", kwargs={"token": feed_token(person)}))
    assert "Your registration has ended" in english.content.decode()


@pytest.mark.django_db
def test_only_confirmed_people_who_opted_in_open_or_appear_in_the_directory(edition, client):
    shown = participant(edition, "ana.shown@example.org")
    viewer = participant(edition, "bo.viewer@example.org")
    url = reverse("networking:directory", args=[edition.number])
    client.get(login_url_for(viewer, "networking:directory"))
    assert "Ana Shown" in client.get(url).content.decode()
    assert may_see_photo(shown.networking_profile, viewer)
    registering.cancel(shown)
    assert "Ana Shown" not in client.get(url).content.decode()
    # Their photo is served to no one but the organisers, not even to themselves.
    shown = Registration.objects.get(pk=shown.pk)
    assert not may_see_photo(shown.networking_profile, viewer)
    assert not may_see_photo(shown.networking_profile, shown)
    profile_url = reverse("networking:profile", args=[edition.number, shown.pk])
    assert client.get(profile_url).status_code == 404
    # Someone who has not opted in sees no one.
    Profile.objects.filter(registration=viewer).update(opted_in=False)
    other = participant(edition, "cy.other@example.org")
    page = client.get(url).content.decode()
    assert "Cy Other" not in page and "n’apparaît pas encore" in page
    assert (
        client.get(reverse("networking:profile", args=[edition.number, other.pk])).status_code
        == 404
    )
    # The directory consent given at registration is the profile's default.
    consenting = make_registration(edition, "di.consent@example.org", directory_consent=True)
    client.get(login_url_for(consenting, "networking:my_profile"))
    page = client.get(reverse("networking:my_profile", args=[edition.number])).content.decode()
    assert 'id="id_opted_in" checked' in page
    refusing = make_registration(edition, "el.refusing@example.org", directory_consent=False)
    client.get(login_url_for(refusing, "networking:my_profile"))
    page = client.get(reverse("networking:my_profile", args=[edition.number])).content.decode()
    assert 'id="id_opted_in">' in page


@pytest.mark.django_db
def test_deleting_in_the_back_office_ends_the_place_and_promotes(edition, admin_user):
    from rencontres.registration.models import RegistrationSettings

    RegistrationSettings.objects.create(edition=edition, capacity=2)
    session = one_place_session(edition)
    holder = make_registration(edition, "holder@example.org")
    signup.sign_up(holder, session)
    waiter = make_registration(edition, "waiter@example.org")
    signup.sign_up(waiter, session, waiting_list=True)
    queued = make_registration(
        edition, "queued@example.org", status=S.WAITING, waiting_since=timezone.now()
    )

    deletion.delete(holder, actor=admin_user)

    assert not Registration.objects.filter(pk=holder.pk).exists()
    assert Attendance.objects.get(registration=waiter).status == Attendance.Status.CONFIRMED
    queued.refresh_from_db()
    assert queued.status == S.CONFIRMED and subjects_to("queued@example.org")
    entry = ActivityLog.objects.get(action="registration.delete")
    assert entry.object_id == str(holder.pk) and entry.actor == admin_user


@pytest.mark.django_db
def test_fill_rates_and_attendance_lists_count_only_live_places(edition, admin_client):
    session = workshops(edition)[0]
    live = make_registration(edition, last_name="Vivant")
    ended = make_registration(edition, last_name="Parti")
    for person in (live, ended):
        Attendance.objects.create(session=session, registration=person, source="self")
    # An ending recorded without its consequences (data from before they existed).
    Registration.objects.filter(pk=ended.pk).update(status=S.CANCELLED)
    assert signup.confirmed_count(session) == 1
    listing = admin_client.get(
        reverse("admin:program_session_changelist"), {"q": session.title}
    ).content.decode()
    assert "1 / " in listing or ">1<" in listing
    xlsx = admin_client.get(reverse("admin:program_attendance_xlsx", args=[session.pk]))
    from io import BytesIO

    from openpyxl import load_workbook

    rows = [r[0] for r in load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True)]
    assert "Vivant" in rows and "Parti" not in rows


@pytest.mark.django_db
def test_a_withdrawn_request_frees_its_meeting_for_the_organisers_list_too(edition):
    from rencontres.networking.domain.requests import cancel_request

    one = participant(edition, "one.withdraws@example.org")
    two = participant(edition, "two.stays@example.org")
    request = send_request(one, two)
    answer_request(request, two, accept=True)
    publish_all(edition)
    meeting = Meeting.objects.get(request=request)
    cancel_request(request, one)
    freed = FreedMeeting.objects.get(request=request)
    assert (freed.start, freed.table, freed.reason) == (meeting.start, meeting.table, "withdrawn")
    assert freed.people == "One Withdraws, Two Stays"
