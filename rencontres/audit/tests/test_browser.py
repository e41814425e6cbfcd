"""An organiser refuses a registration with a reason in the back-office, as in a browser, and
finds it in the registration's "Historique"."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from conftest import make_registration
from rencontres.core.roles import sync_roles
from rencontres.registration.models import Registration


@pytest.mark.browser
def test_refusing_asks_a_reason_that_shows_in_the_history(page, edition):
    sync_roles()
    user = User.objects.create_user("claire", password="mot-de-passe-1", is_staff=True)
    user.groups.add(Group.objects.get(name="Accueil / inscriptions"))
    person = make_registration(
        edition,
        "presse@example.org",
        last_name="Journaliste",
        status=Registration.Status.PENDING_APPROVAL,
    )
    page.goto(reverse("admin:login"))
    page.get_by_label("Nom d’utilisateur").fill("claire")
    page.get_by_label("Mot de passe").fill("mot-de-passe-1")
    page.get_by_role("button", name="Connexion").click()
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
