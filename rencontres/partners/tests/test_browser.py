"""The partners' area in Chromium: the staff invitation, the side-event decision, the leads, axe."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from conftest import download, make_registration
from rencontres.onsite.domain.badges import badge_url, issue_badge
from rencontres.partners.access import make_token
from rencontres.partners.domain import side_events
from rencontres.partners.domain.links import send_space_link
from rencontres.partners.models import SideEvent, Stand
from rencontres.registration.models import Registration

from .test_area import at, proposal


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_invites_a_staff_member_who_registers(
    page, live_server, exhibitor, smtp_server, run_worker, settings, axe
):
    settings.SITE_URL = live_server.url
    send_space_link(exhibitor, by=None)
    run_worker()
    [mail] = smtp_server.wait_for(1)
    link = re.search(r"http://\S+/partenaires/lien/\S+/", mail.get_body(("plain",)).get_content())
    page.goto(link.group(0))
    page.wait_for_selector("h1:has-text('Espace partenaire')")
    axe(page)
    invitation = page.get_by_label("Lien d’invitation").input_value()

    # The staff member opens the link the partner sent them, on their own browser.
    staff_page = page.context.browser.new_context(base_url=live_server.url, locale="fr-FR")
    staff = staff_page.new_page()
    staff.goto(invitation)
    staff.wait_for_selector("form #id_first_name")
    axe(staff)
    staff.locator("#id_first_name").fill("Awa")
    staff.locator("#id_last_name").fill("Sow")
    staff.locator("#id_email").fill("awa.sow@alpha.example.org")
    staff.locator("#id_country").select_option("SN")
    staff.locator("#id_data_consent").check()
    assert staff.locator("#id_organisation").input_value() == "Exposant Alpha"
    staff.get_by_role("button", name="S'inscrire").click()
    staff.wait_for_selector("text=Votre place est confirmée")
    axe(staff)
    staff_page.close()

    registration = Registration.objects.get(email="awa.sow@alpha.example.org")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.partner_staff.space == exhibitor
    run_worker()
    messages = smtp_server.wait_for(2)
    assert messages[-1]["To"] == "awa.sow@alpha.example.org"

    # The partner sees its new staff member and one place left.
    page.reload()
    assert "Awa Sow" in page.locator("main").inner_text()
    assert "1 place restante" in page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_area_page_in_both_languages(page, exhibitor, axe):
    Stand.objects.create(edition=exhibitor.edition, number="A1", x=10, y=10, space=exhibitor)
    for language in ("fr", "en"):
        with translation.override(language):
            page.goto(reverse("partners:area", kwargs={"number": exhibitor.edition.number}))
        assert "Exposant Alpha" in page.locator("main").inner_text()
        axe(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_organiser_accepts_a_side_event_at_a_free_time(admin_page, exhibitor):
    edition = exhibitor.edition
    organiser = User.objects.get(username="organiser")
    side_events.accept(proposal(exhibitor, "Premier"), at(edition, "08:00"), by=organiser)
    second = proposal(exhibitor, "Second")
    admin_page.goto(reverse("admin:partners_sideevent_change", args=[second.pk]))
    admin_page.get_by_role("link", name="Accepter, refuser ou demander des modifications").click()
    admin_page.get_by_label("Accepter").check()
    admin_page.get_by_label("Début").fill(at(edition, "08:30").strftime("%Y-%m-%dT%H:%M"))
    admin_page.get_by_role("button", name="Enregistrer la décision").click()
    assert "déjà occupé" in admin_page.locator(".errorlist").inner_text()
    assert "Premier" in admin_page.locator(".errorlist").inner_text()
    admin_page.get_by_label("Début").fill(at(edition, "09:00").strftime("%Y-%m-%dT%H:%M"))
    admin_page.get_by_role("button", name="Enregistrer la décision").click()
    admin_page.wait_for_selector("text=La décision est enregistrée")
    second.refresh_from_db()
    assert second.status == SideEvent.Status.ACCEPTED
    assert second.session.start == at(edition, "09:00")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_exhibitor_scans_a_badge_and_downloads_its_leads(page, exhibitor, axe):
    edition = exhibitor.edition
    willing = make_registration(
        edition, exhibitor_consent=True, organisation="Ville de Dakar", directory_consent=True
    )
    shy = make_registration(edition, directory_consent=True, last_name="Discret")
    _badge, token = issue_badge(willing)
    page.goto(reverse("partners:magic", kwargs={"token": make_token(exhibitor)}))
    page.get_by_role("link", name="Scanner un badge et voir vos contacts").click()
    axe(page)
    # A handheld scanner types the badge's URL into the field.
    page.get_by_role("textbox", name="Badge").fill(badge_url(token))
    page.get_by_role("button", name="Ajouter à mes contacts").click()
    page.wait_for_selector(f"text={willing.full_name} est ajouté·e à vos contacts.")
    # Someone picked in the directory who did not agree: nothing recorded, and said so.
    page.get_by_role("textbox", name="Nom ou organisation").fill("Discret")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name=f"Ajouter {shy.full_name} à mes contacts").click()
    assert "n’a pas accepté" in page.locator("#messages").inner_text()
    axe(page)
    path, name = download(
        page, lambda: page.get_by_role("link", name="Télécharger mes contacts (XLSX)").click()
    )
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == [willing.email]
    assert name.endswith(".xlsx") and "contacts" in name
