"""Invitations in Chromium: the guest accepts through the link of their mail; the organiser
invites one person and several, reminds, and prints the VIP list."""

import re

import pytest
from django.contrib.auth.models import User

from conftest import download, make_registration, pdf_text, run_admin_action
from rencontres.audit.models import ActivityLog
from rencontres.program.domain import signup
from rencontres.program.models import Attendance, Session
from rencontres.registration.domain import invitations
from rencontres.registration.models import Invitation, Registration
from rencontres.testing.factories import CategoryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def minister(edition):
    return CategoryFactory(
        edition=edition,
        code="minister",
        name_fr="Ministre",
        name_en="Minister",
        invitation_only=True,
    )


def test_an_invitation_accepted_through_its_link(
    page, live_server, small_edition, smtp_server, run_worker, settings, axe
):
    settings.SITE_URL = live_server.url
    invitations.invite(
        small_edition,
        actor=User.objects.create_superuser("organiser"),
        category=minister(small_edition),
        email="ministre@example.org",
        first_name="Jean",
        last_name="Martin",
        language="fr",
        form_of_address="Monsieur le Ministre",
        organisation="Ministère des collectivités",
        country="SN",
        accompanying_allowed=1,
        vip=True,
    )
    run_worker()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ministre@example.org"
    text = message.get_body(("plain",)).get_content()
    assert "Monsieur le Ministre," in text
    link = re.search(r"http://\S+/invitation/\S+/", text).group(0)
    assert link.startswith(live_server.url)

    page.goto(link)
    page.get_by_role("heading", name="Votre invitation").wait_for()
    assert page.locator("#id_organisation").input_value() == "Ministère des collectivités"
    assert page.locator("#id_email").input_value() == "ministre@example.org"
    assert page.locator("#id_category_0").count() == 0  # the invitation's category
    axe(page)
    page.locator("#id_members-0-first_name").fill("Awa")
    page.locator("#id_members-0-last_name").fill("Ndiaye")
    page.locator("#id_members-0-email").fill("awa@example.org")
    page.locator("#id_data_consent").check()
    page.get_by_role("button", name="Accepter l’invitation").click()
    page.get_by_text("Merci : vous avez accepté l’invitation.").wait_for()
    assert "Jean Martin" in page.locator("main").inner_text()
    axe(page)

    invitation = Invitation.objects.get()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert invitation.registration.status == Registration.Status.CONFIRMED
    assert invitation.registration.delegation.members.count() == 2

    page.goto(link)  # the same link again: a clear page, not a second registration
    page.get_by_text("Vous avez déjà accepté cette invitation.").wait_for()
    axe(page)
    assert Registration.objects.count() == 2


def test_organiser_invites_reminds_and_prints_the_vip_list(
    admin_page, small_edition, run_worker, smtp_server
):
    page = admin_page
    category = minister(small_edition)
    page.goto("/admin/registration/invitation/add/")
    page.locator("#id_edition").select_option(str(small_edition.pk))
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_email").fill("ambassadrice@example.org")
    page.locator("#id_first_name").fill("Awa")
    page.locator("#id_last_name").fill("Diop")
    page.locator("#id_form_of_address").fill("Madame l’Ambassadrice")
    page.locator("#id_protocol_notes").fill("Accueil par la présidente")
    page.locator("#id_vip").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("a été ajouté avec succès").wait_for()
    guest = Invitation.objects.get()
    assert guest.vip and guest.form_of_address == "Madame l’Ambassadrice"

    page.goto("/admin/registration/invitation/add/")  # the same address again
    page.locator("#id_edition").select_option(str(small_edition.pk))
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_email").fill("Ambassadrice@example.org")
    page.locator("#id_first_name").fill("Awa")
    page.locator("#id_last_name").fill("Diop")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("ambassadrice@example.org est déjà invité·e à cette édition.").wait_for()
    assert page.locator("#id_first_name").input_value() == "Awa"
    assert Invitation.objects.count() == 1

    page.goto("/admin/registration/invitation/")
    page.get_by_role("link", name="Inviter plusieurs personnes").click()
    page.locator("#id_edition").select_option(str(small_edition.pk))
    page.locator("#id_category").select_option(str(category.pk))
    people = "jean@example.org; Jean; Martin; fr; Monsieur le Maire\nnot-an-address; Sans; Adresse"
    page.locator("#id_people").fill(people)
    page.get_by_role("button", name="Les inviter").click()
    page.get_by_text("Ligne 2 : « not-an-address » n’est pas une adresse").wait_for()
    assert page.locator("#id_people").input_value() == people
    assert Invitation.objects.count() == 1  # all or nothing
    page.locator("#id_people").fill(people.splitlines()[0])
    page.get_by_role("button", name="Les inviter").click()
    page.get_by_text("1 personne invitée").wait_for()
    assert Invitation.objects.count() == 2

    run_admin_action(page, "remind", [guest.pk])
    page.get_by_text("1 relance envoyée.").wait_for()
    run_worker()
    subjects = [m["Subject"] for m in smtp_server.wait_for(3) if m["To"] == guest.email]
    assert any(s.startswith("Rappel : votre invitation") for s in subjects)

    invitations.accept(
        guest,
        {
            "first_name": "Awa",
            "last_name": "Diop",
            "email": guest.email,
            "function": "Ambassadrice",
            "country": "SN",
            "data_consent": True,
        },
    )
    page.goto(f"/admin/registration/invitation/?edition__id__exact={small_edition.pk}")
    path, name = download(
        page, lambda: page.get_by_role("link", name=re.compile("Liste VIP pour l’accueil")).click()
    )
    assert name.endswith(".pdf") and name.startswith("liste-vip")
    text = " ".join(pdf_text(path).split())  # cells wrap over lines
    assert "DIOP" in text and "Madame" in text and "l’Ambassadrice" in text
    assert "Accueil par la présidente" in text and "Martin" not in text
    assert ActivityLog.objects.filter(action="registration.export_vip_list").exists()


def test_organiser_gives_reserved_seats_back_to_the_waiting_list(admin_page, small_edition):
    page = admin_page
    session = Session.objects.filter(edition=small_edition, signup_required=True).first()
    Session.objects.filter(pk=session.pk).update(capacity=2, reserved_seats=1)
    session.refresh_from_db()
    signup.sign_up(make_registration(small_edition), session)
    waiting = signup.sign_up(make_registration(small_edition), session, waiting_list=True)
    assert waiting.status == Attendance.Status.WAITING  # the other seat is reserved

    page.goto(f"/admin/program/session/{session.pk}/change/")
    page.locator("#id_reserved_seats").fill("3")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("La séance a 2 places : elle ne peut pas en réserver davantage.").wait_for()
    assert page.locator("#id_reserved_seats").input_value() == "3"
    page.locator("#id_reserved_seats").fill("0")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_text("1 personne a obtenu une place depuis la liste d’attente").wait_for()
    waiting.refresh_from_db()
    assert waiting.status == Attendance.Status.CONFIRMED
