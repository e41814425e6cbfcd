"""Staff pages around check-in: permissions, sync endpoint, badge page button, the desk,
the program's attendance lists and the back-office counters."""

import io
import json
import re
import subprocess
import uuid

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.onsite.domain.badges import badge_url, issue_badge
from rencontres.onsite.models import CheckIn, WalkIn
from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration

pytestmark = pytest.mark.django_db


def desk_staff(username="desk"):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    return user


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_every_check_in_page_needs_the_permission(client, edition):
    registration = make_registration(edition)
    _, token = issue_badge(registration)
    number = edition.number
    pages = [
        reverse("onsite:scanner", args=[number]),
        reverse("onsite:scanner_data", args=[number]),
        reverse("onsite:desk", args=[number]),
    ]
    for url in pages:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("other", is_staff=True))
    for url in pages:
        assert client.get(url).status_code == 403
    sync = client.post(
        reverse("onsite:scanner_sync", args=[number]),
        json.dumps({"scans": [{"client_id": str(uuid.uuid4()), "token": token}]}),
        content_type="application/json",
    )
    assert sync.status_code == 403
    assert client.post(reverse("onsite:badge_check_in", args=[token])).status_code == 403
    assert not CheckIn.objects.exists()


def test_sync_needs_csrf_and_survives_garbage(edition):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(desk_staff())
    url = reverse("onsite:scanner_sync", args=[edition.number])
    data = client.get(reverse("onsite:scanner_data", args=[edition.number])).json()
    assert client.post(url, "{}", content_type="application/json").status_code == 403
    headers = {"HTTP_X_CSRFTOKEN": data["csrf"]}
    for body in ["not json", "[]", '{"scans": 3}', json.dumps({"scans": [{}] * 501})]:
        response = client.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 400, body
    response = client.post(
        url, json.dumps({"scans": [None, {"token": 5}]}), content_type="application/json", **headers
    )
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == ["forged", "forged"]


def test_the_data_for_offline_use_holds_hashes_not_tokens(client, edition):
    registration = make_registration(
        edition, dietary_needs="Végétarien", accessibility_needs="Fauteuil"
    )
    badge, token = issue_badge(registration)
    client.force_login(desk_staff())
    data = client.get(reverse("onsite:scanner_data", args=[edition.number]))
    assert "no-cache" in data["Cache-Control"] or "no-store" in data["Cache-Control"]
    person = next(p for p in data.json()["people"] if p["id"] == registration.pk)
    assert person["badges"] == [badge.token_hash]
    assert token not in data.content.decode()
    assert (person["dietary"], person["accessibility"]) == ("Végétarien", "Fauteuil")


def test_the_badge_page_checks_the_person_in_once(client, edition):
    registration = make_registration(edition, first_name="Amina", last_name="Diallo")
    _, token = issue_badge(registration)
    client.force_login(desk_staff())
    page = client.get(f"/b/{token}").content.decode()
    assert "Amina Diallo" in page and "Peut entrer" in page
    client.cookies["onsite_device"] = (
        "T%C3%A9l%C3%A9phone%20de%20L%C3%A9a"  # as the scanner sets it
    )
    client_id = re.search(r'name="client_id" value="([^"]+)"', page).group(1)
    for _ in range(2):  # a double tap on the button: one scan
        done = client.post(reverse("onsite:badge_check_in", args=[token]), {"client_id": client_id})
        assert (
            "Bienvenue" in done.content.decode() and 'data-colour="green"' in done.content.decode()
        )
    again = client.post(reverse("onsite:badge_check_in", args=[token])).content.decode()
    assert CheckIn.objects.count() == 1
    assert "Déjà enregistré" in again and "Téléphone de Léa" in again
    assert CheckIn.objects.get().device.name == "Téléphone de Léa"
    # A reprint: the old QR code now answers red.
    issue_badge(registration)
    old = client.get(f"/b/{token}").content.decode()
    assert "Ancien badge" in old and 'data-colour="red"' in old


def test_the_desk_registers_a_walk_in_and_prints_the_badge(client, edition):
    client.force_login(desk_staff())
    url = reverse("onsite:desk", args=[edition.number])
    form = {
        "first_name": "Nguyễn",
        "last_name": "Thị Minh Khai",
        "email": "walkin@example.org",
        "language": "fr",
        "country": "VN",
        "category": edition.categories.get(code="elected").pk,
        "data_consent": "on",
    }
    missing = client.post(url, {**form, "email": ""})
    assert missing.status_code == 200 and "Nguyễn" in missing.content.decode()
    response = client.post(url, form)
    registration = Registration.objects.get(email="walkin@example.org")
    assert response.status_code == 302
    assert registration.status == Registration.Status.CONFIRMED
    assert WalkIn.objects.get(registration=registration).registered_by.username == "desk"
    assert ActivityLog.objects.filter(action="onsite.walk_in").count() == 1
    person = client.get(response["Location"]).content.decode()
    assert "A une place\u00a0: imprimez le badge." in person
    pdf = client.post(reverse("onsite:desk_badge", args=[edition.number, registration.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "Nguyễn" in pdf_text(pdf.content)
    # The same address again: found, not registered twice.
    again = client.post(url, form, follow=True).content.decode()
    assert "Nguyễn Thị Minh Khai était déjà inscrit·e avec cette adresse" in again
    assert Registration.objects.filter(email="walkin@example.org").count() == 1
    assert WalkIn.objects.count() == 1


def test_attendance_lists_have_a_present_column_and_fill_rates_real_attendance(
    admin_client, edition
):
    session = Session.objects.filter(edition=edition, signup_required=True).first()
    people = [make_registration(edition, last_name=f"Liste{n}") for n in range(3)]
    for person in people:
        Attendance.objects.create(session=session, registration=person, source="self")
    for person in people[:2]:
        _, token = issue_badge(person)
        CheckIn.objects.create(
            edition=edition,
            registration=person,
            session=session,
            client_id=uuid.uuid4(),
            scanned_at=session.start,
        )
    listing = admin_client.get(
        reverse("admin:program_session_changelist") + f"?edition__id__exact={edition.pk}"
    )
    assert "3 / " in listing.content.decode() and "2 présents" in listing.content.decode()
    xlsx = admin_client.get(reverse("admin:program_attendance_xlsx", args=[session.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    present = {row[0]: row[-1] for row in rows[1:]}
    assert present == {"Liste0": "Oui", "Liste1": "Oui", "Liste2": None}
    pdf = admin_client.get(reverse("admin:program_attendance_pdf", args=[session.pk]))
    text = pdf_text(pdf.content)
    assert "Présent" in text and text.count("✓ Oui") == 2


def test_back_office_counters(client, edition):
    registration = make_registration(edition)
    _, token = issue_badge(registration)
    staff = desk_staff()
    staff.user_permissions.add(Permission.objects.get(codename="view_checkin"))
    client.force_login(staff)
    client.post(reverse("onsite:badge_check_in", args=[token]))
    expected = Registration.objects.filter(edition=edition, status="confirmed").count()
    page = client.get(reverse("admin:onsite_checkin_counters", args=[edition.pk]))
    assert page.status_code == 200
    assert f"1 / {expected}" in page.content.decode()
    assert badge_url(token) not in page.content.decode()


def test_back_office_lists_and_undoing_a_check_in_is_recorded(admin_client, edition):
    registration = make_registration(edition)
    check_in = CheckIn.objects.create(
        edition=edition,
        registration=registration,
        client_id=uuid.uuid4(),
        scanned_at=timezone.now(),
    )
    for name in ["checkin", "device", "walkin"]:
        assert admin_client.get(reverse(f"admin:onsite_{name}_changelist")).status_code == 200
    tools = admin_client.get(reverse("admin:onsite_checkin_changelist")).content.decode()
    assert reverse("onsite:scanner", args=[edition.number]) in tools
    admin_client.post(reverse("admin:onsite_checkin_delete", args=[check_in.pk]), {"post": "yes"})
    assert not CheckIn.objects.exists()
    assert ActivityLog.objects.get(action="onsite.undo_check_in").object_id == str(registration.pk)


def test_the_scanner_speaks_the_user_language_its_scripts_too(client, edition):
    client.force_login(desk_staff())

    def page_and_words(url):
        html = client.get(url).content.decode()
        config = re.search(r'id="scanner-config" type="application/json">(.*?)</script>', html)
        return html + json.dumps(json.loads(config.group(1)), ensure_ascii=False)

    french = page_and_words(reverse("onsite:scanner", args=[edition.number]))
    with translation.override("en"):
        url = reverse("onsite:scanner", args=[edition.number])
    english = page_and_words(url)
    assert url.startswith("/en/")
    for text in ["Démarrer la caméra", "hors ligne — %(count)s scans en attente", "Bienvenue"]:
        assert text in french
    for text in ["Start the camera", "offline — %(count)s scans waiting", "Welcome"]:
        assert text in english
