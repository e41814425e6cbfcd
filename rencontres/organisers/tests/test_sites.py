"""An organiser's own domain or path prefix serves its home; the platform's address serves
the other organisers, as before."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from rencontres.organisers.models import PublicSite
from rencontres.testing.factories import OrganiserFactory, small_edition

pytestmark = pytest.mark.django_db
DOMAIN = "rencontres.reseau-b.example"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def network(settings, edition, tmp_path):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, DOMAIN]
    settings.MEDIA_ROOT = tmp_path
    organiser = OrganiserFactory(
        name_fr="Réseau B des territoires",
        name_en="Network B of local authorities",
        logo=SimpleUploadedFile("logo.png", PNG, content_type="image/png"),
    )
    theirs = small_edition(organiser=organiser, title_fr="Rencontres du réseau B")
    return organiser, theirs


def test_an_organisers_domain_shows_its_editions_with_its_name_and_logo(client, edition, network):
    organiser, theirs = network
    PublicSite.objects.create(organiser=organiser, domain=DOMAIN)
    page = client.get("/", HTTP_HOST=DOMAIN).content.decode()
    assert "Rencontres du réseau B" in page and "Réseau B des territoires" in page
    assert organiser.logo.url in page
    assert edition.title not in page
    english = client.get("/en/", HTTP_HOST=DOMAIN).content.decode()
    assert "Network B of local authorities" in english
    archive = client.get("/editions/", HTTP_HOST=DOMAIN).content.decode()
    assert theirs.get_absolute_url() in archive
    assert edition.get_absolute_url() not in archive
    # The platform's own address keeps serving the default organiser, from its own cache.
    home = client.get("/").content.decode()
    assert escape(edition.theme) in home and "Rencontres du réseau B" not in home
    assert "Réseau B des territoires" not in home
    assert theirs.get_absolute_url() not in client.get("/editions/").content.decode()
    assert client.get("/editions/en-cours/").url == edition.get_absolute_url()
    assert client.get("/editions/en-cours/", HTTP_HOST=DOMAIN).url == theirs.get_absolute_url()


def test_a_path_prefix_serves_the_organisers_home(client, edition, network):
    organiser, _theirs = network
    PublicSite.objects.create(organiser=organiser, prefix="reseau-b")
    page = client.get("/o/reseau-b/").content.decode()
    assert "Rencontres du réseau B" in page and "Réseau B des territoires" in page
    assert client.get("/en/o/reseau-b/").status_code == 200
    assert client.get("/o/inconnu/").status_code == 404
    assert "Rencontres du réseau B" not in client.get("/").content.decode()


def test_without_addresses_every_public_url_stays_as_it_was(client, edition, network):
    """No organiser has an address of its own: the home shows the featured edition of all,
    as before organisers had teams (the demo: Cités Unies France)."""
    from rencontres.editions.models import Edition

    featured = Edition.objects.public().featured()
    assert escape(featured.theme) in client.get("/").content.decode()
    assert "site-organiser" not in client.get("/").content.decode()


@pytest.mark.browser
def test_an_organisers_home_passes_axe(page, live_server, edition, network, axe):
    organiser, _theirs = network
    PublicSite.objects.create(organiser=organiser, prefix="reseau-b")
    for path, name in [
        ("/o/reseau-b/", "Réseau B des territoires"),
        ("/en/o/reseau-b/", "Network B of local authorities"),
    ]:
        page.goto(live_server.url + path)
        assert page.get_by_text(name).is_visible()
        axe(page)
