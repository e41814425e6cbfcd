"""The organisers' privacy buttons, clicked in the back-office."""

import datetime

import openpyxl
import pytest

from conftest import download, run_admin_action
from rencontres.audit.models import ActivityLog
from rencontres.editions.models import Edition
from rencontres.privacy.domain import erasure
from rencontres.privacy.models import ConsentText, ErasureRequest, PrivacySettings
from rencontres.registration.models import Registration

from .helpers import full_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organiser_erases_one_person_now_and_another_at_the_end_of_the_event(
    admin_page, small_edition, private_root
):
    now = full_participant(small_edition)
    later = full_participant(small_edition, email="later@example.org")
    first, second = erasure.ask(now), erasure.ask(later)
    admin_page.goto("/admin/privacy/erasurerequest/")
    run_admin_action(admin_page, "process_now", [first.pk])
    admin_page.wait_for_selector("text=1 personne anonymisée.")
    run_admin_action(admin_page, "process_at_end", [second.pk])
    admin_page.wait_for_selector("text=1 effacement prévu le lendemain de l’édition.")
    assert Registration.objects.get(pk=now.pk).first_name == ""
    second.refresh_from_db()
    assert second.status == ErasureRequest.Status.SCHEDULED
    assert second.scheduled_for == small_edition.end_date + datetime.timedelta(days=1)
    erase = ActivityLog.objects.get(action="privacy.erase")
    assert erase.actor.username == "organiser"
    assert ActivityLog.objects.filter(action="privacy.erasure_scheduled").count() == 1


def test_organiser_sets_retention_sees_the_dry_run_and_exports_the_register(
    admin_page, small_edition, private_root
):
    full_participant(small_edition)
    day = datetime.date.today() - datetime.timedelta(days=40)
    Edition.objects.filter(pk=small_edition.pk).update(start_date=day, end_date=day)
    admin_page.goto("/admin/privacy/privacysettings/add/")
    admin_page.select_option("#id_organiser", str(small_edition.organiser_id))
    admin_page.fill("#id_passport_days", "50")
    admin_page.fill("#id_dpo", "DPO, dpo@example.org")
    admin_page.get_by_role("button", name="Enregistrer", exact=True).click()
    admin_page.wait_for_selector("text=a été ajouté avec succès")
    rules = PrivacySettings.objects.get()
    assert rules.passport_days == 50

    admin_page.get_by_role("link", name="Ce que la conservation effacera").click()
    admin_page.get_by_role(
        "heading", name="Ce que les durées de conservation effaceront"
    ).wait_for()
    assert "Rien." in admin_page.locator("#content").inner_text()  # 40 days < 50 days

    admin_page.goto("/admin/privacy/privacysettings/")
    path, name = download(
        admin_page,
        admin_page.get_by_role("link", name="Registre des activités de traitement (XLSX)").click,
    )
    assert name.startswith("registre-des-traitements") and name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Traitement", "Finalité", "Base légale")
    visas = next(r for r in rows if r[0] == "Lettres d’invitation pour les visas")
    assert visas[6] == "Supprimées 50 jours après le dernier jour de l’édition"
    assert ActivityLog.objects.filter(action="privacy.export_register").count() == 1


def test_organiser_writes_a_new_version_of_a_consent_text(admin_page, small_edition):
    admin_page.goto("/admin/privacy/consenttext/add/")
    admin_page.select_option("#id_kind", "exhibitor")
    admin_page.fill("#id_text_fr", "J’accepte que les exposants reçoivent mes coordonnées (v2).")
    admin_page.fill("#id_text_en", "I agree that exhibitors receive my details (v2).")
    admin_page.get_by_role("button", name="Enregistrer", exact=True).click()
    admin_page.wait_for_selector("text=a été ajouté avec succès")
    assert ConsentText.objects.get(kind="exhibitor", text_en__endswith="(v2).").version == 2
    admin_page.goto(f"/en/editions/{small_edition.number}/registration/")
    label = admin_page.locator("label[for='id_exhibitor_consent']").inner_text()
    assert label.startswith("I agree that exhibitors receive my details (v2).")
