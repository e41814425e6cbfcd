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
    assert "Ces personnes obtiennent maintenant une place confirmée" in page.content()
    page.click("input[name=apply]")
    # Without a reason the browser keeps the page (the field is required).
    assert page.locator("#id_reason:invalid").count() == 1
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


def log_in_admin(page, permissions):
    user = get_user_model().objects.create_user(
        "desk", password="un-mot-de-passe-long", is_staff=True
    )
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    page.goto("/admin/login/?next=/admin/registration/registration/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", "un-mot-de-passe-long")
    page.click("input[type=submit]")
    page.wait_for_selector("#result_list")
    return user


def run_action(page, action, *pks):
    for pk in pks:
        page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_orders_the_waiting_list_reactivates_and_confirms(page, live_server, edition):
    RegistrationSettings.objects.create(edition=edition, capacity=1)
    taken = make_registration(edition, "taken@example.org", email_confirmed_at=timezone.now())
    now = timezone.now()
    first, second, third = (
        make_registration(
            edition,
            f"w{n}@example.org",
            status=S.WAITING,
            waiting_since=now + timezone.timedelta(seconds=n),
            email_confirmed_at=now,
        )
        for n in range(3)
    )
    unconfirmed = make_registration(edition, "new@example.org", status=S.PENDING_EMAIL)
    log_in_admin(
        page,
        [
            "view_registration",
            "manage_waiting_list",
            "reactivate_registration",
            "manage_confirmation",
            "decide_registration",
        ],
    )

    run_action(page, "move_to_position", third.pk)
    page.fill("#id_position", "1")
    page.click("input[name=apply]")
    page.wait_for_selector("text=1 personne déplacée dans la liste d’attente.")
    run_action(page, "move_down", first.pk)
    page.wait_for_selector("text=1 personne déplacée dans la liste d’attente.")
    positions = {r.email: r.waiting_position for r in Registration.objects.filter(status=S.WAITING)}
    assert positions == {"w2@example.org": 1, "w1@example.org": 2, "w0@example.org": 3}

    run_action(page, "remind_unconfirmed", unconfirmed.pk, taken.pk)
    page.wait_for_selector("text=1 courriel de confirmation en file d’envoi.")
    run_action(page, "mark_email_confirmed", unconfirmed.pk)
    page.wait_for_selector("text=1 adresse confirmée.")
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == S.WAITING, "confirmed, behind those already waiting"

    run_action(page, "cancel", taken.pk)
    page.click("input[name=apply]")  # the reason is optional
    page.wait_for_selector("text=1 inscription annulée.")
    assert Registration.objects.get(email="w2@example.org").status == S.CONFIRMED
    run_action(page, "reactivate", taken.pk)
    page.wait_for_selector("text=1 inscription réactivée.")
    taken.refresh_from_db()
    assert taken.status == S.WAITING and taken.waiting_position == 4
    actions = ActivityLog.objects.filter(actor__username="desk").values_list("action", flat=True)
    assert sorted(actions) == [
        "registration.cancel",
        "registration.confirm_address",
        "registration.move_waiting",
        "registration.move_waiting",
        "registration.reactivate",
        "registration.resend_confirmation",
    ]
