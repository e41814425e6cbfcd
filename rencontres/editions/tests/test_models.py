import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rencontres.editions.models import AccessRoute, Edition, Partner, Venue, partners_by_role

D = datetime.date


def test_edition_cannot_end_before_it_starts(make_edition):
    edition = make_edition(1, start_date=D(2030, 5, 2))
    edition.end_date = D(2030, 5, 1)
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.parametrize(
    ("opens", "closes", "field"),
    [
        (D(2030, 4, 10), D(2030, 4, 1), "registration_closes"),  # closes before it opens
        (D(2030, 4, 1), D(2030, 5, 3), "registration_closes"),  # closes after the last day
        (D(2030, 5, 3), None, "registration_opens"),  # opens after the last day
    ],
)
def test_registration_dates_are_checked(make_edition, opens, closes, field):
    edition = make_edition(1, start_date=D(2030, 5, 1), end_date=D(2030, 5, 2))
    edition.registration_opens, edition.registration_closes = opens, closes
    with pytest.raises(ValidationError) as error:
        edition.full_clean()
    assert list(error.value.message_dict) == [field]


def test_valid_edition_passes_validation(make_edition):
    edition = make_edition(
        1,
        start_date=D(2030, 5, 1),
        end_date=D(2030, 5, 2),
        registration_opens=D(2030, 3, 1),
        registration_closes=D(2030, 5, 2),
    )
    edition.full_clean()
    assert edition.days == [D(2030, 5, 1), D(2030, 5, 2)]


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (D(2030, 2, 28), "not_yet"),
        (D(2030, 3, 1), "open"),
        (D(2030, 4, 20), "open"),
        (D(2030, 4, 21), "closed"),
    ],
)
def test_registration_state(make_edition, today, state):
    edition = make_edition(
        1,
        start_date=D(2030, 5, 1),
        registration_opens=D(2030, 3, 1),
        registration_closes=D(2030, 4, 20),
    )
    assert edition.registration_state(today) == state


def test_registration_without_closing_date_runs_until_the_first_day(make_edition):
    edition = make_edition(1, start_date=D(2030, 5, 1), registration_opens=D(2030, 3, 1))
    assert edition.registration_state(D(2030, 5, 1)) == "open"
    assert edition.registration_state(D(2030, 5, 2)) == "closed"


def test_registration_never_opened_is_closed_once_the_edition_is_over(make_edition):
    edition = make_edition(1, start_date=D(2030, 5, 1))
    assert edition.registration_state(D(2030, 4, 1)) == "not_yet"
    assert edition.registration_state(D(2030, 6, 1)) == "closed"


def test_featured_is_the_current_or_next_public_edition(make_edition):
    make_edition(1, start_date=D(2030, 1, 10))
    current = make_edition(2, start_date=D(2030, 3, 1), end_date=D(2030, 3, 2))
    make_edition(3, start_date=D(2030, 6, 1))
    make_edition(4, start_date=D(2030, 2, 1), status=Edition.Status.DRAFT)
    assert Edition.objects.featured(today=D(2030, 3, 2)) == current
    assert Edition.objects.featured(today=D(2030, 3, 3)).number == 3
    # Drafts are never featured, even when they come first.
    assert Edition.objects.featured(today=D(2030, 1, 20)) == current


def test_featured_falls_back_to_the_latest_edition(make_edition):
    make_edition(1, start_date=D(2030, 1, 10))
    latest = make_edition(2, start_date=D(2030, 3, 1), status=Edition.Status.ARCHIVED)
    assert Edition.objects.featured(today=D(2031, 1, 1)) == latest


def test_no_public_edition_features_nothing(make_edition):
    make_edition(1, status=Edition.Status.DRAFT)
    assert Edition.objects.featured() is None


def test_ordinal_and_name_follow_the_language(make_edition):
    edition = make_edition(15, start_date=D(2024, 10, 23))
    with translation.override("fr"):
        assert str(edition) == "15e édition (2024)"
    with translation.override("en"):
        assert str(edition) == "15th edition (2024)"
        assert [make_edition(n).ordinal for n in (1, 2, 3, 11, 22)] == [
            "1st",
            "2nd",
            "3rd",
            "11th",
            "22nd",
        ]
    with translation.override("fr"):
        assert Edition.objects.get(number=1).ordinal == "1re"


def test_content_falls_back_to_the_other_language(make_edition):
    edition = make_edition(1, theme_fr="Thème", theme_en="")
    with translation.override("en"):
        assert edition.theme == "Thème"


def test_venue_coordinates_come_in_pairs():
    venue = Venue(name="Salle", street="1 rue", city="Paris", latitude=48.8)
    with pytest.raises(ValidationError):
        venue.full_clean()


def test_map_links_never_load_anything_by_themselves():
    venue = Venue(name="Salle", street="1 rue", postal_code="75016", city="Paris")
    assert venue.map_embed_url == ""
    assert venue.map_url.startswith("https://www.openstreetmap.org/search?query=Salle")
    venue.latitude, venue.longitude = 48.8, 2.3
    assert "marker=48.800000,2.300000" in venue.map_embed_url
    assert venue.map_url.startswith("https://www.openstreetmap.org/?mlat=48.8")


def test_access_route_reads_like_the_invitation():
    route = AccessRoute(
        mode="metro", lines="1", station="Porte Maillot", exit="3 Bd André Maurois", walk_minutes=8
    )
    with translation.override("fr"):
        assert route.facts() == [
            "ligne 1",
            "station Porte Maillot",
            "sortie 3 Bd André Maurois",
            "8 min de marche",
        ]
    bus = AccessRoute(mode="bus", lines="73, 82, 244", station="Iéna")
    with translation.override("en"):
        assert bus.facts() == ["lines 73, 82, 244", "Iéna station"]
    assert AccessRoute(mode="parking", station="Parking Kléber").facts() == ["Parking Kléber"]
    assert bus.group == "transit" and AccessRoute(mode="parking").group == "car"


def test_partners_are_grouped_by_role_in_a_fixed_order(make_edition):
    edition = make_edition(1)
    for order, (role, name) in enumerate(
        [("supporter", "S"), ("organiser", "O"), ("co_funder", "C"), ("organiser", "O2")]
    ):
        Partner.objects.create(edition=edition, role=role, name_fr=name, order=order)
    with translation.override("en"):
        groups = [
            (str(h), [p.name for p in ps]) for h, ps in partners_by_role(edition.partners.all())
        ]
    assert groups == [
        ("Organised by", ["O", "O2"]),
        ("Co-funded by", ["C"]),
        ("With the support of", ["S"]),
    ]
