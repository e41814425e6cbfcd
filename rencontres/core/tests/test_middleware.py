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
