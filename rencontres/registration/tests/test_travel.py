"""Arrival and departure dates: optional in the personal space, near the edition, counted per
day for the organisers (page and download)."""

import datetime

import pytest
from openpyxl import load_workbook

from conftest import download, make_registration
from rencontres.audit.models import ActivityLog
from rencontres.registration.access import login_url_for
from rencontres.registration.domain import travel


@pytest.mark.django_db
def test_per_day_counts_live_registrations_only(small_edition):
    first = small_edition.start_date
    before = first - datetime.timedelta(days=1)
    make_registration(small_edition, arrival_date=before, departure_date=first)
    make_registration(small_edition, arrival_date=before)
    make_registration(small_edition, status="cancelled", arrival_date=first)
    make_registration(small_edition)
    assert travel.per_day(small_edition) == [(before, 2, 0), (first, 0, 1)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_participant_gives_dates_and_organisers_see_them_per_day(
    page, admin_page, small_edition, axe
):
    amina = make_registration(small_edition, last_name="Diallo")
    arrival = small_edition.start_date - datetime.timedelta(days=1)
    page.goto(login_url_for(amina, "registration:edit"))
    page.get_by_label("Date d’arrivée").fill((arrival - datetime.timedelta(days=60)).isoformat())
    page.get_by_label("Date de départ").fill(small_edition.end_date.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("alert").get_by_text("Indiquez une date entre").wait_for()
    axe(page)
    page.get_by_label("Date d’arrivée").fill(arrival.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Votre inscription a été mise à jour.").wait_for()
    amina.refresh_from_db()
    assert (amina.arrival_date, amina.departure_date) == (arrival, small_edition.end_date)

    admin_page.goto("/admin/registration/registration/")
    admin_page.get_by_role("link", name="Arrivées et départs").click()
    admin_page.locator("#id_edition").select_option(str(small_edition.pk))
    admin_page.get_by_role("button", name="Afficher").click()
    rows = admin_page.locator("#travel-days tbody tr")
    assert rows.count() == 2
    assert rows.nth(0).locator("td").all_inner_texts() == ["1", "0"]
    assert rows.nth(1).locator("td").all_inner_texts() == ["0", "1"]
    path, _name = download(
        admin_page, admin_page.get_by_role("link", name="Télécharger la liste (XLSX)").click
    )
    sheet = load_workbook(path).active
    assert sheet.cell(2, 1).value == "Diallo"
    assert sheet.cell(2, 5).value.date() == arrival
    assert ActivityLog.objects.filter(action="registration.export_travel").count() == 1
