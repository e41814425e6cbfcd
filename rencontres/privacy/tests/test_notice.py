"""Organisers' privacy notices: their settings shown at once, only for organisers with a
public edition."""

import pytest
from django.urls import reverse

from rencontres.privacy.models import PrivacySettings
from rencontres.testing.factories import OrganiserFactory

pytestmark = pytest.mark.django_db


def test_the_notice_shows_the_organiser_s_settings_as_soon_as_they_are_saved(small_edition, client):
    url = reverse("privacy:notice", args=[small_edition.organiser_id])
    page = client.get(url).text
    assert "30 jours après le dernier jour" in page and "12 mois" in page
    rules = PrivacySettings.objects.create(
        organiser=small_edition.organiser,
        passport_days=15,
        dpo="Délégué : dpo@example.org",
        notice_fr="Nos prestataires : Traiteur <b>Exemple</b>.",
        notice_en="Our processors: Example caterer.",
    )
    page = client.get(url).text  # the cached page was invalidated
    assert "15 jours après le dernier jour" in page and "dpo@example.org" in page
    assert "Traiteur &lt;b&gt;Exemple&lt;/b&gt;" in page  # text, never HTML
    english = client.get(f"/en/personal-data/{rules.organiser_id}/").text
    assert "Our processors: Example caterer." in english and "15 days after" in english


def test_an_organiser_without_a_public_edition_has_no_public_notice(client):
    organiser = OrganiserFactory()
    assert client.get(reverse("privacy:notice", args=[organiser.pk])).status_code == 404
    assert client.get("/en/personal-data/999999/").status_code == 404
