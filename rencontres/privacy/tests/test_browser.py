"""The participant's personal data page as people use it: withdraw a consent, download the
ZIP, ask for erasure; the public notices. Each page checked by axe."""

import json
import zipfile

import pytest

from conftest import download
from rencontres.audit.models import ActivityLog
from rencontres.networking.models import Profile
from rencontres.privacy.models import ErasureRequest
from rencontres.registration.access import login_url_for
from rencontres.registration.domain.registering import cancel

from .helpers import full_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_my_data(page, registration):
    page.goto(login_url_for(registration))
    page.get_by_role("link", name="Mes données personnelles et consentements").click()
    page.get_by_role("heading", name="Mes consentements").wait_for()


def test_participant_withdraws_a_consent_and_downloads_a_zip_of_their_data(
    page, small_edition, private_root, axe
):
    registration = full_participant(small_edition, directory_consent=True)
    open_my_data(page, registration)
    axe(page)
    page.get_by_role("button", name="Retirer mon consentement : Annuaire des participants").click()
    page.wait_for_selector("text=Votre consentement est retiré.")
    assert not Profile.objects.listed(small_edition).filter(registration=registration).exists()
    assert page.get_by_role(
        "button", name="Donner mon consentement : Annuaire des participants"
    ).is_visible()

    path, name = download(
        page, page.get_by_role("link", name="Télécharger mes données personnelles (ZIP)").click
    )
    assert name.endswith(".zip") and registration.reference.lower() in name
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("data.json"))
        assert data["registration"]["last_name"] == "Diop"
        assert data["visa_request"]["passport_number"] == "A1234567"
        withdrawn = [c for c in data["consent_records"] if c["kind"]["value"] == "directory"]
        assert [c["given"] for c in withdrawn] == [False, True]  # newest first
        assert archive.read(data["networking_profile"]["photo"])[:4] == b"\x89PNG"


def test_participant_asks_for_erasure_and_the_organisers_see_it(
    page, small_edition, private_root, axe
):
    registration = full_participant(small_edition)
    open_my_data(page, registration)
    page.get_by_role("link", name="Demander l’effacement de mes données").click()
    page.get_by_role("heading", name="Demander l’effacement de mes données").wait_for()
    axe(page)
    page.get_by_role("button", name="Oui, effacer mes données").click()
    page.wait_for_selector("text=Votre demande est enregistrée.")
    axe(page)
    request = ErasureRequest.objects.get(registration=registration)
    assert request.status == ErasureRequest.Status.REQUESTED
    assert ActivityLog.objects.filter(action="privacy.erasure_requested").exists()


def test_the_organiser_s_notice_is_linked_from_the_form_and_the_pages_are_accessible(
    page, small_edition, axe
):
    page.goto(f"/editions/{small_edition.number}/inscription/")
    page.get_by_role("link", name="Comment nous utilisons vos données personnelles").click()
    page.get_by_role("heading", name="Combien de temps nous les gardons").wait_for()
    text = page.locator("main").inner_text()
    assert small_edition.organiser.name in text
    assert "30 jours après le dernier jour de l’édition" in text
    axe(page)
    page.get_by_role("link", name="Cookies et sécurité de la plateforme").click()
    page.get_by_role("heading", name="Données personnelles", exact=True).wait_for()
    assert "Notice d’information de" in page.locator("main").inner_text()
    axe(page)
    # Every page of an edition (and so each of its forms) links to its organiser's notice.
    page.goto(f"/editions/{small_edition.number}/")
    page.locator("footer").get_by_role("link", name="Données personnelles").click()
    page.get_by_role("heading", name="Combien de temps nous les gardons").wait_for()
    page.goto(f"/en/personal-data/{small_edition.organiser_id}/")
    page.get_by_role("heading", name="How long we keep it").wait_for()
    axe(page)


def test_a_cancelled_participant_still_downloads_their_data_and_asks_for_erasure(
    page, small_edition, private_root, axe
):
    registration = full_participant(small_edition)
    link = login_url_for(registration)
    cancel(registration)
    page.goto(link)
    page.get_by_role("heading", name="Votre inscription a pris fin").wait_for()
    page.get_by_role(
        "link", name="Mes données personnelles : les télécharger ou en demander l’effacement"
    ).click()
    page.get_by_role("heading", name="Mes consentements").wait_for()
    axe(page)
    path, _name = download(
        page, page.get_by_role("link", name="Télécharger mes données personnelles (ZIP)").click
    )
    with zipfile.ZipFile(path) as archive:
        assert json.loads(archive.read("data.json"))["registration"]["status"]["value"] == (
            "cancelled"
        )
    page.get_by_role("link", name="Demander l’effacement de mes données").click()
    page.get_by_role("button", name="Oui, effacer mes données").click()
    page.wait_for_selector("text=Votre demande est enregistrée.")
    assert ErasureRequest.objects.filter(registration=registration).exists()
