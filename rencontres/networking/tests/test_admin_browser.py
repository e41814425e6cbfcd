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


def test_meetings_freed_by_an_ended_place_are_listed_with_a_rerun_shortcut(admin_page, b2b):
    from rencontres.networking.domain.instance import build_instance
    from rencontres.networking.domain.scheduling import (
        execute_publication,
        import_schedule,
        request_publication,
    )
    from rencontres.registration.domain import registering

    leaving = participant(b2b, "ana.leaving@example.org")
    other = participant(b2b, "bo.other@example.org")
    answer_request(send_request(other, leaving), leaving, accept=True)
    run = import_schedule(b2b, fcfs(build_instance(b2b)))
    request_publication(run)
    execute_publication(run.pk)
    late = participant(b2b, "cy.late@example.org")
    answer_request(send_request(late, other), other, accept=True)  # after the publication
    registering.cancel(leaving)

    page = admin_page
    page.goto(reverse("admin:networking_dashboard", args=[b2b.pk]))
    freed = page.locator(
        "h2:has-text('Rencontres annulées depuis la dernière publication') + p + table"
    )
    assert "Ana Leaving" in freed.inner_text() and "Inscription terminée" in freed.inner_text()
    page.get_by_role("button", name="Relancer en gardant les rencontres publiées").click()
    page.wait_for_url("**/run/*/")
    rerun = ScheduleRun.objects.filter(source=ScheduleRun.Source.SCHEDULER).get()
    assert rerun.keep_published and page.url.endswith(f"/run/{rerun.pk}/")


def test_compare_both_objectives_and_choose_the_other(admin_page, b2b, run_worker):
    """One meeting each at most: the priority-3 meeting of Amina and Paul serves two people,
    the two others serve four; the organiser sees both and chooses the second."""
    from rencontres.audit.models import ActivityLog
    from rencontres.networking.models import SchedulerSettings

    SchedulerSettings.objects.filter(edition=b2b).update(max_meetings=1)
    amina, paul, chloe, dan = (
        participant(b2b, f"{name}@example.org")
        for name in ("amina.diallo", "paul.martin", "chloe.roux", "dan.okafor")
    )
    top = send_request(amina, paul)
    answer_request(top, paul, accept=True)
    top.priority = 3
    top.save(update_fields=["priority"])
    for a, b in ((amina, chloe), (paul, dan)):
        answer_request(send_request(a, b), b, accept=True)

    page = admin_page
    page.goto(reverse("admin:networking_dashboard", args=[b2b.pk]))
    page.get_by_role("button", name="Lancer le calcul du planning").click()
    page.get_by_role("progressbar").wait_for()
    run_worker()
    table = page.get_by_role("table", name="Deux façons de planifier : comparez avant de publier")
    table.wait_for()
    served = table.get_by_role("row", name="Personnes servies (au moins une rencontre)")
    assert served.inner_text().split("\t")[1:] == [
        "2 (le maximum possible\u00a0: 4)",
        "4 (le maximum possible\u00a0: 4)",
    ]
    assert (
        "(le planning qui sera publié)" in table.get_by_role("columnheader").nth(0).text_content()
    )

    table.get_by_role("button", name="Choisir « Le plus de personnes possible d’abord »").click()
    page.get_by_text("Ce calcul publiera désormais le planning").wait_for()
    run = ScheduleRun.objects.get()
    assert run.objective_mode == "serve_most"
    assert (run.result["served"], run.objective) == (4, 2)
    assert (run.alternative["served"], run.alternative["objective"]) == (2, 3)
    log = ActivityLog.objects.get(action="networking.choose")
    assert log.data["objective"] == "serve_most"
    page.get_by_role("button", name="Publier ce planning").click()
    run_worker()
    page.get_by_text("Publié le").wait_for()
    assert Meeting.objects.filter(edition=b2b).count() == 2
