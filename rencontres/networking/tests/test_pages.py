"""Who sees what, bad input, moves by hand, the exchange format, the table plan."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rencontres.networking.domain import NetworkingError
from rencontres.networking.domain.instance import build_instance
from rencontres.networking.domain.requests import answer_request, send_request
from rencontres.networking.domain.scheduling import (
    execute_publication,
    move_meeting,
    request_publication,
)
from rencontres.networking.domain.slots import edition_slots, slot_id
from rencontres.networking.models import BusyMark, Meeting, MeetingRequest, ScheduleRun
from rencontres.scheduler import fcfs
from rencontres.testing.factories import CategoryFactory

from .conftest import log_in, participant

pytestmark = pytest.mark.django_db


def test_directory_is_for_participants_of_the_edition_and_lists_opted_in_profiles(
    small_b2b, client
):
    url = reverse("networking:directory", args=[small_b2b.number])
    assert client.get(url).status_code == 302  # anonymous: asked for their link
    visible = participant(small_b2b, "ana.lima@example.org", country="BR", themes=["water"])
    hidden = participant(small_b2b, "bo.hidden@example.org", opted_in=False)
    me = participant(small_b2b, "me.viewer@example.org")
    log_in(client, me)
    page = client.get(url).content.decode()
    assert "Ana Lima" in page and "Bo Hidden" not in page
    assert (
        client.get(reverse("networking:profile", args=[small_b2b.number, hidden.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("networking:profile", args=[small_b2b.number, visible.pk])).status_code
        == 200
    )
    # Filters: by theme and by country.
    assert "Ana Lima" in client.get(url, {"theme": "water"}).content.decode()
    assert "Ana Lima" not in client.get(url, {"theme": "youth"}).content.decode()
    assert "Ana Lima" not in client.get(url, {"country": "FR"}).content.decode()
    # Someone of another edition is not found, nor are tampered ids.
    other = participant(CategoryFactory().edition, "x.other@example.org")
    assert (
        client.get(reverse("networking:profile", args=[small_b2b.number, other.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("networking:request_action", args=[small_b2b.number, 999999, "accept"]))
    ).status_code == 404


def test_profile_form_keeps_values_and_reports_errors(small_b2b, client):
    me = participant(small_b2b, "me.profile@example.org", opted_in=False)
    log_in(client, me)
    url = reverse("networking:my_profile", args=[small_b2b.number])
    response = client.post(
        url, {"opted_in": "on", "pitch_fr": "x" * 700, "languages": ["fr", "es"]}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in page
    assert "x" * 700 in page  # the form keeps what was typed
    response = client.post(
        url, {"opted_in": "on", "pitch_fr": "Bonjour", "languages": ["fr", "es"]}
    )
    assert response.status_code == 302
    me.networking_profile.refresh_from_db()
    assert me.networking_profile.language_codes == ["fr", "es"]
    assert me.networking_profile.opted_in


def test_delegation_request_needs_everyone_free_and_moves_keep_the_rules(small_b2b, admin_client):
    a = participant(small_b2b, "a.one@example.org")
    b = participant(small_b2b, "b.two@example.org")
    c = participant(small_b2b, "c.three@example.org")
    request = send_request(a, b)
    with pytest.raises(NetworkingError):
        answer_request(request, a, accept=True)  # not the invited side
    answer_request(request, b, accept=True)
    other = send_request(c, b)
    answer_request(other, b, accept=True)
    slots = edition_slots(small_b2b)
    BusyMark.objects.create(registration=a, start=slots[0].start, end=slots[0].end)
    instance = build_instance(small_b2b)
    assert {p["id"]: p["unavailable"] for p in instance["participants"]}[f"p{a.pk}"] == [
        slots[0].id
    ]
    # Solve with the baseline elsewhere, import the file, publish it.
    schedule = fcfs(instance)
    upload = SimpleUploadedFile("s.json", json.dumps(schedule).encode(), "application/json")
    response = admin_client.post(
        reverse("admin:networking_import", args=[small_b2b.pk]), {"schedule": upload}
    )
    run = ScheduleRun.objects.get(source=ScheduleRun.Source.IMPORT)
    assert response["Location"] == reverse("admin:networking_run", args=[run.pk])
    assert run.objective == 2
    request_publication(run)
    assert execute_publication(run.pk) == "done"
    meeting = Meeting.objects.get(request=request)
    assert meeting.start != slots[0].start
    busy_table = Meeting.objects.get(request=other)
    with pytest.raises(NetworkingError, match="n'est pas disponible"):
        move_meeting(meeting, slots[0].id, 1)
    with pytest.raises(NetworkingError, match="a déjà une autre rencontre"):
        move_meeting(meeting, slot_id(busy_table.start), 3)  # b is in the other meeting then
    # Through the organisers' form, a valid move.
    target = slots[-1]
    response = admin_client.post(
        reverse("admin:networking_move", args=[meeting.pk]), {"slot": target.id, "table": 2}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.start, meeting.table, meeting.moved_by_hand) == (target.start, 2, True)
    # A schedule that breaks the rules is refused at import.
    bad = {
        "format": "b2b-schedule/1",
        "meetings": [{"request": f"r{request.pk}", "slot": slots[0].id, "table": 1}],
    }
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode(), "application/json")
    admin_client.post(reverse("admin:networking_import", args=[small_b2b.pk]), {"schedule": upload})
    assert ScheduleRun.objects.count() == 1
    # The table plan prints.
    pdf = admin_client.get(reverse("admin:networking_table_plan", args=[small_b2b.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert MeetingRequest.objects.filter(status="accepted").count() == 2


def test_organiser_pages_are_staff_only(small_b2b, client):
    url = reverse("admin:networking_dashboard", args=[small_b2b.pk])
    assert client.get(url).status_code == 302
    assert "login" in client.get(url)["Location"]


def test_demo_participants_are_fake_idempotent_and_schedulable(b2b):
    from django.core.management import call_command

    from rencontres.networking.domain.scheduling import execute_run, start_run
    from rencontres.networking.models import Profile

    for _ in range(2):
        call_command("loaddemo_b2b", stdout=io.StringIO())
    profiles = Profile.objects.filter(registration__edition=b2b)
    assert profiles.count() == 12
    assert all(p.registration.email.endswith("@example.org") for p in profiles)
    assert MeetingRequest.objects.filter(edition=b2b).count() == 10
    run = start_run(b2b)
    execute_run(run.pk)  # the task's body, run here
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.DONE
    assert run.objective == run.bound == 9  # 7 accepted requests, one of priority 3


def test_public_b2b_page_personal_panel_and_directory_queries(
    small_b2b, client, django_assert_max_num_queries
):
    page = client.get(reverse("networking:about", args=[small_b2b.number])).content.decode()
    assert "Créneaux B2B" in page and "Rencontres B2B" in page
    me = participant(small_b2b, "me.panel@example.org", seeks=["water"])
    for index in range(20):
        participant(small_b2b, f"p.n{index}@example.org", offers=["water"], themes=["youth"])
    log_in(client, me, "registration:space")
    space = client.get(reverse("registration:space", args=[small_b2b.number])).content.decode()
    assert "Mes rencontres B2B" in space
    with django_assert_max_num_queries(20):
        page = client.get(reverse("networking:directory", args=[small_b2b.number]))
    assert page.content.decode().count("propose ce que vous cherchez\u00a0: Eau") == 10


def test_published_meetings_block_sign_up_to_sessions_at_that_time(small_b2b):
    from django.utils import translation

    from rencontres.program.domain import signup
    from rencontres.program.models import Session

    a = participant(small_b2b, "a.one@example.org")
    b = participant(small_b2b, "b.two@example.org")
    request = send_request(a, b)
    answer_request(request, b, accept=True)
    slot = edition_slots(small_b2b)[0]
    Meeting.objects.create(
        request=request, edition=small_b2b, start=slot.start, end=slot.end, table=1
    )
    sessions = Session.objects.filter(edition=small_b2b, signup_required=True).exclude(kind="cafe")
    during = sessions.filter(start__lt=slot.end, end__gt=slot.start).first()
    later = sessions.filter(start__gte=slot.end).first()
    # Both sides of the meeting are refused, with the meeting named.
    for person in (a, b):
        with translation.override("fr"), pytest.raises(signup.SignupError) as refusal:
            signup.sign_up(person, during)
        assert "Rencontre B2B" in refusal.value.message and during.title in refusal.value.message
    assert signup.sign_up(a, later).session == later
    # A meeting that no longer exists blocks nothing.
    Meeting.objects.filter(request=request).delete()
    assert signup.sign_up(b, during).session == during


def test_publication_runs_in_the_background_resumes_and_is_idempotent(
    small_b2b, admin_client, monkeypatch
):
    from rencontres.comms.models import Mail
    from rencontres.networking.domain import scheduling
    from rencontres.networking.domain.scheduling import import_schedule

    people = [participant(small_b2b, f"p{i}.test@example.org") for i in range(4)]
    for requester, invited in (people[:2], people[2:]):
        answer_request(send_request(requester, invited), invited, accept=True)
    run = import_schedule(small_b2b, fcfs(build_instance(small_b2b)))
    progress_url = reverse("admin:networking_publication_progress", args=[run.pk])

    request_publication(run)
    with pytest.raises(NetworkingError):
        request_publication(run)  # already asked
    progress = admin_client.get(progress_url, HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 1s"' in progress.content and b"<progress" in progress.content

    # The worker dies after the first mail (one person per batch here).
    real_tell = scheduling.tell
    told = []

    def tell_once(person, template, **context):
        if told:
            raise RuntimeError("SMTP relay gone")
        told.append(person.pk)
        return real_tell(person, template, **context)

    monkeypatch.setattr(scheduling, "TELL_BATCH", 1)
    monkeypatch.setattr(scheduling, "tell", tell_once)
    assert execute_publication(run.pk) == "failed"
    run.refresh_from_db()
    assert run.published_at is not None and Meeting.objects.filter(edition=small_b2b).count() == 2
    assert run.notified == 1 and len(run.to_notify) == 3
    page = admin_client.get(reverse("admin:networking_run", args=[run.pk])).content.decode()
    assert "SMTP relay gone" in page and "Envoyer les courriels restants" in page

    # Asked again, it resumes: the meetings stay, the three others get their mail.
    monkeypatch.setattr(scheduling, "tell", real_tell)
    admin_client.post(reverse("admin:networking_run_publish", args=[run.pk]))
    assert execute_publication(run.pk) == "done"
    assert execute_publication(run.pk) == "skipped"  # the task delivered twice
    run.refresh_from_db()
    assert (run.notified, run.to_notify, run.publication_status) == (4, [], "done")
    mails = Mail.objects.filter(template="networking/mail/schedule_published")
    assert sorted(mails.values_list("registration_id", flat=True)) == sorted(p.pk for p in people)
    with pytest.raises(NetworkingError):
        request_publication(run)  # published and everyone told
    done = admin_client.get(progress_url, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_a_waiting_list_place_counts_as_busy_for_meetings(small_b2b):
    """Promotion from a waiting list must never land on a published meeting."""
    from rencontres.program.models import Attendance, Session

    a = participant(small_b2b, "wait.one@example.org")
    b = participant(small_b2b, "wait.two@example.org")
    answer_request(send_request(a, b), b, accept=True)
    workshop = (
        Session.objects.filter(edition=small_b2b, signup_required=True).order_by("start").first()
    )
    Attendance.objects.create(session=workshop, registration=a, status=Attendance.Status.WAITING)
    instance = build_instance(small_b2b)
    unavailable = {p["id"]: p["unavailable"] for p in instance["participants"]}.get(f"p{a.pk}")
    expected = [s.id for s in edition_slots(small_b2b) if s.overlaps(workshop.start, workshop.end)]
    assert expected, "the first workshop block runs beside a B2B block"
    assert unavailable == expected
