"""A participant signs up in a real browser, sees the agenda, downloads the .ics; axe checks."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from playwright.sync_api import expect

from conftest import make_registration
from rencontres.registration.access import login_url_for

from .conftest import workshops


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_agenda_and_calendar_download(page, edition, axe, tmp_path, live_server, settings):
    # The feed's address is built from SITE_URL, never from the request.
    settings.SITE_URL = live_server.url
    for language in ("fr", "en"):
        with translation.override(language):
            program = reverse("program:program", kwargs={"number": edition.number})
        page.goto(program)
        assert page.locator(".session-card").count() > 5
        axe(page)
    page.get_by_role("link", name="Opening ceremony").first.click()
    page.get_by_text("François Rebsamen").first.wait_for()
    axe(page)

    amina = make_registration(edition)
    session = workshops(edition)[0]
    page.goto(login_url_for(amina, "program:my_sessions"))
    card = page.locator(f"#session-{session.pk}")
    card.get_by_role("button", name="M'inscrire").click()
    page.get_by_text(f"Vous avez une place dans « {session.title_fr} »").wait_for()
    axe(page)
    # The parallel session is refused with a clear message.
    parallel = workshops(edition)[1]
    page.locator(f"#session-{parallel.pk}").get_by_role("button", name="M'inscrire").click()
    assert "en même temps" in page.locator(".message-error").inner_text()

    page.get_by_role("link", name="Mon agenda").first.click()
    agenda = page.locator("main")
    assert session.title_fr in agenda.inner_text()
    assert "Conférence plénière" in agenda.inner_text()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Mon agenda pour mon calendrier (.ics)").click()
    path = tmp_path / "agenda.ics"
    download.value.save_as(path)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert session.title_fr in [str(e["SUMMARY"]) for e in events]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_refusal_low_on_the_page_is_shown_by_its_session_and_focused(
    browser, live_server, edition, javascript, axe
):
    """On a phone, the last block's sessions are far below the top of the page: the refusal
    is announced and focused in the card of the session acted on, in view."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        java_script_enabled=javascript,
        viewport={"width": 390, "height": 700},
    )
    page = context.new_page()
    try:
        amina = make_registration(edition)
        last = workshops(edition)[-1]
        parallel = next(s for s in workshops(edition) if s.start == last.start and s != last)
        page.goto(login_url_for(amina, "program:my_sessions"))
        page.locator(f"#session-{last.pk}").get_by_role("button", name="M'inscrire").click()
        page.locator(f"#session-{last.pk}").get_by_text("Vous avez une place.").wait_for()
        assert (
            f"Vous avez une place dans « {last.title_fr} »"
            in page.locator("#messages").inner_text()
        )

        page.locator(f"#session-{parallel.pk}").get_by_role("button", name="M'inscrire").click()
        error = page.locator(f"#session-{parallel.pk}-error")
        expect(error).to_be_visible()
        assert "en même temps" in error.inner_text()
        assert error.get_attribute("role") == "alert"
        expect(error).to_be_in_viewport()
        expect(error).to_be_focused()
        assert page.locator(".message-error").count() == 1, "shown once, by its session"
        if javascript:
            axe(page)
        # The refusal is for this page only: a reload shows the sessions as they are.
        page.reload()
        expect(page.locator(".message-error")).to_have_count(0)
    finally:
        context.close()
