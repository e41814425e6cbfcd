"""The cockpit in a real Chromium: from the back-office home to an edition's dashboard and
the lists behind its figures, and the public press page in both languages; axe on each."""

import pytest
from django.contrib.auth.models import Permission, User

from conftest import make_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def organiser_login(page, *codenames):
    user = User.objects.create_user("orga", password="a-long-password", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    page.goto("/admin/login/")
    page.fill("#id_username", "orga")
    page.fill("#id_password", "a-long-password")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#site-name")
    return user


def test_dashboard_from_the_home_of_the_back_office(page, live_server, edition, axe):
    for country in ("FR", "FR", "CM", "SN"):
        make_registration(edition, country=country, dietary_needs="Végétarien")
    make_registration(edition, status="pending_approval", country="BE")
    organiser_login(page, "view_dashboard", "export_needs", "view_registration")

    page.goto("/admin/")
    axe(page)
    page.get_by_role("link", name="Tableau de bord de la 17e édition").click()
    page.wait_for_selector("text=Chiffres clés")
    assert page.get_by_role("heading", name="À faire").is_visible()
    assert page.get_by_role("img", name="Inscriptions par pays").is_visible()
    axe(page)

    # A to-do opens the filtered list behind it.
    page.get_by_role("link", name="1 inscription en attente de validation").click()
    page.wait_for_selector("#result_list")
    assert page.locator("#result_list tbody tr").count() == 1

    # The figures of a chart download as a spreadsheet.
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role(
            "link", name="Télécharger ces chiffres (XLSX) — Inscriptions par pays"
        ).click()
    assert download.value.suggested_filename == f"country-{edition.number}.xlsx"

    page.get_by_role("link", name="Besoins : repas, accessibilité, interprétation").click()
    page.wait_for_selector("text=Végétarien")
    axe(page)


def test_press_page_in_both_languages(page, live_server, demo, axe):
    page.goto("/editions/15/presse/")
    assert page.get_by_text("Plus de 500 participants de plus de 20 pays").is_visible()
    axe(page)
    page.goto("/en/editions/15/press/")
    assert page.get_by_text("More than 500 participants from more than 20 countries").is_visible()
    assert page.get_by_role("link", name="Download the press kit (PDF)").is_visible()
    axe(page)
