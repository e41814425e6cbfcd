"""Demo press page: the 15th edition shows the figures of its press release of 6 November
2024 (../shared/seeds/), published by the organiser, not computed (the platform did not
exist then)."""

import datetime

from django.utils import timezone

from .models import PressPage

FIGURES_2024 = {
    "participants": {"value": 500, "more_than": True},
    "countries": {"value": 20, "more_than": True},
    "regional_meetings": {"value": 6},
    "workshops": {"value": 6},
    "cafes": {"value": 12},
}


def load(editions):
    edition = editions.get(15)
    if edition is None:
        return
    published = timezone.make_aware(datetime.datetime(2024, 11, 6, 10, 0))
    PressPage.objects.update_or_create(
        edition=edition,
        defaults={
            "published": True,
            "published_at": published,
            "given_figures": FIGURES_2024,
            "release_title_fr": (
                "15e édition des « Rencontres de l'action internationale des collectivités "
                "territoriales » : Plus de 500 participants de plus de 20 pays réunis pour une "
                "édition marquante organisée par Cités Unies France !"
            ),
            "release_title_en": (
                "15th edition of the “Meetings of the international action of local "
                "authorities”: more than 500 participants from more than 20 countries at a "
                "landmark edition organised by Cités Unies France!"
            ),
            "release_text_fr": edition.review_fr,
            "release_text_en": edition.review_en,
            "release_published_at": published,
        },
    )
