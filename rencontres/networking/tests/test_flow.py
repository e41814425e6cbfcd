"""Requests in the app → scheduler run in the worker → publication → schedules and mails."""

import pytest
from django.test import Client
from django.urls import reverse

from rencontres.networking.domain.slots import edition_slots
from rencontres.networking.models import Meeting, MeetingRequest, Profile, ScheduleRun
from rencontres.program.agenda import items_from_sources

from .conftest import log_in, participant

pytestmark = pytest.mark.django_db(transaction=True)


def person_client(registration, url_name="networking:directory"):
    client = Client()
    log_in(client, registration, url_name)
    return client


def ask(client, edition, target, **data):
    url = reverse("networking:new_request", args=[edition.number, target.pk])
    return client.post(url, {"message": "Parlons de l'eau.", **data})


def act(client, edition, request, action):
    url = reverse("networking:request_action", args=[edition.number, request.pk, action])
    return client.post(url)


def test_requests_run_publish_schedules_and_mails(small_b2b, admin_client, run_worker, smtp_server):
    edition = small_b2b
    amina = participant(
        edition, "amina.diallo@example.org", country="CM", seeks=["water"], language="fr"
    )
    paul = participant(
        edition, "paul.martin@example.org", country="FR", offers=["water"], language="en"
    )
    Profile.objects.filter(registration=paul).update(cooperating_countries="CM")
    lea = participant(edition, "lea.roux@example.org", country="FR", themes=["youth"])
    omar = participant(edition, "omar.ba@example.org", country="SN", themes=["youth"])

    # Amina sees Paul suggested, with the reason in words, then asks him.
    amina_client = person_client(amina)
    page = amina_client.get(reverse("networking:directory", args=[edition.number]))
    assert "pays\u00a0: Cameroun" in page.content.decode()
    response = ask(amina_client, edition, paul)
    assert response.status_code == 302
    request = MeetingRequest.objects.get(requester=amina)
    assert list(request.party_b.all()) == [paul]
    # A second request to the same person is refused, with the reason next to the form.
    again = ask(amina_client, edition, paul)
    assert again.status_code == 200 and "Vous avez déjà une demande" in again.content.decode()

    paul_client = person_client(paul)
    assert act(paul_client, edition, request, "accept").status_code == 302
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    # Amina cannot answer for Paul's side.
    act(amina_client, edition, request, "decline")
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED

    lea_client = person_client(lea)
    ask(lea_client, edition, omar)
    youth = MeetingRequest.objects.get(requester=lea)
    omar_client = person_client(omar)
    act(omar_client, edition, youth, "accept")
    # Omar is busy everywhere but in the last slot.
    slots = edition_slots(edition)
    omar_client.post(
        reverse("networking:my_availability", args=[edition.number]),
        {"busy": [s.id for s in slots[:-1]]},
    )
    MeetingRequest.objects.filter(pk=youth.pk).update(priority=3)

    # The organiser runs the scheduler in the background and watches its progress.
    response = admin_client.post(
        reverse("admin:networking_run_start", args=[edition.pk]), {"keep_published": "on"}
    )
    run = ScheduleRun.objects.get()
    assert response["Location"] == reverse("admin:networking_run", args=[run.pk])
    progress = admin_client.get(reverse("admin:networking_run_progress", args=[run.pk]))
    assert b"<progress" in progress.content and b'hx-trigger="every 1s"' in progress.content
    run_worker()
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE and run.progress == 1.0
    assert run.objective == 4 and run.bound == 4
    report = admin_client.get(reverse("admin:networking_run", args=[run.pk])).content.decode()
    assert "Rencontres placées" in report and "2 / 2" in report

    # Publishing runs in the worker; the run's page follows it.
    response = admin_client.post(reverse("admin:networking_run_publish", args=[run.pk]))
    assert response["Location"] == reverse("admin:networking_run", args=[run.pk])
    page = admin_client.get(response["Location"]).content.decode()
    assert 'id="publication-progress"' in page and "Actualiser cette page" in page
    assert not Meeting.objects.exists()
    run_worker()
    run.refresh_from_db()
    assert run.published_at is not None and run.notified == 4 and run.to_notify == []
    youth_meeting = Meeting.objects.get(request=youth)
    assert youth_meeting.start == slots[-1].start  # the only slot where Omar is free
    run_worker()  # sends the mails
    mails = smtp_server.wait_for(4 + 4)  # 2 requests received, 2 accepted, 4 schedules
    schedules = {m["To"]: m for m in mails if "B2B" in m["Subject"]}
    assert set(schedules) == {p.email for p in (amina, paul, lea, omar)}
    assert schedules[paul.email]["Subject"] == "Your B2B meetings schedule"
    assert "Amina Diallo" in schedules[paul.email].get_body(("plain",)).get_content()
    assert schedules[amina.email]["Subject"] == "Votre programme de rencontres B2B"

    # The personal schedule and the agenda (and so its iCalendar feed) show the meeting.
    meeting = Meeting.objects.get(request=request)
    page = paul_client.get(reverse("networking:my_schedule", args=[edition.number]))
    assert "Amina Diallo" in page.content.decode()
    items = items_from_sources(paul)
    assert [(i.start, i.uid) for i in items] == [
        (meeting.start, f"b2b-request-{request.pk}@rencontres")
    ]
    assert str(meeting.table) in items[0].location

    # Lea cancels; a new run keeps Amina and Paul's meeting: nobody else is told.
    act(lea_client, edition, youth, "cancel")
    assert not Meeting.objects.filter(request=youth).exists()
    admin_client.post(
        reverse("admin:networking_run_start", args=[edition.pk]), {"keep_published": "on"}
    )
    second = ScheduleRun.objects.exclude(pk=run.pk).get()
    run_worker()
    admin_client.post(reverse("admin:networking_run_publish", args=[second.pk]))
    run_worker()
    second.refresh_from_db()
    assert second.notified == 0
    kept = Meeting.objects.get(request=request)
    assert (kept.start, kept.table) == (meeting.start, meeting.table)
