"""An organiser creates a token and a webhook in the back-office and clicks "Send a test"."""

import json
import re

import pytest

from rencontres.api.models import ApiToken, Delivery

from .test_webhooks import Receiver, verify


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_creates_a_token_and_tests_a_webhook(
    admin_page, small_edition, run_worker, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    page = admin_page
    page.goto("/admin/api/apitoken/add/")
    page.select_option("#id_organiser", str(small_edition.organiser_id))
    page.fill("#id_name", "CRM de la fédération")
    page.get_by_label("Lire les inscriptions (et leurs sessions, mails)").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    shown = page.locator(".messagelist").inner_text()
    key = re.search(r"rct_\S+", shown).group(0)
    token = ApiToken.objects.get(name="CRM de la fédération")
    assert token.scopes == ["registrations:read"] and key not in token.key_hash
    answer = page.request.get(
        f"/api/v1/editions/{small_edition.number}/registrations",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert answer.status == 200 and answer.json()["count"] == 0

    receiver = Receiver()
    try:
        page.goto("/admin/api/webhook/add/")
        page.select_option("#id_organiser", str(small_edition.organiser_id))
        page.fill("#id_url", "ftp://example.org/hook")
        page.get_by_label("Inscription créée").check()
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
        page.get_by_text("L’adresse doit commencer par http:// ou https://.").wait_for()
        assert page.get_by_label("Inscription créée").is_checked()  # what was typed is kept
        page.fill("#id_url", receiver.url)
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
        page.get_by_role("button", name="Envoyer un test").click()
        page.get_by_text("Un test a été mis en file d’attente").wait_for()
        run_worker()
        (headers, body) = receiver.received[0]
        hook = Delivery.objects.get().webhook
        verify(hook.secret, headers, body)
        assert json.loads(body)["event"] == "test"
        page.reload()
        page.get_by_role("cell", name="Remis").wait_for()
    finally:
        receiver.close()
