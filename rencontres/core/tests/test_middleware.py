import pytest


@pytest.mark.django_db
def test_back_office_speaks_french_to_an_english_browser(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_public_site_still_follows_the_url(client, demo):
    response = client.get("/en/", HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="en"' in response.content.decode()


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # from our proxy: believed
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # from anyone else: ignored
        ("127.0.0.1", "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged first hop stays out
        ("127.0.0.1", "203.0.113.7, 10.0.0.2", "203.0.113.7"),  # two proxies of ours skipped
        ("127.0.0.1", "not-an-ip", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address_believes_only_trusted_proxies(remote, forwarded, expected):
    from rencontres.core.middleware import _networks, client_address

    assert client_address(remote, forwarded, _networks("127.0.0.1, 10.0.0.0/8")) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("trusted", [True, False])
def test_behind_the_proxy_each_visitor_has_their_own_rate_limit(small_edition, settings, trusted):
    """Before TRUSTED_PROXIES, every visitor behind nginx shared one bucket: the 101st
    registrant in ten minutes was refused. A visitor who sends the header directly, without
    the proxy, does not escape their limit either."""
    from django.test import Client
    from django.urls import reverse

    from rencontres.registration.tests.conftest import form_data

    settings.TRUSTED_PROXIES = ["127.0.0.1"] if trusted else []
    settings.REGISTRATION_RATE_PER_IP = "2/m"
    client = Client(REMOTE_ADDR="127.0.0.1")  # middleware reads the setting when built
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    statuses = [
        client.post(
            url,
            form_data(small_edition, email=f"p{n}@example.org"),
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        ).status_code
        for n in range(4)
    ]
    if trusted:
        assert 429 not in statuses
    else:
        assert statuses[2:] == [429, 429]
