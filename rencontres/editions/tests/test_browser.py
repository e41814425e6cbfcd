"""The public site in a real Chromium: accessibility, keyboard, language switch, no JavaScript,
no third-party request."""

import pytest

from rencontres.editions.models import Venue

from .conftest import public_urls

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_public_page_passes_axe_in_both_languages(page, seeded, axe):
    urls = public_urls(15, "fr") + public_urls(15, "en")
    urls += public_urls(17, "fr")[4:5] + public_urls(16, "en")[4:6]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        axe(page)
    page.goto("/nulle-part/")
    axe(page)


def test_skip_link_moves_the_focus_to_the_main_content(page, seeded):
    page.goto("/editions/15/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Passer au contenu principal"
    assert skip.is_visible()  # visible once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


def test_language_switch_keeps_the_page(page, seeded):
    page.goto("/editions/15/infos-pratiques/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    page.wait_for_url("**/en/editions/15/practical-information/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Practical information", level=1).is_visible()
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url("**/editions/15/infos-pratiques/")


def test_pages_work_without_javascript(browser, live_server, seeded):
    Venue.objects.filter(editions__number=15).update(latitude=48.8777, longitude=2.2667)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        for url in public_urls(15, "fr"):
            assert page.goto(url).status == 200
            assert page.locator("h1").first.is_visible(), url
        page.goto("/editions/15/infos-pratiques/")
        # The map's link is there; the button that needs JavaScript stays hidden.
        assert page.get_by_role("link", name="Ouvrir l’emplacement").is_visible()
        assert not page.get_by_role("button", name="Afficher le plan").is_visible()
        page.get_by_role("link", name="Partenaires", exact=True).click()
        page.wait_for_url("**/editions/15/partenaires/")
    finally:
        context.close()


def test_a_page_load_asks_nothing_from_other_sites(page, live_server, seeded):
    Venue.objects.filter(editions__number=15).update(latitude=48.8777, longitude=2.2667)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for url in public_urls(15, "en"):
        page.goto(url, wait_until="load")
    assert requests
    assert all(url.startswith(live_server.url) for url in requests), [
        url for url in requests if not url.startswith(live_server.url)
    ]
    # The map comes from OpenStreetMap only when asked for (blocked here: no network in tests).
    page.route("https://www.openstreetmap.org/**", lambda route: route.abort())
    page.goto("/en/editions/15/practical-information/")
    page.get_by_role("button", name="Show the map").click()
    frame = page.locator("iframe")
    assert frame.get_attribute("src").startswith("https://www.openstreetmap.org/export/embed")
    assert frame.get_attribute("title") == "Map: Pavillon d'Armenonville"
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
