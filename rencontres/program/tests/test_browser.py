"""A participant signs up in a real browser, sees the agenda, downloads the .ics; axe checks."""

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from conftest import make_registration
from rencontres.registration.access import login_url_for

from .conftest import workshops


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sign_up_agenda_and_calendar_download(page, edition, axe, tmp_path):
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
