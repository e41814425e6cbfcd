import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.cockpit import extensions
from rencontres.cockpit.domain import figures
from rencontres.comms.models import Mail
from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration, RegistrationSettings, VisaRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(django_user_model):
    return django_user_model.objects.create_superuser("orga", "orga@example.org", "pw")


@pytest.fixture
def people(edition):
    RegistrationSettings.objects.update_or_create(edition=edition, defaults={"capacity": 10})
    made = [
        make_registration(edition, country="FR", organisation_type="commune", language="fr"),
        make_registration(edition, country="FR", organisation_type="region", language="fr"),
        make_registration(
            edition, country="CM", organisation_type="foreign_authority", language="en"
        ),
        make_registration(edition, country="SN", status="waiting", waiting_since=timezone.now()),
        make_registration(edition, country="SN", status="pending_approval"),
        make_registration(edition, status="pending_email"),
        make_registration(edition, status="cancelled"),
    ]
    old = make_registration(edition, status="pending_email")
    Registration.objects.filter(pk=old.pk).update(
        created=timezone.now() - datetime.timedelta(days=9)
    )
    return made + [old]


def test_figures_count_by_status_country_type_and_language(edition, people):
    board = figures.dashboard(edition)
    status = {row.key: row.count for row in board.by_status}
    assert status == {
        "confirmed": 3,
        "pending_approval": 1,
        "waiting": 1,
        "pending_email": 2,
        "cancelled": 1,
    }
    assert board.total == 7  # the cancelled one is left out of the breakdowns
    assert {row.key: row.count for row in board.by_country} == {"FR": 4, "CM": 1, "SN": 2}
    assert {r.key: r.count for r in board.by_organisation_type}["commune"] == 1
    assert {r.key: r.count for r in board.by_language} == {"fr": 6, "en": 1}
    assert board.capacity == 10 and board.holding == 4 and board.capacity_left == 6
    assert [todo.label for todo in board.todos] == [
        "1 inscription en attente de validation",
        "1 personne attend une place alors que des places sont libres",
        "1 adresse non confirmée depuis plus d’une semaine",
    ]
    # The timeline's last day counts every registration, by current status.
    assert sum(board.timeline[-1][1].values()) == 8


def test_todos_for_visas_failed_mails_and_sessions_with_room(edition, people):
    VisaRequest.objects.create(
        registration=people[2],
        name_in_passport="A B",
        nationality="CM",
        date_of_birth=datetime.date(1980, 1, 1),
        place_of_birth="Yaoundé",
        passport_number="X1",
        passport_issued_on=datetime.date(2020, 1, 1),
        passport_expires_on=datetime.date(2030, 1, 1),
    )
    Mail.objects.create(
        to="a@example.org",
        subject="s",
        body_text="b",
        language="fr",
        template="t",
        status="failed",
        edition=edition,
    )
    session = Session.objects.filter(edition=edition, kind="workshop").first()
    session.capacity = 5
    session.save()
    Attendance.objects.create(session=session, registration=people[0], source="self")
    Attendance.objects.create(
        session=session, registration=people[1], source="self", status="waiting"
    )
    board = figures.dashboard(edition)
    labels = [todo.label for todo in board.todos]
    assert "1 demande de lettre de visa à examiner" in labels
    assert "1 courriel en échec" in labels
    assert "1 session a des places libres et une liste d’attente" in labels
    fill = next(f for f in board.sessions if f.session == session)
    assert (fill.taken, fill.waiting, fill.percent) == (1, 1, 20)


def test_extension_points_add_attendance_sections_and_survive_failures(edition, people):
    session = Session.objects.filter(edition=edition).first()

    def present(ed):
        return {None: 3, session.pk: 2}

    def broken(ed):
        raise RuntimeError("boom")

    def survey(ed):
        return extensions.Section("Questionnaire", [extensions.Figure("Réponses", 4)])

    saved = (list(extensions.ATTENDANCE_SOURCES), list(extensions.SECTIONS))
    try:
        extensions.add_attendance_source(present)
        extensions.add_attendance_source(broken)
        extensions.add_section(survey)
        board = figures.dashboard(edition)
    finally:
        extensions.ATTENDANCE_SOURCES[:], extensions.SECTIONS[:] = saved
    assert next(f for f in board.sessions if f.session == session).present == 2
    assert board.sections[0].title == "Questionnaire"
    assert board.missing_parts


def test_dashboard_page_links_and_query_count(client, organiser, edition, people):
    client.force_login(organiser)
    url = reverse("admin:cockpit_dashboard", args=[edition.pk])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    count_small = len(queries)
    for _ in range(30):
        make_registration(edition, country="DE")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # 16: the organiser's second-factor device, checked on every request (django-otp).
    assert len(queries) == count_small <= 16
    html = response.content.decode()
    assert "Tableau de bord" in html
    # Every link to a filtered list opens it without the admin's "invalid filter" redirect.
    board = figures.dashboard(edition)
    urls = [
        r.url
        for r in board.by_status
        + board.by_country
        + board.by_organisation_type
        + board.by_language
        + board.by_category
        + board.mails
    ] + [t.url for t in board.todos]
    for link in urls:
        page = client.get(link)
        assert page.status_code == 200 and "?e=1" not in page.get("Location", ""), link


def test_admin_home_shows_a_card_per_current_edition(client, organiser, edition, people):
    client.force_login(organiser)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Tableau de bord de la" in html
    assert reverse("admin:cockpit_dashboard", args=[edition.pk]) in html
    assert "Task Results" not in html and "Résultats" not in html


def test_dashboard_needs_its_permission(client, django_user_model, edition):
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:cockpit_dashboard", args=[edition.pk])).status_code == 403
    assert "Tableau de bord" not in client.get(reverse("admin:index")).content.decode()


def test_chart_xlsx_reads_back_and_is_recorded(client, organiser, edition, people):
    from openpyxl import load_workbook

    client.force_login(organiser)
    response = client.get(reverse("admin:cockpit_chart_xlsx", args=[edition.pk, "country"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {"France": 4, "Sénégal": 2, "Cameroun": 1}
    assert ActivityLog.objects.filter(action="cockpit.export_figures", edition=edition).exists()
    assert (
        client.get(reverse("admin:cockpit_chart_xlsx", args=[edition.pk, "nope"])).status_code
        == 404
    )


def test_timeline_counts_every_day_from_the_opening(edition):
    day = datetime.date(2026, 9, 1)
    edition.registration_opens = day
    created = [(day + datetime.timedelta(days=2), "confirmed"), (day, "waiting")]
    timeline = figures.timeline(edition, created, today=day + datetime.timedelta(days=3))
    assert [d for d, _c in timeline][0] == day and len(timeline) == 4
    assert timeline[1][1]["waiting"] == 1 and timeline[1][1]["confirmed"] == 0
    assert timeline[-1][1] == {**timeline[-1][1], "confirmed": 1, "waiting": 1}
    # Registrations after a past edition's last day still count.
    late = figures.timeline(edition, created, today=edition.end_date + datetime.timedelta(days=400))
    assert sum(late[-1][1].values()) == 2
