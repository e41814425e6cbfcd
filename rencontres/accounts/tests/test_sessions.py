"""Staff sessions: who needs the second factor, and the end of a session left idle."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from rencontres.accounts import twofactor

pytestmark = pytest.mark.django_db


def test_who_needs_the_second_factor(django_user_model, settings):
    desk = django_user_model.objects.create_user("desk", is_staff=True)
    organiser = django_user_model.objects.create_user("orga", is_staff=True)
    organiser.groups.add(Group.objects.get(name="Organisateur complet"))
    boss = django_user_model.objects.create_superuser("boss")
    participant = django_user_model.objects.create_user("someone")
    assert [twofactor.required(u) for u in (desk, organiser, boss, participant)] == [
        False,
        True,
        True,
        False,
    ]
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    assert twofactor.required(desk) and not twofactor.required(participant)


def test_an_unverified_organiser_reaches_only_the_second_factor_pages(django_user_model):
    boss = django_user_model.objects.create_superuser("boss")
    client = Client()
    # Logged in by password only (no force_login, which passes the second factor in tests).
    session = client.session
    session.update(
        {
            "_auth_user_id": str(boss.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": boss.get_session_auth_hash(),
        }
    )
    session.save()
    response = client.get("/admin/registration/registration/")
    assert response.status_code == 302
    assert (
        response["Location"] == "/admin/2fa/setup/?next=%2Fadmin%2Fregistration%2Fregistration%2F"
    )
    assert client.get("/admin/2fa/setup/").status_code == 200
    # Not even the public site's staff preview, nor the scanner.
    assert client.get("/").status_code == 302


def test_a_staff_session_ends_after_the_idle_timeout(client, admin_user, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 600
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.session.get_expiry_age() == 600
    # Ten minutes without a request later:
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_nobody_reads_an_authenticators_key_in_the_back_office(admin_client, admin_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=admin_user)
    for view in ("config", "qrcode"):
        url = f"/admin/otp_totp/totpdevice/{device.pk}/{view}/"
        assert admin_client.get(url).status_code == 403
    listing = admin_client.get("/admin/otp_totp/totpdevice/").content.decode()
    assert device.key not in listing


def test_failures_are_counted_for_the_address_the_front_server_saw(client, settings):
    """django-axes reads REMOTE_ADDR, which TrustedProxyMiddleware sets from X-Forwarded-For
    only when the request comes from a trusted proxy."""
    from django.test import Client

    from rencontres.accounts.signals import client_address

    seen = []
    for trusted in ([], ["10.0.0.1"]):
        settings.TRUSTED_PROXIES = trusted
        browser = Client(REMOTE_ADDR="10.0.0.1")
        response = browser.get("/healthz", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
        seen.append(client_address(response.wsgi_request))
    # Without a trusted proxy the header is the client's word; behind ours, its last hop.
    assert seen == ["10.0.0.1", "198.51.100.7"]


def test_a_wrong_code_makes_the_next_one_wait(django_user_model):
    from conftest import give_authenticator, second_factor_code
    from rencontres.accounts.forms import CodeForm

    device = give_authenticator(django_user_model.objects.create_superuser("boss"))
    right = second_factor_code(device.user)
    wrong = "000000" if right != "000000" else "111111"
    assert not CodeForm({"code": wrong}, device=device).is_valid()
    form = CodeForm({"code": right}, device=device)
    assert not form.is_valid() and form.errors["code"][0].startswith("Trop de codes erronés")
