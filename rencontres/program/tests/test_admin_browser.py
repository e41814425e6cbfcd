"""The program's back-office buttons, clicked in Chromium as an organiser does: the Cafés
round (run, adjust, publish), "Assign people", attendance lists, "Move to another session"."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from openpyxl import load_workbook

from conftest import download, make_registration, pdf_text, run_admin_action
from rencontres.program.domain import cafes
from rencontres.program.models import Attendance, CafePlacement, CafeRound
from rencontres.registration.models import Delegation

from .conftest import workshops

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cafes_run_adjust_and_publish(admin_page, edition, run_worker, smtp_server):
    page = admin_page
    cafe_round = CafeRound.objects.get(edition=edition)
    first, second, third = cafe_round.cafes().values_list("pk", flat=True)[:3]
    amina = make_registration(edition, "amina@example.org")
    cafes.choose(amina, cafe_round, [first, second, third])

    page.goto(reverse("admin:program_caferound_change", args=[cafe_round.pk]))
    page.get_by_role("button", name="Lancer la répartition").click()
    page.get_by_text("Répartition faite").wait_for()
    placement = CafePlacement.objects.get(registration=amina)
    assert placement.session_id == first
    assert "Premier choix&nbsp;: 1" in page.content()

    # Adjust: another café in the placement's line, then save.
    page.locator("select[name$='-session']").first.select_option(str(second))
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    page.get_by_text("a été modifié").first.wait_for()
    placement.refresh_from_db()
    assert placement.session_id == second

    page.get_by_role("button", name="Publier et prévenir les participants").click()
    page.get_by_text("Publiée\u00a0: 1 participant reçoit son café par courriel.").wait_for()
    cafe_round.refresh_from_db()
    assert cafe_round.published_at is not None
    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "amina@example.org"


def test_assign_people_attendance_lists_and_move(admin_page, edition, tmp_path):
    page = admin_page
    session, target = workshops(edition)[0], workshops(edition)[3]
    delegation = Delegation.objects.create(edition=edition, name="Délégation du Cameroun")
    members = [
        make_registration(edition, delegation=delegation, phone="+237 6 00 00 00 0{i}")
        for i in range(3)
    ]

    page.goto(reverse("admin:program_session_change", args=[session.pk]))
    page.get_by_role("link", name="Affecter des personnes").click()
    page.get_by_label("Toute une délégation").select_option(str(delegation.pk))
    page.get_by_role("button", name="Affecter").click()
    page.get_by_text("3 personnes affectées").wait_for()
    assert Attendance.objects.filter(session=session, source="organiser").count() == 3

    path, name = download(page, page.get_by_role("link", name="Liste d'émargement (PDF)").click)
    assert name == f"emargement-{slugify(session.title_fr)}-17e-edition.pdf"
    text = pdf_text(path)
    assert all(member.last_name.upper() in text for member in members)
    assert "Délégation du Cameroun" in text
    path, name = download(page, page.get_by_role("link", name="Liste d'émargement (XLSX)").click)
    assert name.endswith("-17e-edition.xlsx")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {member.last_name for member in members}

    # Move one of them from the list of attendances, through the action dropdown.
    moved = Attendance.objects.filter(session=session).first()
    page.locator("#content").get_by_role("link", name="Participations").click()
    run_admin_action(page, "move_people", [moved.pk])
    page.get_by_label("Déplacer vers").select_option(str(target.pk))
    page.get_by_role("button", name="Déplacer").click()
    page.get_by_text("1 personnes déplacées").wait_for()
    moved.refresh_from_db()
    assert moved.session_id == target.pk
