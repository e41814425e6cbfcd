"""Organisers act in the back-office as in a browser, and find their decisions in the trail."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.core.roles import sync_roles
from rencontres.program.domain import cafes
from rencontres.program.models import CafeRound
from rencontres.registration.models import Registration


def log_in(page, role):
    sync_roles()
    user = User.objects.create_user("claire", password="mot-de-passe-1", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    page.goto(reverse("admin:login"))
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-1")
    page.get_by_role("button", name="Connexion").click()
    return user


@pytest.mark.browser
def test_refusing_asks_a_reason_that_shows_in_the_history(page, edition):
    log_in(page, "Accueil / inscriptions")
    person = make_registration(
        edition,
        "presse@example.org",
        last_name="Journaliste",
        status=Registration.Status.PENDING_APPROVAL,
    )
    page.goto(reverse("admin:registration_registration_changelist"))
    page.locator(f'input[name="_selected_action"][value="{person.pk}"]').check()
    page.locator('select[name="action"]').first.select_option("refuse")
    page.locator('button[name="index"]').first.click()
    page.get_by_label("Raison").fill("Ne fait pas partie de la presse accréditée")
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_text("1 inscription refusée.").wait_for()
    person.refresh_from_db()
    assert person.status == Registration.Status.REFUSED
    page.goto(reverse("admin:registration_registration_change", args=[person.pk]))
    history = page.locator("#history")
    assert "Historique" in history.inner_text()
    row = history.locator("tbody tr").first.inner_text()
    assert "claire" in row and "Inscription refusée" in row
    assert "Ne fait pas partie de la presse accréditée" in row


@pytest.mark.browser
def test_adjusting_a_cafe_placement_is_recorded(page, edition):
    cafe_round = CafeRound.objects.get(edition=edition)
    tables = list(cafe_round.cafes()[:3])
    person = make_registration(edition, last_name="Cafe")
    cafes.choose(person, cafe_round, [t.pk for t in tables])
    cafes.run_assignment(cafe_round)
    user = log_in(page, "Programme")
    page.goto(reverse("admin:program_caferound_change", args=[cafe_round.pk]))
    page.locator('select[name="placements-0-session"]').select_option(str(tables[1].pk))
    page.locator('input[name="_continue"]').click()
    page.locator(".messagelist .success").wait_for()
    entry = ActivityLog.objects.get(action="program.cafes_adjust")
    assert (entry.actor, entry.object_id, entry.edition) == (user, str(person.pk), edition)
    assert (entry.data["source"], entry.data["session"]) == (tables[0].pk, tables[1].pk)
