import datetime
import io

from django.core.management import call_command
from django.utils import timezone, translation

from rencontres.editions.models import AccessRoute, Edition, Format, Organiser, Partner, Venue


def counts():
    return [m.objects.count() for m in (Organiser, Venue, AccessRoute, Edition, Format, Partner)]


def test_loaddemo_is_idempotent(db):
    call_command("loaddemo", upcoming=True, stdout=io.StringIO())
    first = counts()
    call_command("loaddemo", upcoming=True, stdout=io.StringIO())
    assert counts() == first
    assert sorted(Edition.objects.values_list("number", flat=True)) == [15, 16, 17]


def test_15th_edition_from_the_seeds(seeded):
    edition = Edition.objects.select_related("venue", "organiser").get(number=15)
    assert (edition.start_date, edition.end_date) == (
        datetime.date(2024, 10, 23),
        datetime.date(2024, 10, 24),
    )
    assert edition.venue.name == "Pavillon d'Armenonville"
    assert (edition.venue.street, edition.venue.postal_code) == ("Allée de Longchamp", "75116")
    assert edition.theme_fr == (
        "La Diplomatie des territoires : les singularités de la coopération décentralisée"
    )
    assert edition.theme_en == (
        "Territorial diplomacy: the unique features of decentralised cooperation"
    )
    assert edition.editorial_fr.startswith("Depuis quelques années, nous faisons face")
    assert edition.editorial_en.startswith("For some years now, we have been facing")
    assert edition.signatory_name == "François Rebsamen"
    assert edition.signatory_title_lines[1] == "Maire de Dijon"
    with translation.override("en"):
        assert edition.signatory_title_lines == [
            "President of Cités Unies France",
            "Mayor of Dijon",
            "President of Dijon Métropole",
        ]
    assert edition.registration_opens == datetime.date(2024, 6, 25)
    assert edition.registration_closes == datetime.date(2024, 10, 17)
    assert (edition.contact_phone, edition.contact_email) == (
        "+33(0)1 53 41 81 81",
        "coop-dec@cites-unies-france.org",
    )
    assert edition.hashtag == "#RencontresAICT2024"
    assert edition.honoured_country.code == "CM"
    assert edition.award_title_fr == "Territoires unis et solidaires face aux Crises"
    assert edition.award_title_en == "United cities and territories in the wake of crises"
    assert "Plus de 500 participants" in edition.review_fr
    assert "More than 500 participants" in edition.review_en
    assert edition.press_contact_email == "k.fotic@cites-unies-france.org"
    assert edition.organiser.name == "Cités Unies France"
    assert edition.organiser.founded_year == 1975


def test_15th_edition_access_routes_in_both_languages(seeded):
    routes = AccessRoute.objects.filter(venue__editions__number=15)
    assert sorted((r.mode, r.lines, r.walk_minutes) for r in routes if r.lines) == [
        ("bus", "73, 82, 244", 8),
        ("metro", "1", 8),
        ("rer", "C", 8),
        ("rer", "C", 9),
    ]
    metro = routes.get(mode="metro")
    assert metro.exit_fr == metro.exit_en == "3 Bd André Maurois"
    car = routes.get(mode="car")
    assert car.details_fr == "Paris périphérique, N13, sortie Porte Maillot"
    assert car.details_en == "Paris Périphérique, N13, exit Porte Maillot"
    assert "Vélib'" in routes.get(mode="bike").details_en


def test_15th_edition_partners(seeded):
    partners = {p.name_fr: p for p in Partner.objects.filter(edition__number=15)}
    assert set(partners) == {
        "Cités Unies France",
        "Ministère de l'Europe et des Affaires étrangères",
        "Délégation pour les collectivités territoriales et la société civile (DCTCIV) du MEAE",
        "Agence Française de Développement (AFD)",
        "PLATFORMA",
    }
    assert partners["PLATFORMA"].role == "co_funder"
    assert "Union européenne" in partners["PLATFORMA"].note_fr
    assert partners["Cités Unies France"].role == "organiser"
    # The City of Paris appears in the seeds only as a speaker's employer.
    assert not Partner.objects.filter(name_fr__icontains="Paris").exists()


def test_16th_edition_from_the_seeds(seeded):
    edition = Edition.objects.select_related("venue").get(number=16)
    assert edition.start_date == edition.end_date == datetime.date(2025, 7, 4)
    assert edition.venue.name == "Salons de l'Hôtel des Arts & Métiers"
    assert edition.venue.street == "9bis, avenue d'Iéna"
    assert (
        edition.theme_en == "Constructing the local authorities' international action of tomorrow"
    )
    assert edition.signatory_name == "Michaël Delafosse"
    assert edition.registration_opens == datetime.date(2025, 4, 15)
    assert edition.registration_closes is None  # not in the seeds
    assert edition.hashtag == "#RencontresAICT2025"
    assert edition.honoured_country == ""  # not in the seeds
    assert "Relais de la Coop Dec'" in edition.ceremony_title_fr
    assert edition.organiser_age == 50
    assert "50th anniversary" in edition.editorial_en
    modes = sorted(AccessRoute.objects.filter(venue=edition.venue).values_list("mode", "lines"))
    assert modes == [("bus", "32, 63, 82"), ("metro", "9"), ("parking", "")]
    assert list(Partner.objects.filter(edition=edition).values_list("name_en", flat=True)) == [
        "Cités Unies France",
        "United Cities and Local Governments (UCLG)",
    ]


def test_no_invented_facts(seeded):
    """What the seeds do not give stays empty."""
    for venue in Venue.objects.all():
        assert venue.latitude is None and venue.longitude is None
    assert not Partner.objects.exclude(url="").exclude(name_fr="Cités Unies France").exists()
    sixteenth = Edition.objects.get(number=16)
    assert not sixteenth.summary_fr and not sixteenth.summary_en
    assert sixteenth.press_contact_name == ""
    assert Organiser.objects.get().address == ""


def test_upcoming_demonstration_edition(seeded):
    edition = Edition.objects.get(number=17)
    today = timezone.localdate()
    assert edition.is_demo and edition.status == Edition.Status.PUBLISHED
    assert 55 <= (edition.start_date - today).days <= 70
    assert edition.registration_state() == "open"
    assert "démonstration" in edition.theme_fr and "demonstration" in edition.theme_en
    # Copied from the 15th through "create the next edition".
    assert edition.venue.name == "Pavillon d'Armenonville"
    assert edition.partners.count() == 5 and edition.formats.count() == 5
    assert not edition.editorial_fr and not edition.signatory_name and not edition.review_fr
    assert Edition.objects.featured() == edition
