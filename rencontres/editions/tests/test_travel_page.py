"""Travel and stay on the practical information page: stations and airports with the way to
the venue, recommended hotels, visa information by country with the official site."""

import pytest
from django.urls import reverse
from django.utils import translation

from rencontres.editions.models import AccessRoute, Hotel, VisaNote
from rencontres.testing.factories import EditionFactory


def travel_edition():
    edition = EditionFactory()
    AccessRoute.objects.create(
        venue=edition.venue,
        mode="plane",
        station_fr="Aéroport Paris-Charles de Gaulle",
        station_en="Paris-Charles de Gaulle airport",
        details_fr="RER B jusqu’à Châtelet, puis métro 11.",
        details_en="RER B to Châtelet, then metro line 11.",
    )
    Hotel.objects.create(
        edition=edition,
        name="Hôtel de démonstration",
        rate_fr="120 € la nuit",
        rate_en="120 € a night",
        booking_code="RAICT-DEMO",
    )
    VisaNote.objects.create(
        edition=edition,
        country="CM",
        text_fr="Déposez votre demande six semaines avant.",
        text_en="Apply six weeks ahead.",
    )
    return edition


def practical_url(edition, language):
    with translation.override(language):
        return reverse("editions:practical", kwargs={"number": edition.number})


@pytest.mark.django_db
def test_the_practical_page_shows_stations_hotels_and_visas_in_both_languages(client):
    edition = travel_edition()
    french = client.get(practical_url(edition, "fr")).text
    assert "Depuis les gares et les aéroports" in french
    assert "Aéroport Paris-Charles de Gaulle" in french and "métro 11" in french
    assert "120 € la nuit" in french and "RAICT-DEMO" in french
    assert "Cameroun" in french and "six semaines" in french
    assert 'href="https://france-visas.gouv.fr/"' in french
    english = client.get(practical_url(edition, "en")).text
    assert "From railway stations and airports" in english
    assert "120 € a night" in english and "Cameroon" in english and "Apply six weeks" in english


@pytest.mark.django_db
def test_without_hotels_the_page_has_no_empty_hotel_section(client):
    edition = EditionFactory()
    text = client.get(practical_url(edition, "fr")).text
    assert "Où loger" not in text
    assert "france-visas.gouv.fr" in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_travel_information_is_accessible_on_a_phone(page, axe):
    edition = travel_edition()
    page.set_viewport_size({"width": 360, "height": 740})
    for language in ("fr", "en"):
        page.goto(practical_url(edition, language))
        page.get_by_role(
            "heading", name="Où loger" if language == "fr" else "Where to stay"
        ).wait_for()
        # Nothing wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        axe(page)
