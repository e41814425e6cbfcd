"""Staff accounts in Chromium: setting up and using the second factor, throttled logins, a
forgotten password reset through the mail."""

import base64
import re

import pytest
import zxingcpp
from django.contrib.auth.models import Group
from django_otp.oath import totp
from PIL import Image

from conftest import second_factor_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "un-mot-de-passe-solide-1"


def log_in(page, username, password=PASSWORD):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Connexion").click()


def code_for(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_an_organiser_sets_up_the_authenticator_then_needs_its_code(
    page, django_user_model, tmp_path, axe
):
    user = django_user_model.objects.create_user("cecile", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Organisateur complet"))
    log_in(page, "cecile")
    # No page of the back-office before the second factor is set up.
    page.goto("/admin/registration/registration/")
    assert "/admin/2fa/setup/" in page.url
    page.get_by_role("heading", name="Configurer la double authentification").wait_for()
    axe(page)
    # The QR code, drawn by the platform, holds the same key as the text beside it.
    page.get_by_role("img", name="QR code de votre clé d’authentification").screenshot(
        path=tmp_path / "qr.png"
    )
    (decoded,) = zxingcpp.read_barcodes(Image.open(tmp_path / "qr.png"))
    secret = page.locator(".two-factor-secret").inner_text()
    assert decoded.text.startswith("otpauth://totp/Rencontres%3Acecile?secret=" + secret)
    page.fill("#id_code", "000000" if code_for(secret) != "000000" else "111111")
    page.get_by_role("button", name="Confirmer").click()
    assert "Ce code n’est pas le bon" in page.get_by_role("alert").inner_text()
    # django-otp waits a second after a wrong code before it checks another.
    page.wait_for_timeout(1100)
    page.fill("#id_code", code_for(secret))
    page.get_by_role("button", name="Confirmer").click()
    # Back where the organiser was going.
    page.wait_for_url("**/admin/registration/registration/")
    page.get_by_role("button", name="Déconnexion").wait_for()

    page.get_by_role("button", name="Déconnexion").click()
    log_in(page, "cecile")
    assert "/admin/2fa/" in page.url
    page.get_by_text("Saisissez le code à 6 chiffres").wait_for()
    axe(page)
    page.fill("#id_code", second_factor_code(user))
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_role("button", name="Déconnexion").wait_for()


def test_desk_staff_choose_unless_the_setting_requires_it(page, django_user_model, settings):
    django_user_model.objects.create_user("accueil", password=PASSWORD, is_staff=True)
    log_in(page, "accueil")
    page.get_by_role("button", name="Déconnexion").wait_for()
    assert page.url.endswith("/admin/")
    page.get_by_role("button", name="Déconnexion").click()

    settings.STAFF_TWO_FACTOR_REQUIRED = True
    log_in(page, "accueil")
    page.get_by_role("heading", name="Configurer la double authentification").wait_for()


def test_five_wrong_passwords_lock_the_login_with_a_french_message(page, django_user_model, caplog):
    django_user_model.objects.create_user("desk", password=PASSWORD, is_staff=True)
    for _ in range(5):
        log_in(page, "desk", "mauvais-mot-de-passe")
    assert "Trop de connexions échouées" in page.get_by_role("alert").inner_text()
    # Even the right password is refused now.
    log_in(page, "desk")
    assert "Trop de connexions échouées" in page.get_by_role("alert").inner_text()
    lockouts = [r.getMessage() for r in caplog.records if r.name == "rencontres.security"]
    assert lockouts and all("desk" not in line and "127.0.0.1" not in line for line in lockouts)


def test_a_forgotten_password_is_reset_from_the_mail(
    page, live_server, django_user_model, smtp_server, settings
):
    settings.SITE_URL = live_server.url
    user = django_user_model.objects.create_superuser("chef", "chef@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_role("link", name="Identifiants de connexion oubliés ?").click()
    page.fill("#id_email", "chef@example.org")
    page.get_by_role("button", name="Réinitialiser mon mot de passe").click()
    page.get_by_text("Nous vous avons envoyé par courriel").wait_for()
    (mail,) = smtp_server.wait_for(1)
    assert mail["To"] == "chef@example.org"
    link = re.search(r"https?://\S+/admin/password-reset/\S+/", mail.get_content())[0]
    assert link.startswith(live_server.url)
    page.goto(link)
    page.fill("#id_new_password1", "un-nouveau-mot-de-passe-2")
    page.fill("#id_new_password2", "un-nouveau-mot-de-passe-2")
    page.get_by_role("button", name="Modifier mon mot de passe").click()
    page.get_by_text("Votre mot de passe a été défini").wait_for()
    # The new password, then the second factor still.
    log_in(page, "chef", "un-nouveau-mot-de-passe-2")
    assert "/admin/2fa/setup/" in page.url
    user.refresh_from_db()
    assert user.check_password("un-nouveau-mot-de-passe-2")
