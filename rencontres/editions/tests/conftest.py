import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from rencontres.editions import demo
from rencontres.editions.models import Edition, Organiser, Venue
from rencontres.testing.replay import replay


@pytest.fixture
def seeded(db):
    """The 15th and 16th editions from the seeds and the demonstration edition, by number."""
    # The same rows as these two calls, loaded for real once per process (see replay).
    replay("seeded", lambda: demo.load_upcoming(demo.load_editions()[15]))
    editions = {edition.number: edition for edition in Edition.objects.filter(number__in=(15, 16))}
    editions[17] = Edition.objects.get(is_demo=True)
    return editions


@pytest.fixture
def organiser(db):
    return Organiser.objects.create(name_fr="Association", name_en="Association")


@pytest.fixture
def make_edition(organiser):
    """An edition with sensible defaults; keyword arguments override them."""

    def make(number, **fields):
        start = fields.pop("start_date", datetime.date(2030, 1, 1) + datetime.timedelta(number))
        values = {
            "organiser": organiser,
            "number": number,
            "title_fr": f"Rencontres {number}",
            "title_en": f"Meeting {number}",
            "start_date": start,
            "end_date": start,
            "status": Edition.Status.PUBLISHED,
            "venue": Venue.objects.get_or_create(name="Salle", street="1 rue", city="Paris")[0],
        }
        values.update(fields)
        return Edition.objects.create(**values)

    return make


EDITION_PAGES = ["editions:detail", "editions:practical", "editions:partners", "editions:contact"]
SITE_PAGES = ["editions:home", "editions:archive", "editions:accessibility", "editions:privacy"]


def public_urls(number, language):
    """The public pages this app serves, for one edition, in one language."""
    with translation.override(language):
        return [reverse(name) for name in SITE_PAGES] + [
            reverse(name, kwargs={"number": number}) for name in EDITION_PAGES
        ]
