import datetime
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from rencontres.editions.models import Edition, Format, Partner

D = datetime.date


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def organiser_client(client, db):
    """A staff account with the rights on editions only, like the organisers' team."""
    user = User.objects.create_user("orga", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="editions"))
    client.force_login(user)
    return client


def edition_form(organiser, venue, **changes):
    data = {
        "organiser": organiser.pk,
        "number": 20,
        "status": "draft",
        "title_fr": "Rencontres de l'action internationale des collectivités territoriales",
        "title_en": "Paris Meeting of local authorities in international action",
        "theme_fr": "Thème",
        "theme_en": "Theme",
        "start_date": "2030-07-04",
        "end_date": "2030-07-05",
        "venue": venue.pk,
        "registration_opens": "2030-04-15",
        "registration_closes": "2030-07-01",
        "contact_email": "coop-dec@example.org",
    }
    for prefix in ("formats", "partners", "hotels", "visa_notes"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    data.update(changes)
    return data


def test_back_office_is_in_french_with_both_languages_side_by_side(organiser_client, seeded):
    page = organiser_client.get(reverse("admin:editions_edition_add")).content.decode()
    assert 'lang="fr"' in page
    for label in ["Numéro de l’édition", "Premier jour", "Ouverture des inscriptions le"]:
        assert label.lower() in page.lower(), label
    assert 'name="theme_fr"' in page and 'name="theme_en"' in page
    assert "cdn" not in page.lower() and "googleapis" not in page
    for name in ["organiser", "venue", "edition"]:
        url = reverse(f"admin:editions_{name}_changelist")
        assert organiser_client.get(url).status_code == 200


def test_organiser_adds_an_edition_with_formats_and_partners(organiser_client, seeded):
    fifteen = seeded[15]
    data = edition_form(fifteen.organiser, fifteen.venue)
    data |= {
        "formats-TOTAL_FORMS": "1",
        "formats-0-kind": "plenary",
        "formats-0-title_fr": "Conférence plénière thématique",
        "formats-0-title_en": "Thematic plenary session",
        "formats-0-order": "0",
        "partners-TOTAL_FORMS": "1",
        "partners-0-role": "co_funder",
        "partners-0-name_fr": "PLATFORMA",
        "partners-0-name_en": "PLATFORMA",
        "partners-0-order": "0",
        "signatory_photo": png(),
    }
    response = organiser_client.post(reverse("admin:editions_edition_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edition = Edition.objects.get(number=20)
    assert (edition.theme_fr, edition.theme_en) == ("Thème", "Theme")
    assert edition.signatory_photo.name.startswith("signatories/")
    assert Format.objects.get(edition=edition).title_en == "Thematic plenary session"
    assert Partner.objects.get(edition=edition).role == "co_funder"
    # Edit it: publish it.
    url = reverse("admin:editions_edition_change", args=[edition.pk])
    data = edition_form(fifteen.organiser, fifteen.venue, status="published")
    assert organiser_client.post(url, data).status_code == 302
    assert Edition.objects.get(number=20).status == "published"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"registration_opens": "2030-05-01", "registration_closes": "2030-04-01"},
            "registration_closes",
            "La clôture des inscriptions ne peut pas précéder leur ouverture.",
        ),
        (
            {"end_date": "2030-07-03"},
            "end_date",
            "L’édition ne peut pas se terminer avant de commencer.",
        ),
        (
            {"signatory_photo": SimpleUploadedFile("photo.png", b"not an image")},
            "signatory_photo",
            "Téléversez une image valide.",
        ),
        ({"number": "15"}, "number", "Une édition portant ce numéro existe déjà."),
    ],
)
def test_bad_input_shows_errors_and_keeps_what_was_typed(
    organiser_client, seeded, changes, field, message
):
    fifteen = seeded[15]
    data = edition_form(fifteen.organiser, fifteen.venue, theme_fr="Mon thème tapé", **changes)
    response = organiser_client.post(reverse("admin:editions_edition_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert field in form.errors
    assert any(message in error for error in form.errors[field]), form.errors
    page = response.content.decode()
    assert 'value="Mon thème tapé"' in page
    assert Edition.objects.filter(number=20).exists() is False


def test_venue_with_access_routes_in_both_languages(organiser_client, db):
    data = {
        "name": "Salons",
        "street": "9bis, avenue d'Iéna",
        "postal_code": "75116",
        "city": "Paris",
        "country": "FR",
        "latitude": "48.8",
        "longitude": "",
        "access_routes-TOTAL_FORMS": "1",
        "access_routes-INITIAL_FORMS": "0",
        "access_routes-MIN_NUM_FORMS": "0",
        "access_routes-MAX_NUM_FORMS": "1000",
        "access_routes-0-mode": "metro",
        "access_routes-0-lines": "9",
        "access_routes-0-station_fr": "Iéna",
        "access_routes-0-exit_fr": "Musée Guimet",
        "access_routes-0-exit_en": "Musée Guimet",
        "access_routes-0-order": "0",
    }
    url = reverse("admin:editions_venue_add")
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    assert "Indiquez à la fois la latitude et la longitude" in response.content.decode()
    data["longitude"] = "2.29"
    assert organiser_client.post(url, data).status_code == 302


def test_create_the_next_edition_from_the_back_office(organiser_client, seeded):
    fifteen = seeded[15]
    change = organiser_client.get(reverse("admin:editions_edition_change", args=[fifteen.pk]))
    url = reverse("admin:editions_edition_next", args=[fifteen.pk])
    assert url in change.content.decode()
    form = organiser_client.get(url)
    assert "Créer l’édition suivante" in form.content.decode()
    assert form.context["form"].initial["number"] == 18
    response = organiser_client.post(
        url, {"number": "18", "start_date": "2030-10-23", "end_date": "2030-10-24"}
    )
    target = Edition.objects.get(number=18)
    assert response.url == reverse("admin:editions_edition_change", args=[target.pk])
    assert target.status == "draft" and target.partners.count() == 5


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"number": "16", "start_date": "2030-10-23", "end_date": "2030-10-24"},
            "Une édition portant ce numéro existe déjà.",
        ),
        (
            {"number": "18", "start_date": "2030-10-23", "end_date": "2030-10-22"},
            "L’édition ne peut pas se terminer avant de commencer.",
        ),
        (
            {"number": "18", "start_date": "2030-10-23", "end_date": "2030-10-23"},
            "Les inscriptions ne peuvent pas se clôturer après le dernier jour",
        ),
        ({"number": "18", "start_date": "pas une date", "end_date": ""}, "Saisissez une date"),
    ],
)
def test_create_the_next_edition_validates(organiser_client, seeded, data, message):
    # The 15th closes registration on its first day, two days long; one day cannot hold that.
    Edition.objects.filter(number=15).update(registration_closes=D(2024, 10, 24))
    url = reverse("admin:editions_edition_next", args=[seeded[15].pk])
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Edition.objects.filter(number=18).exists()
    assert f'value="{data["number"]}"' in response.content.decode()


def test_next_edition_needs_the_right_to_add(client, seeded):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_edition"))
    client.force_login(user)
    url = reverse("admin:editions_edition_next", args=[seeded[15].pk])
    assert client.post(url, {"number": "18"}).status_code == 403
    # The permission is checked first: no hint of which editions exist.
    assert client.get(reverse("admin:editions_edition_next", args=[999])).status_code == 403
