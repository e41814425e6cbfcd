import datetime
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from rencontres.editions.models import Edition, Partner, Venue

from .conftest import EDITION_PAGES, public_urls

D = datetime.date


class Links(HTMLParser):
    """The attributes of the tags of a page, by tag name."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def html_lang(response):
    return re.search(r'<html lang="([a-z-]+)"', response.content.decode())[1]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("number", [15, 16, 17])
def test_every_public_page_answers_in_both_languages(client, seeded, number, language):
    for url in public_urls(number, language):
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang(response) == language, url


def test_french_urls_are_translated(client, seeded):
    assert public_urls(15, "fr")[4:] == [
        "/editions/15/",
        "/editions/15/infos-pratiques/",
        "/editions/15/partenaires/",
        "/editions/15/contact/",
    ]
    assert public_urls(15, "en")[5] == "/en/editions/15/practical-information/"


def test_language_switch_keeps_the_page(client, seeded):
    for language, other, other_code in [("fr", "en", "en"), ("en", "fr", "fr")]:
        for url, expected in zip(public_urls(16, language), public_urls(16, other), strict=True):
            links = Links(client.get(url).content.decode())
            switch = {a.get("hreflang"): a["href"] for a in links.all("a") if "hreflang" in a}
            assert switch[other_code] == expected
            assert switch[language] == url


def test_home_shows_the_coming_edition_with_a_call_to_action(client, seeded):
    page = client.get("/").content.decode()
    demo = seeded[17]
    assert "Démonstration" in page and "démonstration" in demo.theme_fr
    assert f'href="/editions/{demo.number}/"' in page
    assert "Les inscriptions en ligne sont ouvertes jusqu’au" in page
    assert "PLATFORMA" in page  # the partners of the edition


def test_home_falls_back_to_the_latest_edition(client, seeded):
    Edition.objects.filter(number=17).delete()
    page = client.get("/en/").content.decode()
    assert "4 July 2025" in page and "Salons de l&#x27;Hôtel des Arts &amp; Métiers" in page
    assert "Cités Unies France celebrates its 50th anniversary." in page


def test_home_without_any_edition(client, db):
    assert "Aucune édition n’a encore été publiée." in client.get("/").content.decode()


def test_presentation_page_of_an_archived_edition(client, seeded):
    page = client.get("/editions/15/").content.decode()
    assert "Cette édition a eu lieu (23–24 octobre 2024)." in page
    assert "La Diplomatie des territoires" in page
    assert "François Rebsamen" in page and "Maire de Dijon" in page
    assert "Cameroun" in page and "Territoires unis et solidaires face aux Crises" in page
    assert "Retour sur l’édition" in page and "Plus de 500 participants" in page
    assert "Les inscriptions en ligne sont closes." in page
    english = client.get("/en/editions/15/").content.decode()
    assert "Territorial diplomacy: the unique features" in english
    assert "Cameroon" in english and "Mayor of Dijon" in english


def test_untranslated_content_is_marked_with_its_language(client, seeded):
    Edition.objects.filter(number=16).update(theme_en="")
    page = client.get("/en/editions/16/").content.decode()
    assert '<span lang="fr">Construire l&#x27;action internationale' in page


def test_practical_page_lists_every_access_route(client, seeded):
    page = client.get("/editions/15/infos-pratiques/").content.decode()
    for text in [
        "Venir en transports en commun",
        "ligne 1, station Porte Maillot - Palais des Congrès, sortie 3 Bd André Maurois, 8 min de marche",
        "lignes 73, 82, 244",
        "ligne C, station Avenue Foch, 8 min de marche",
        "station Neuilly Porte Maillot, 9 min de marche",
        "Venir en voiture",
        "Paris périphérique, N13, sortie Porte Maillot",
        "Venir en vélo",
        "stations Vélib",
        "coop-dec@cites-unies-france.org",
        "https://www.openstreetmap.org/search?query=",
    ]:
        assert text in page, text
    english = client.get("/en/editions/16/practical-information/").content.decode()
    assert "By car" in english and "Parking Kléber" in english and "exit Musée Guimet" in english


def test_map_is_offered_but_not_loaded(client, seeded):
    Venue.objects.filter(editions__number=16).update(latitude=48.86, longitude=2.29)
    links = Links(client.get("/en/editions/16/practical-information/").content.decode())
    assert not links.all("iframe")
    (box,) = [a for a in links.all("section") if "data-map-src" in a]
    assert box["data-map-src"].startswith("https://www.openstreetmap.org/export/embed.html")
    assert any("hidden" in a for a in links.all("button"))  # map.js shows it


def test_partners_page_groups_by_role(client, seeded):
    page = client.get("/en/editions/15/partners/").content.decode()
    headings = re.findall(r'<h2 id="partners-\d+">([^<]+)</h2>', page)
    assert headings == [
        "Organised by",
        "Co-funded by",
        "Institutional partners",
        "In partnership with",
    ]
    assert "The PLATFORMA project is co-funded by the European Union." in page


def test_contact_page(client, seeded):
    page = client.get("/editions/15/contact/").content.decode()
    assert 'href="tel:+33153418181"' in page
    assert "Katarina Fotic" in page and "k.fotic@cites-unies-france.org" in page
    assert "Créée en 1975" in page


def test_archive_lists_every_public_edition(client, seeded, make_edition):
    make_edition(18, status=Edition.Status.DRAFT)
    page = client.get("/en/editions/").content.decode()
    for number in (15, 16, 17):
        assert f'href="/en/editions/{number}/"' in page
    assert "/editions/18/" not in page


def test_drafts_are_hidden_from_visitors_and_shown_to_staff(client, admin_client, make_edition):
    make_edition(3, status=Edition.Status.DRAFT)
    for url in public_urls(3, "fr")[4:]:
        assert client.get(url).status_code == 404
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "seuls les organisateurs voient cette page" in response.content.decode()


def test_archived_editions_keep_their_pages(client, make_edition):
    make_edition(3, status=Edition.Status.ARCHIVED, start_date=D(2020, 1, 1))
    for url in public_urls(3, "en")[4:]:
        assert client.get(url).status_code == 200


def test_current_redirects_to_the_featured_edition(client, seeded):
    assert client.get("/editions/en-cours/").url == "/editions/17/"
    assert client.get("/en/editions/current/").url == "/en/editions/17/"


@pytest.mark.parametrize(
    ("url", "text", "language"),
    [
        ("/nulle-part/", "La page demandée n’existe pas", "fr"),
        ("/en/nowhere/", "The page you asked for does not exist", "en"),
        ("/editions/99/", "La page demandée n’existe pas", "fr"),
        ("/en/editions/99/partners/", "The page you asked for does not exist", "en"),
        ("/editions/99999999999999/", "La page demandée n’existe pas", "fr"),
    ],
)
def test_not_found_in_both_languages(client, seeded, url, text, language):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()
    assert html_lang(response) == language


def test_sitemap_lists_both_languages(client, seeded, settings):
    settings.SITE_URL = "https://rencontres.example.org"
    xml = client.get("/sitemap.xml").content.decode()
    for path in [
        "/editions/15/infos-pratiques/",
        "/en/editions/15/practical-information/",
        "/editions/16/partenaires/",
        "/en/editions/16/partners/",
        "/en/editions/",
        "/accessibilite/",
        reverse("recognition:country", kwargs={"number": 15}),
    ]:
        assert f"https://rencontres.example.org{path}</loc>" in xml, path
    # Only the editions that honour a country have its page.
    assert reverse("recognition:country", kwargs={"number": 16}) not in xml
    assert 'hreflang="x-default"' in xml


def test_no_asset_comes_from_another_site(client, seeded):
    Partner.objects.filter(edition__number=15, role="co_funder").update(logo="partners/x.png")
    for language in ("fr", "en"):
        for url in public_urls(15, language):
            links = Links(client.get(url).content.decode())
            sources = [a["src"] for a in links.all("script") if "src" in a]
            sources += [a["src"] for a in links.all("img")]
            sources += [
                a["href"] for a in links.all("link") if a.get("rel") in ("stylesheet", "icon")
            ]
            assert sources, url
            assert all(s.startswith("/") and not s.startswith("//") for s in sources), sources
            assert not links.all("iframe")


def _queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_per_page_are_few_and_do_not_grow(client, seeded, make_edition):
    urls = public_urls(15, "fr") + public_urls(15, "en")
    before = {url: _queries(client, url) for url in urls}
    assert max(before.values()) <= 6, before
    # Many more partners, formats, routes and editions.
    fifteen = seeded[15]
    for i in range(30):
        Partner.objects.create(edition=fifteen, role="supporter", name_fr=f"P{i}")
        fifteen.formats.create(kind="other", title_fr=f"F{i}")
        fifteen.venue.access_routes.create(mode="bus", lines=str(i), station_fr="S")
        make_edition(100 + i, status=Edition.Status.ARCHIVED, start_date=D(2000, 1, 1))
    after = {url: _queries(client, url) for url in urls}
    assert after == before


def test_pages_are_cached_and_invalidated_on_edit(client, seeded, django_assert_num_queries):
    url = reverse("editions:detail", kwargs={"number": 16})
    assert client.get(url).status_code == 200
    with django_assert_num_queries(0):
        cached = client.get(url)
    assert "Michaël Delafosse" in cached.content.decode()
    edition = Edition.objects.get(number=16)
    edition.signatory_name = "Nouveau signataire"
    edition.save()
    assert "Nouveau signataire" in client.get(url).content.decode()
    # Another model of the app invalidates too, and in every language.
    with translation.override("en"):
        home = reverse("editions:home")
    client.get(home)
    Partner.objects.create(edition=seeded[17], role="supporter", name_fr="Nouveau", name_en="New")
    assert "New" in client.get(home).content.decode()


def test_pages_are_not_cached_for_staff(admin_client, seeded, django_assert_max_num_queries):
    url = reverse("editions:contact", kwargs={"number": 15})
    admin_client.get(url)
    with django_assert_max_num_queries(10) as queries:
        admin_client.get(url)
    assert len(queries) > 0


@pytest.mark.parametrize("name", EDITION_PAGES)
def test_query_budget_with_pytest_helper(client, seeded, name, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(reverse(name, kwargs={"number": 16})).status_code == 200
