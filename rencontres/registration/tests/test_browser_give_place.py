"""An organiser gives a place now, in Chromium: the action, its page for the reason, the mail."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.registration.models import Registration, RegistrationSettings

S = Registration.Status


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_gives_a_place_now_with_a_reason(
    page, live_server, edition, smtp_server, run_worker, settings
):
    settings.SITE_URL = live_server.url
    RegistrationSettings.objects.create(edition=edition, capacity=1)
    make_registration(edition, "taken@example.org")
    awa = make_registration(
        edition,
        "awa@example.org",
        status=S.WAITING,
        waiting_since=timezone.now(),
        email_confirmed_at=timezone.now(),
        first_name="Awa",
        last_name="Ndiaye",
    )
    organiser = get_user_model().objects.create_user(
        "desk", password="un-mot-de-passe-long", is_staff=True
    )
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_registration", "give_place"])
    )

    page.goto("/admin/login/?next=/admin/registration/registration/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "un-mot-de-passe-long")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    page.check(f"input[name=_selected_action][value='{awa.pk}']")
    page.select_option("select[name=action]", "give_place")
    page.click("button[name=index]")

    # The page between the action and its effect: a reason is required.
    page.wait_for_selector("text=Donner une place maintenant")
    page.click("input[name=apply]")
    page.wait_for_selector(".errorlist")
    assert Registration.objects.get(pk=awa.pk).status == S.WAITING
    page.fill("#id_reason", "Maire de la ville jumelle, invitée par la présidence")
    page.click("input[name=apply]")
    page.wait_for_selector("text=1 place donnée.")

    awa.refresh_from_db()
    assert awa.status == S.CONFIRMED and awa.over_limit
    log = ActivityLog.objects.get(action="registration.give_place")
    assert log.actor == organiser and log.reason.startswith("Maire de la ville jumelle")
    run_worker()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "awa@example.org"
    assert "Votre inscription est confirmée" in mail["Subject"]
