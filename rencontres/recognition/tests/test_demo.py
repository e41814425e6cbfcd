"""The demo holds only what the seed documents say, and a plainly fake open call."""

import re

import pytest

from rencontres.recognition.models import Application, HonouredCountry, LabelCall

pytestmark = pytest.mark.django_db


def test_the_demo_label_honoured_country_and_acknowledgement(demo):
    call = LabelCall.objects.get(edition=demo[15])
    assert call.title_fr == "Territoires unis et solidaires face aux Crises"
    assert call.title_en == "United cities and territories in the wake of crises"
    assert not call.applications.exists() and call.published_at is None
    cameroon = HonouredCountry.objects.get(edition=demo[15])
    assert demo[15].honoured_country == "CM"
    assert "MINDDEVEL" in cameroon.institutions_fr
    assert cameroon.plenary.kind == "ceremony" and not cameroon.partners.exists()
    [relais] = demo[16].acknowledgements.all()
    assert "Relais de la Coop Dec'" in relais.title_fr
    assert not relais.authorities.exists()  # the seeds do not name them


def test_the_demonstration_edition_has_an_open_call_with_two_fake_applications(edition):
    call = LabelCall.objects.get(edition=edition)
    assert call.state() == "open" and call.criteria.count() == 3
    applications = Application.objects.filter(call=call)
    assert applications.count() == 2
    assert all(a.email.endswith("@example.org") for a in applications)
    assert all(re.search("fictive|fictitious", a.authority) for a in applications)
