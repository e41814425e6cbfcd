"""Nobody gets stuck, in Chromium: an expired confirmation link offers a new one by mail, and
a delegation member confirms their own address with one click before their space opens."""

import re

import pytest

from rencontres.registration import notify
from rencontres.registration.domain import registering
from rencontres.registration.models import Registration

from .test_places import person


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_expired_confirmation_link_then_a_member_confirms_with_one_click(
    page, live_server, edition, smtp_server, run_worker, settings, axe, monkeypatch
):
    settings.SITE_URL = live_server.url
    coordinator, _ = registering.register(
        edition,
        person(edition, "coord@example.org"),
        members=[{"first_name": "Moussa", "last_name": "Sy", "email": "moussa@example.org"}],
    )
    run_worker()
    [first] = smtp_server.wait_for(1)
    old_link = re.search(r"http://\S+/confirmer/\S+/", first.get_body(("plain",)).get_content())

    monkeypatch.setattr(notify, "CONFIRM_MAX_AGE", -1)
    page.goto(old_link.group(0))
    page.wait_for_selector("h1:has-text('Ce lien de confirmation a expiré')")
    axe(page)
    page.get_by_role("button", name="Envoyez-moi un nouveau lien").click()
    page.wait_for_selector("text=Un nouveau lien vient d’être envoyé à coord@example.org")
    axe(page)
    monkeypatch.setattr(notify, "CONFIRM_MAX_AGE", 3600)
    run_worker()
    fresh = smtp_server.wait_for(2)[1].get_body(("plain",)).get_content()
    page.goto(re.search(r"http://\S+/confirmer/\S+/", fresh).group(0))
    page.get_by_role("button", name="Confirmer mon adresse électronique").click()
    page.wait_for_selector("text=Votre inscription est confirmée.")
    # The coordinator sees that the member has not confirmed yet.
    assert "adresse pas encore confirmée" in page.locator("main").inner_text()

    run_worker()
    welcome = next(m for m in smtp_server.wait_for(4) if m["To"] == "moussa@example.org")
    text = welcome.get_body(("plain",)).get_content()
    page.context.clear_cookies()
    page.goto(re.search(r"http://\S+/confirmer/\S+/", text).group(0))
    axe(page)
    page.get_by_role("button", name="Confirmer mon adresse électronique").click()
    page.wait_for_selector("text=Merci : votre adresse électronique est confirmée.")
    member = Registration.objects.get(email="moussa@example.org")
    assert member.email_confirmed_at is not None and member.reference in page.content()
