"""Organisers: list with filters and counts, decisions, manual addition, exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_registration
from rencontres.comms.models import Mail
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
    assert rows[1][4].startswith("'=")


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
