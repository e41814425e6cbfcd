"""The organisers' B2B buttons, clicked in Chromium: run the scheduler, publish, move a
meeting, the table plan, download the instance and import a schedule (a good and a bad one)."""

import json

import pytest
from django.urls import reverse

from conftest import download, pdf_text
from rencontres.networking.domain.requests import answer_request, send_request
from rencontres.networking.models import Meeting, ScheduleRun
from rencontres.scheduler import fcfs

from .conftest import participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_run_publish_move_and_table_plan(admin_page, b2b, run_worker, smtp_server):
    page = admin_page
    amina = participant(b2b, "amina.diallo@example.org", country="CM")
    paul = participant(b2b, "paul.martin@example.org", country="FR", language="en")
    request = send_request(amina, paul)
    answer_request(request, paul, accept=True)

    page.goto(reverse("admin:networking_dashboard", args=[b2b.pk]))
    page.get_by_role("button", name="Lancer le calcul du planning").click()
    page.get_by_role("progressbar").wait_for()
    run_worker()
    # The page refreshes by itself (htmx) once the run is done.
    page.get_by_role("heading", name="Résultat").wait_for()
    assert ScheduleRun.objects.get().status == ScheduleRun.Status.DONE

    page.get_by_role("button", name="Publier ce planning").click()
    run_worker()
    page.get_by_text("Publié le").wait_for()
    meeting = Meeting.objects.get(request=request)
    smtp_server.wait_for(2)

    page.goto(reverse("admin:networking_dashboard", args=[b2b.pk]))
    page.get_by_role("link", name="Déplacer", exact=True).click()
    table = 3 if meeting.table != 3 else 2
    page.get_by_label("Table").fill(str(table))
    page.get_by_role("button", name="Déplacer la rencontre").click()
    page.get_by_text("La rencontre est déplacée").wait_for()
    meeting.refresh_from_db()
    assert meeting.table == table and meeting.moved_by_hand

    path, name = download(
        page, page.get_by_role("link", name="Plan de tables à imprimer (PDF)").click
    )
    assert name == "plan-de-tables-b2b-17e-edition.pdf"
    text = pdf_text(path)
    assert "Diallo" in text and "Martin" in text


def test_download_the_instance_and_import_schedules(admin_page, b2b, tmp_path):
    page = admin_page
    people = [participant(b2b, f"p{i}.test@example.org") for i in range(4)]
    for requester, invited in (people[:2], people[2:]):
        answer_request(send_request(requester, invited), invited, accept=True)
    page.goto(reverse("admin:networking_dashboard", args=[b2b.pk]))
    path, _name = download(
        page,
        page.get_by_role(
            "link", name="Télécharger les données du planificateur (fichier JSON)"
        ).click,
    )
    instance = json.loads(path.read_text())
    assert len(instance["requests"]) == 2

    # A file of the wrong shape gets a message naming the place, and nothing is imported.
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "b2b-schedule/1", "meetings": [{"request": [1]}]}))
    page.get_by_label("Fichier de planning").set_input_files(bad)
    page.get_by_role("button", name="Importer un planning").click()
    page.get_by_text("Rencontre 1 du fichier\u00a0: « request » doit être du texte").wait_for()
    assert not ScheduleRun.objects.exists()

    good = tmp_path / "schedule.json"
    good.write_text(json.dumps(fcfs(instance)))
    page.get_by_label("Fichier de planning").set_input_files(good)
    page.get_by_role("button", name="Importer un planning").click()
    page.get_by_text("Le planning est importé").wait_for()
    run = ScheduleRun.objects.get()
    assert run.source == ScheduleRun.Source.IMPORT and len(run.result["meetings"]) == 2
