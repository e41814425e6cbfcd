"""Every organiser decision and every export of personal data lands in the trail, with who,
on whom and the reason; the trail shows on each registration and per edition."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.core.roles import sync_roles
from rencontres.registration.domain import visa
from rencontres.registration.models import Registration

pytestmark = pytest.mark.django_db
LIST = reverse("admin:registration_registration_changelist")


@pytest.fixture
def organiser(client):
    """A "full organiser" (the role, not a superuser), logged in."""
    sync_roles()
    user = User.objects.create_user("claire", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisateur complet"))
    client.force_login(user)
    return user


def actions(**filters):
    return list(ActivityLog.objects.filter(**filters).values_list("action", flat=True))


def visa_for(registration):
    return visa.request_letter(
        registration,
        {
            "name_in_passport": "DIALLO Amina",
            "nationality": "SN",
            "date_of_birth": datetime.date(1980, 5, 17),
            "place_of_birth": "Dakar",
            "passport_number": "A01234567",
            "passport_issued_on": datetime.date(2020, 1, 1),
            "passport_expires_on": registration.edition.end_date + datetime.timedelta(days=400),
            "consulate": "Consulat général de France à Dakar",
            "letter_language": "fr",
        },
    )


def test_registration_decisions_are_recorded_with_their_reason_and_shown(
    client, edition, organiser
):
    pending = make_registration(
        edition, "press@example.org", status=Registration.Status.PENDING_APPROVAL
    )
    refused = make_registration(
        edition, "refused@example.org", status=Registration.Status.PENDING_APPROVAL
    )
    placed = make_registration(edition, "placed@example.org", country="SN")
    client.post(LIST, {"action": "approve", "_selected_action": [pending.pk]})
    # Refusing asks for a reason first, and changes nothing until confirmed.
    page = client.post(LIST, {"action": "refuse", "_selected_action": [refused.pk]})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    refused.refresh_from_db()
    assert refused.status == Registration.Status.PENDING_APPROVAL
    client.post(
        LIST,
        {
            "action": "refuse",
            "_selected_action": [refused.pk],
            "apply": "1",
            "reason": "Pas journaliste",
        },
    )
    client.post(LIST, {"action": "send_personal_link", "_selected_action": [placed.pk]})
    request_ = visa_for(placed)
    visa_list = reverse("admin:registration_visarequest_changelist")
    client.post(visa_list, {"action": "validate", "_selected_action": [request_.pk]})
    letter = client.get(reverse("admin:registration_visarequest_letter", args=[request_.pk]))
    assert letter.status_code == 200
    client.post(
        LIST,
        {
            "action": "cancel",
            "_selected_action": [placed.pk],
            "apply": "1",
            "reason": "Demande écrite du maire",
        },
    )

    assert actions(object_id=str(pending.pk)) == ["registration.approve"]
    entry = ActivityLog.objects.get(object_id=str(refused.pk))
    assert (entry.action, entry.reason, entry.actor, entry.edition) == (
        "registration.refuse",
        "Pas journaliste",
        organiser,
        edition,
    )
    assert actions(object_id=str(placed.pk)) == [
        "registration.cancel",
        "registration.visa_letter",
        "registration.visa_validate",
        "registration.send_link",
    ]
    # "Historique" on the registration's page: who, what, the reason.
    page = client.get(reverse("admin:registration_registration_change", args=[placed.pk]))
    history = page.content.decode().split('id="history"')[1]
    assert "Historique" in history and "claire" in history
    assert "Inscription annulée pour le compte du participant" in history
    assert "Demande écrite du maire" in history
    # The edition's page leads to its trail, filtered.
    page = client.get(reverse("admin:editions_edition_change", args=[edition.pk]))
    trail = f"{reverse('admin:audit_activitylog_changelist')}?edition__id__exact={edition.pk}"
    assert trail in page.content.decode()
    page = client.get(trail).content.decode()
    assert "Pas journaliste" in page and "Demande écrite du maire" in page


def test_exports_of_personal_data_are_recorded(client, edition, organiser):
    make_registration(edition, "a@example.org")
    make_registration(edition, "b@example.org")
    url = reverse("admin:registration_registration_export", args=["xlsx"])
    assert client.get(url, {"edition__id__exact": edition.pk}).status_code == 200
    chosen = Registration.objects.filter(edition=edition).values_list("pk", flat=True)
    client.post(LIST, {"action": "export_csv", "_selected_action": list(chosen)})
    exports = ActivityLog.objects.filter(action="registration.export").order_by("pk")
    assert [(e.data["format"], e.data["count"], e.edition) for e in exports] == [
        ("xlsx", 2, edition),
        ("csv", 2, edition),
    ]
    assert f"edition__id__exact={edition.pk}" in exports[0].data["filters"]


def test_program_decisions_and_attendance_lists_are_recorded(client, edition, organiser):
    from rencontres.program.domain import cafes
    from rencontres.program.models import Attendance, CafeRound, Session

    person = make_registration(edition)
    sessions = list(Session.objects.filter(edition=edition, signup_required=True))
    first, second = (
        sessions[0],
        next(s for s in sessions if s.start == sessions[0].start and s != sessions[0]),
    )
    client.post(
        reverse("admin:program_session_assign", args=[first.pk]), {"registrations": [person.pk]}
    )
    attendance = Attendance.objects.get(registration=person, session=first)
    client.post(
        reverse("admin:program_attendance_changelist"),
        {
            "action": "move_people",
            "_selected_action": [attendance.pk],
            "apply": "1",
            "target": second.pk,
        },
    )
    for name in ("program_attendance_pdf", "program_attendance_xlsx"):
        assert client.get(reverse(f"admin:{name}", args=[second.pk])).status_code == 200
    cafe_round = CafeRound.objects.get(edition=edition)
    cafes.choose(person, cafe_round, list(cafe_round.cafes().values_list("pk", flat=True)[:3]))
    client.post(reverse("admin:program_caferound_run", args=[cafe_round.pk]))
    client.post(reverse("admin:program_caferound_publish", args=[cafe_round.pk]))
    assert actions(object_id=str(person.pk)) == ["program.move", "program.assign"]
    assert ActivityLog.objects.get(action="program.move").data["session"] == second.pk
    assert actions(action__startswith="program.export") == ["program.export_attendance"] * 2
    assert actions(action__startswith="program.cafes") == [
        "program.cafes_publish",
        "program.cafes_run",
    ]


def test_b2b_decisions_and_downloads_are_recorded(client, edition, organiser):
    from rencontres.networking.domain.instance import build_instance
    from rencontres.networking.domain.requests import answer_request, send_request
    from rencontres.networking.domain.slots import edition_slots, slot_id
    from rencontres.networking.models import Meeting, SchedulerSettings, ScheduleRun
    from rencontres.networking.tests.conftest import participant
    from rencontres.scheduler import fcfs

    SchedulerSettings.objects.update_or_create(edition=edition, defaults={"tables": 3})
    a = participant(edition, "ana.b2b@example.org")
    b = participant(edition, "bo.b2b@example.org")
    answer_request(send_request(a, b), b, accept=True)
    upload = SimpleUploadedFile("s.json", json.dumps(fcfs(build_instance(edition))).encode())
    client.post(reverse("admin:networking_import", args=[edition.pk]), {"schedule": upload})
    run = ScheduleRun.objects.get(edition=edition)
    client.post(reverse("admin:networking_run_publish", args=[run.pk]))
    from rencontres.networking.domain.scheduling import execute_publication

    execute_publication(run.pk)
    meeting = Meeting.objects.get(edition=edition)
    target = next(s for s in edition_slots(edition) if s.start != meeting.start)
    client.post(
        reverse("admin:networking_move", args=[meeting.pk]), {"slot": target.id, "table": 2}
    )
    client.post(reverse("admin:networking_run_start", args=[edition.pk]))
    for name, args in [
        ("networking_instance", [edition.pk]),
        ("networking_run_json", [run.pk, "schedule"]),
        ("networking_table_plan", [edition.pk]),
    ]:
        assert client.get(reverse(f"admin:{name}", args=args)).status_code == 200
    assert actions(edition=edition) == [
        "networking.export",
        "networking.export",
        "networking.export",
        "networking.run",
        "networking.move",
        "networking.publish",
        "networking.import",
    ]
    assert ActivityLog.objects.get(action="networking.move").data["old"]["start"] == (
        meeting.start.isoformat()
    )
    assert slot_id(Meeting.objects.get(pk=meeting.pk).start) == target.id


def test_send_again_and_next_edition_are_recorded(client, edition, organiser):
    from rencontres.comms.models import Mail
    from rencontres.registration import notify

    person = make_registration(edition)
    notify.send_personal_link(person)
    mail = Mail.objects.get(registration=person)
    client.post(
        reverse("admin:comms_mail_changelist"),
        {"action": "send_again", "_selected_action": [mail.pk]},
    )
    assert actions(object_id=str(person.pk)) == ["comms.send_again"]
    client.post(
        reverse("admin:editions_edition_next", args=[edition.pk]),
        {
            "number": edition.number + 1,
            "start_date": edition.start_date + datetime.timedelta(days=364),
            "end_date": edition.end_date + datetime.timedelta(days=364),
        },
    )
    entry = ActivityLog.objects.get(action="editions.next_edition")
    assert entry.edition.number == edition.number + 1 and entry.data["source"] == edition.pk


def test_the_trail_keeps_the_visitor_address_behind_a_trusted_proxy(edition, settings):
    """Behind nginx the trail would say 127.0.0.1 for every organiser."""
    from django.test import Client

    sync_roles()
    user = User.objects.create_user("marc", is_staff=True)
    user.groups.add(Group.objects.get(name="Organisateur complet"))
    make_registration(edition, "a@example.org")
    url = reverse("admin:registration_registration_export", args=["csv"])
    for trusted, expected in [(["127.0.0.1"], "203.0.113.5"), ([], "127.0.0.1")]:
        settings.TRUSTED_PROXIES = trusted
        client = Client(REMOTE_ADDR="127.0.0.1")
        client.force_login(user)
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 200
        assert ActivityLog.objects.latest("pk").address == expected
