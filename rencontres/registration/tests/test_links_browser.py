"""Revoking links as people do it: the participant's button, the organisers' actions."""

import re

import pytest
from django.contrib.auth.models import Permission, User

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.registration.access import login_url_for


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_participant_signs_out_everywhere_then_gets_a_new_link_by_mail(
    page, live_server, edition, smtp_server, run_worker, settings, axe
):
    settings.SITE_URL = live_server.url
    registration = make_registration(edition, "amina@example.org", first_name="Amina")
    old_link = login_url_for(registration)
    page.goto(old_link)
    axe(page)
    page.get_by_role("button", name="Me déconnecter de tous mes appareils").click()
    page.wait_for_selector("text=Tous vos appareils sont déconnectés")
    axe(page)
    assert page.get_by_role("heading", name="Lien perdu ?").is_visible()
    registration.refresh_from_db()

    page.goto(old_link)
    assert page.get_by_role("heading", name="Ce lien ne fonctionne plus").is_visible()
    assert "Il a été révoqué" in page.locator("main").inner_text()
    axe(page)
    page.get_by_role("link", name="Envoyez-moi un nouveau lien").click()
    page.fill("#id_email", "amina@example.org")
    page.get_by_role("button", name="M'envoyer mon lien").click()
    page.wait_for_selector("text=Si cette adresse est inscrite")

    run_worker()
    [message] = smtp_server.wait_for(1)
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"http://\S+/lien/\S+", text).group(0)
    page.goto(link)
    page.wait_for_selector(f"text={registration.reference}")
    assert "Amina" in page.locator("main").inner_text()


def organiser_login(page, *codenames):
    user = User.objects.create_user("desk", password="a-long-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    page.goto("/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "a-long-password")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#site-name")
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_revokes_one_person_then_a_whole_edition(page, live_server, edition, demo):
    amina = make_registration(edition, "amina@example.org")
    karim = make_registration(edition, "karim@example.org")
    elsewhere = make_registration(demo[15], "old@example.org")
    keys = {r.pk: r.access_key for r in (amina, karim, elsewhere)}
    user = organiser_login(
        page, "view_registration", "change_registration", "view_edition", "revoke_links"
    )

    page.goto("/admin/registration/registration/")
    page.check(f"input.action-select[value='{amina.pk}']")
    page.select_option("select[name=action]", "revoke_links")
    page.locator("button[name=index]").click()
    page.wait_for_selector("text=Les liens de 1 personne ont été révoqués")
    amina.refresh_from_db()
    karim.refresh_from_db()
    assert amina.access_key != keys[amina.pk] and karim.access_key == keys[karim.pk]
    entry = ActivityLog.objects.get(action="registration.revoke_links")
    assert (entry.actor, entry.object_id, entry.edition) == (user, str(amina.pk), edition)

    page.goto("/admin/editions/edition/")
    page.check(f"input.action-select[value='{edition.pk}']")
    page.select_option("select[name=action]", "revoke_edition_links")
    page.locator("button[name=index]").click()
    page.wait_for_selector("text=seront déconnectées de tous leurs appareils")
    assert karim.access_key == type(karim).objects.get(pk=karim.pk).access_key  # not yet
    page.get_by_role("button", name="Oui, révoquer tous les liens").click()
    page.wait_for_selector("text=les liens de 2 personnes ont été révoqués")
    for registration in (karim, elsewhere):
        registration.refresh_from_db()
    assert karim.access_key != keys[karim.pk]
    assert elsewhere.access_key == keys[elsewhere.pk]
    entry = ActivityLog.objects.get(action="registration.revoke_edition_links")
    assert entry.edition == edition and entry.data == {"people": 2}
