"""A real browser: a request, its acceptance, and the published schedule."""

import pytest

from rencontres.networking.domain.scheduling import request_publication, start_run
from rencontres.networking.models import Meeting, ScheduleRun
from rencontres.registration.access import login_url_for

from .conftest import participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_request_acceptance_and_published_schedule(b2b, browser, live_server, run_worker, axe):
    amina = participant(b2b, "amina.diallo@example.org", country="CM", seeks=["water"])
    paul = participant(b2b, "paul.martin@example.org", country="FR", offers=["water"])

    requester = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    requester.goto(login_url_for(amina, "networking:directory"))
    assert requester.get_by_role("heading", name="Annuaire des participants").is_visible()
    axe(requester)
    requester.get_by_role("link", name="Paul Martin").first.click()
    requester.get_by_role("link", name="Demander une rencontre").click()
    requester.get_by_label("Message").fill("Parlons de l'accès à l'eau.")
    requester.get_by_role("button", name="Envoyer la demande").click()
    assert requester.get_by_text("Votre demande a été envoyée à Paul Martin.").is_visible()

    invited = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    invited.goto(login_url_for(paul, "networking:my_requests"))
    assert invited.get_by_text("Parlons de l'accès à l'eau.").is_visible()
    invited.get_by_role("button", name="Accepter").click()
    assert invited.get_by_text("Vous avez accepté la demande.").is_visible()

    # The organisers run the scheduler (the worker does it) and publish.
    run = start_run(b2b)
    run_worker()
    request_publication(ScheduleRun.objects.get(pk=run.pk))
    run_worker()  # publishes
    meeting = Meeting.objects.get()

    invited.goto(login_url_for(paul, "networking:my_schedule"))
    table = invited.get_by_role("table", name="Mes rencontres B2B")
    assert table.get_by_role("link", name="Amina Diallo").is_visible()
    assert table.get_by_role("cell", name=str(meeting.table), exact=True).is_visible()
    axe(invited)
