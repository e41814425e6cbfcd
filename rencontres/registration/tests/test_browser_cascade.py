"""A participant cancels in their personal space; the others see the consequences."""

import pytest

from conftest import make_registration
from rencontres.networking.domain.requests import answer_request, send_request
from rencontres.networking.tests.conftest import participant
from rencontres.program.domain import signup
from rencontres.program.models import Attendance
from rencontres.registration.access import login_url_for

from .test_consequences import one_place_session, publish_all


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_cancelling_in_the_space_frees_the_meeting_and_promotes_the_waiting_person(
    page, live_server, edition, smtp_server, run_worker, settings, axe
):
    settings.SITE_URL = live_server.url
    leaving = participant(edition, "ana.leaving@example.org")
    other = participant(edition, "bo.other@example.org", language="en")
    session = one_place_session(edition)
    signup.sign_up(leaving, session)
    waiting = make_registration(edition, "cy.waiting@example.org")
    signup.sign_up(waiting, session, waiting_list=True)
    answer_request(send_request(other, leaving), leaving, accept=True)
    publish_all(edition)
    run_worker()
    smtp_server.messages.clear()

    page.goto(login_url_for(leaving))
    page.get_by_role("link", name="Annuler mon inscription").click()
    page.wait_for_selector("text=vos rencontres B2B")
    axe(page)
    page.get_by_role("button", name="Oui, annuler mon inscription").click()
    page.wait_for_selector("h1:has-text('Votre inscription a pris fin')")
    assert "ana.leaving@example.org" not in page.content()
    axe(page)

    # The person who waited has the place, and the other side's meeting is gone.
    assert Attendance.objects.get(registration=waiting).status == Attendance.Status.CONFIRMED
    page.context.clear_cookies()
    page.goto(login_url_for(waiting, "program:my_agenda"))
    page.wait_for_selector("main")
    assert session.title in page.locator("main").inner_text()
    page.context.clear_cookies()
    page.goto(login_url_for(other, "networking:my_schedule"))  # in English, their language
    page.wait_for_selector("h1:has-text('My B2B schedule')")
    main = page.locator("main").inner_text()
    assert "Ana Leaving" not in main and "No meeting could be placed for you" in main
    axe(page)
    run_worker()
    subjects = {m["To"]: m["Subject"] for m in smtp_server.wait_for(3)}
    assert subjects["bo.other@example.org"] == "A B2B meeting of yours is cancelled"
    assert set(subjects) == {
        "ana.leaving@example.org",
        "bo.other@example.org",
        "cy.waiting@example.org",
    }
