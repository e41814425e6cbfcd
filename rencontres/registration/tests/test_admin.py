"""Organisers: list with filters and counts, decisions, manual addition, exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.registration.admin import EXPORT_COLUMNS
from rencontres.registration.models import Registration

LIST = "/admin/registration/registration/"


@pytest.fixture
def registrations(small_edition):
    make_registration(
        small_edition, "a@example.org", last_name='=HYPERLINK("http://x")', country="SN"
    )
    make_registration(small_edition, "b@example.org", last_name="Martin", country="FR")
    make_registration(
        small_edition,
        "c@example.org",
        last_name="Presse",
        status=Registration.Status.PENDING_APPROVAL,
        category=small_edition.categories.get(code="press"),
    )
    return small_edition


@pytest.mark.django_db
def test_list_filters_search_and_counts(admin_client, registrations):
    edition = registrations
    page = admin_client.get(LIST, {"edition__id__exact": edition.pk}).content.decode()
    assert "3 inscriptions dans cette liste" in page
    assert "Par pays" in page and "Sénégal" in page
    filtered = admin_client.get(LIST, {"status__exact": "pending_approval"}).content.decode()
    assert "1 inscription dans cette liste" in filtered and "Presse" in filtered
    searched = admin_client.get(LIST, {"q": "Martin"}).content.decode()
    assert "1 inscription dans cette liste" in searched


@pytest.mark.django_db
def test_exports_neutralise_formulas(admin_client, registrations):
    csv = admin_client.get(reverse("admin:registration_registration_export", args=["csv"]))
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    xlsx = admin_client.get(
        reverse("admin:registration_registration_export", args=["xlsx"]), {"country": "SN"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2, "the export follows the list's filters"
    # Typed as text: shown as typed, never run, no apostrophe.
    assert rows[1][4] == '=HYPERLINK("http://x")' and sheet["E2"].data_type == "s"


@pytest.mark.django_db
def test_exports_in_paris_time_phone_as_text_named_after_the_edition(admin_client, edition):
    registration = make_registration(edition, phone="+33 1 23 45 67 89", last_name="-Tiret")
    Registration.objects.filter(pk=registration.pk).update(
        created=datetime.datetime(2026, 7, 1, 8, 5, tzinfo=datetime.UTC)
    )
    url = reverse("admin:registration_registration_export", args=["xlsx"])
    xlsx = admin_client.get(url)
    assert xlsx["Content-Disposition"] == (
        f'attachment; filename="inscriptions-{edition.number}e-edition.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    column = [name for name, _label in EXPORT_COLUMNS].index
    row = sheet[2]
    phone = row[column("phone")]
    assert phone.value == "+33 1 23 45 67 89" and phone.data_type == "s"
    assert row[column("last_name")].value == "-Tiret"
    # 08:05 UTC is 10:05 in Paris in summer, as the back-office shows it.
    assert row[column("created")].value == datetime.datetime(2026, 7, 1, 10, 5)

    excel = admin_client.get(reverse("admin:registration_registration_export", args=["csv-excel"]))
    assert excel["Content-Disposition"] == (
        f'attachment; filename="inscriptions-{edition.number}e-edition-excel.csv"'
    )
    assert excel.content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(excel.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Référence", "Statut", "Civilité"]
    assert "2026-07-01 10:05" in lines[1]
    # The CSV guard stays: a spreadsheet would otherwise run these as formulas.
    assert "'+33 1 23 45 67 89" in lines[1] and "'-Tiret" in lines[1]
    assert ActivityLog.objects.filter(action="registration.export", edition=edition).count() == 2


@pytest.mark.django_db
def test_approve_action_tells_the_participant(
    admin_client, registrations, django_capture_on_commit_callbacks
):
    pending = Registration.objects.get(email="c@example.org")
    admin_client.post(LIST, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.status == Registration.Status.CONFIRMED
    assert Mail.objects.filter(to="c@example.org", template="registration/mail/status").exists()


@pytest.mark.django_db
def test_manual_addition_confirms_and_sends_the_link(admin_client, small_edition):
    response = admin_client.post(
        f"{LIST}add/",
        {
            "edition": small_edition.pk,
            "category": small_edition.categories.get(code="speaker").pk,
            "first_name": "Intervenante",
            "last_name": "de démonstration",
            "email": "speaker@example.org",
            "language": "en",
            "country": "CM",
            "data_consent": "on",
            "answers": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    registration = Registration.objects.get(email="speaker@example.org")
    assert registration.status == Registration.Status.CONFIRMED
    mail = Mail.objects.get(to="speaker@example.org")
    assert mail.language == "en" and "/en/" in mail.body_text


@pytest.mark.django_db
def test_every_registration_admin_page_opens(admin_client, registrations):
    registration = Registration.objects.get(email="a@example.org")
    for url in [
        "/admin/registration/category/",
        "/admin/registration/category/add/",
        "/admin/registration/question/add/",
        "/admin/registration/registrationsettings/add/",
        "/admin/registration/delegation/",
        "/admin/registration/visarequest/",
        f"{LIST}add/",
        f"{LIST}{registration.pk}/change/",
        "/admin/comms/mail/",
    ]:
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_list_opens_on_the_current_edition_and_names_editions_beside_categories(
    admin_client, demo, edition
):
    make_registration(edition, "now@example.org", last_name="Actuelle")
    past = demo[16]
    make_registration(
        past, "past@example.org", last_name="Passee", category=past.categories.first()
    )
    page = admin_client.get(LIST).content.decode()
    assert "Actuelle" in page and "Passee" not in page
    assert f"Élu·e local·e ({edition.number}e édition)" in page
    assert f"({past.number}e édition)" in page
    everyone = admin_client.get(LIST, {"edition__id__exact": "all"}).content.decode()
    assert "Actuelle" in everyone and "Passee" in everyone
    chosen = admin_client.get(LIST, {"edition__id__exact": past.pk}).content.decode()
    assert "Actuelle" not in chosen and "Passee" in chosen
    # A value that is not an edition falls back to the current one, never a 500.
    assert "Actuelle" in admin_client.get(LIST, {"edition__id__exact": "x"}).content.decode()
