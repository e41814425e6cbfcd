"""The "Create the next edition" button, clicked in Chromium as an organiser does."""

import datetime

import pytest
from django.urls import reverse

from rencontres.editions.models import Edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_the_next_edition_by_clicking(admin_page, seeded):
    page = admin_page
    source = seeded[16]
    page.goto(reverse("admin:editions_edition_change", args=[source.pk]))
    page.get_by_role("link", name="Créer l’édition suivante").click()
    # The form comes filled in: the next number, the same weekdays a year later.
    assert page.get_by_label("Numéro").input_value() == "18"
    first_day = source.start_date + datetime.timedelta(weeks=52)
    assert page.get_by_label("Premier jour").input_value() == first_day.isoformat()
    page.get_by_role("button", name="Créer le brouillon").click()
    page.get_by_text("La nouvelle édition a été créée").wait_for()
    created = Edition.objects.get(number=18)
    assert created.status == Edition.Status.DRAFT and created.venue_id == source.venue_id
    assert page.url.endswith(reverse("admin:editions_edition_change", args=[created.pk]))
