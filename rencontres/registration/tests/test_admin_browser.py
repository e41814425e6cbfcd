"""The registration desk's back-office buttons, clicked in Chromium: approve, refuse, cancel
and resend the link from the action dropdown, the exports, visa decisions, "Send again"."""

import csv
import datetime

import pytest
from openpyxl import load_workbook

from conftest import download, make_registration, run_admin_action
from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.registration import notify
from rencontres.registration.models import Registration, VisaRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIST = "/admin/registration/registration/"


def give_reason(page, reason):
    """Decisions against someone ask for a reason, kept in the audit trail."""
    page.get_by_label("Raison").fill(reason)
    page.get_by_role("button", name="Confirmer").click()


def test_decisions_from_the_action_dropdown(admin_page, edition, run_worker, smtp_server):
    page = admin_page
    press = edition.categories.get(code="press")
    pending = make_registration(edition, status="pending_approval", category=press)
    refused = make_registration(edition, status="pending_approval", category=press)
    cancelled = make_registration(edition)
    forgetful = make_registration(edition, "forgetful@example.org")

    page.goto(LIST)
    run_admin_action(page, "approve", [pending.pk])
    page.get_by_text("1 inscription acceptée.").wait_for()
    run_admin_action(page, "refuse", [refused.pk])
    give_reason(page, "Hors des critères presse")
    page.get_by_text("1 inscription refusée.").wait_for()
    run_admin_action(page, "cancel", [cancelled.pk])
    give_reason(page, "Demande par téléphone")
    page.get_by_text("1 inscription annulée.").wait_for()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses[pending.pk] == Registration.Status.CONFIRMED
    assert statuses[refused.pk] == Registration.Status.REFUSED
    assert statuses[cancelled.pk] == Registration.Status.CANCELLED
    reasons = set(ActivityLog.objects.values_list("reason", flat=True))
    assert {"Hors des critères presse", "Demande par téléphone"} <= reasons

    run_admin_action(page, "send_personal_link", [forgetful.pk])
    page.get_by_text("Liens mis en file d'envoi.").wait_for()
    run_worker()
    sent = smtp_server.wait_for(4)
    assert "forgetful@example.org" in {message["To"] for message in sent}


def test_exports_download_what_the_list_shows(admin_page, edition):
    page = admin_page
    make_registration(edition, last_name="Diallo", phone="+221 33 000 00 00")
    make_registration(edition, last_name="Martin", phone="+33 1 23 45 67 89")
    page.goto(LIST)
    path, name = download(
        page, page.get_by_role("link", name="Exporter la liste filtrée (XLSX)").click
    )
    assert name == "inscriptions-17e-edition.xlsx"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert {"+221 33 000 00 00", "+33 1 23 45 67 89"} <= {row[6] for row in rows}

    path, name = download(
        page,
        page.get_by_role(
            "link", name="Exporter la liste filtrée (CSV pour Excel en français)"
        ).click,
    )
    assert name == "inscriptions-17e-edition-excel.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file, delimiter=";"))
    assert len(lines) == 3 and lines[0][0] == "Référence"

    path, name = download(
        page, page.get_by_role("link", name="Exporter la liste filtrée (CSV)", exact=True).click
    )
    with path.open(encoding="utf-8-sig", newline="") as file:
        assert len(list(csv.reader(file))) == 3

    # The selection only, from the action dropdown.
    martin = Registration.objects.get(last_name="Martin")
    path, name = download(page, lambda: run_admin_action(page, "export_xlsx", [martin.pk]))
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == ["Martin"]


def test_visa_decisions_and_send_again(admin_page, edition, run_worker, smtp_server):
    page = admin_page
    requests = []
    for name in ("Amina", "Omar"):
        registration = make_registration(
            edition, f"{name.lower()}@example.org", first_name=name, country="SN"
        )
        Registration.objects.filter(pk=registration.pk).update(
            email_confirmed_at=datetime.datetime.now(datetime.UTC)
        )
        requests.append(
            VisaRequest.objects.create(
                registration=registration,
                name_in_passport=name.upper(),
                nationality="SN",
                date_of_birth=datetime.date(1980, 5, 17),
                place_of_birth="Dakar",
                passport_number=f"A0{len(requests)}",
                passport_issued_on=datetime.date(2020, 1, 1),
                passport_expires_on=edition.end_date + datetime.timedelta(days=400),
                consulate="Consulat général de France à Dakar",
                letter_language="fr",
            )
        )
    page.goto("/admin/registration/visarequest/")
    run_admin_action(page, "validate", [requests[0].pk])
    page.get_by_text("1 demande(s) traitée(s).").wait_for()
    run_admin_action(page, "refuse", [requests[1].pk])
    give_reason(page, "Passeport illisible")
    page.get_by_text("1 demande(s) traitée(s).").wait_for()
    statuses = dict(VisaRequest.objects.values_list("pk", "status"))
    assert statuses == {
        requests[0].pk: VisaRequest.Status.VALIDATED,
        requests[1].pk: VisaRequest.Status.REFUSED,
    }

    # A mail that failed for good is sent again from the delivery log.
    notify.send_personal_link(Registration.objects.get(email="amina@example.org"))
    mail = Mail.objects.filter(to="amina@example.org").latest("pk")
    Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.FAILED, last_error="550 refused")
    page.goto("/admin/comms/mail/")
    run_admin_action(page, "send_again", [mail.pk])
    page.get_by_text("1 courriel remis en file d'envoi.").wait_for()
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT
    assert mail.subject in {message["Subject"] for message in smtp_server.wait_for(3)}
