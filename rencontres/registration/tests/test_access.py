"""Magic links: expire, can be revoked, open one person's space for one edition only."""

import pytest
from django.core import signing
from django.urls import reverse

from conftest import make_registration
from rencontres.comms.models import Mail
from rencontres.registration.access import login_url_for, make_token, personal_url
from rencontres.testing.factories import EditionFactory


@pytest.mark.django_db
def test_link_opens_only_that_persons_space(client, small_edition):
    amina = make_registration(small_edition, "amina@example.org", first_name="Amina")
    make_registration(small_edition, "karim@example.org", first_name="Karim")
    space = reverse("registration:space", kwargs={"number": small_edition.number})
    assert client.get(space).status_code == 302  # no session: asks for a link
    page = client.get(login_url_for(amina), follow=True).content.decode()
    assert "Amina" in page and "Karim" not in page
    # The session opens this edition's space only.
    number = EditionFactory().number
    response = client.get(reverse("registration:space", kwargs={"number": number}))
    assert response.status_code == 302
    assert response.url == reverse("registration:lost_link", kwargs={"number": number})


def test_personal_url_is_absolute_and_in_the_participants_language(settings, db, small_edition):
    settings.SITE_URL = "https://rencontres.example.org"
    registration = make_registration(small_edition, "x@example.org", language="en")
    url = personal_url(registration)
    assert url.startswith("https://rencontres.example.org/en/")
    assert "next=%2Fen%2Feditions%2F" in url


@pytest.mark.django_db
def test_expired_forged_and_revoked_links_do_not_open(client, small_edition, settings):
    registration = make_registration(small_edition, "x@example.org")
    token = make_token(registration)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("registration:magic", kwargs={"token": forged})).status_code == 400
    other_salt = signing.dumps([registration.pk, registration.access_key[:12]], salt="other")
    assert (
        client.get(reverse("registration:magic", kwargs={"token": other_salt})).status_code == 400
    )
    settings.REGISTRATION_LINK_MAX_AGE = -1
    assert client.get(reverse("registration:magic", kwargs={"token": token})).status_code == 400
    settings.REGISTRATION_LINK_MAX_AGE = 3600
    registration.access_key = "revoked-key-value"
    registration.save()
    assert client.get(reverse("registration:magic", kwargs={"token": token})).status_code == 400


@pytest.mark.django_db
def test_next_cannot_leave_the_site(client, small_edition):
    registration = make_registration(small_edition, "x@example.org")
    url = reverse("registration:magic", kwargs={"token": make_token(registration)})
    response = client.get(url + "?next=https://evil.example/")
    assert response.url == reverse("registration:space", kwargs={"number": small_edition.number})


@pytest.mark.django_db
def test_lost_link_says_the_same_for_unknown_addresses_and_is_rate_limited(
    client, small_edition, django_capture_on_commit_callbacks
):
    make_registration(small_edition, "known@example.org")
    url = reverse("registration:lost_link", kwargs={"number": small_edition.number})
    known = client.post(url, {"email": "known@example.org"}).content.decode()
    unknown = client.post(url, {"email": "unknown@example.org"}).content.decode()
    assert "Si cette adresse est inscrite" in known and "Si cette adresse est inscrite" in unknown
    assert list(Mail.objects.values_list("to", flat=True)) == ["known@example.org"]
    for _ in range(4):
        client.post(url, {"email": "known@example.org"})
    assert client.post(url, {"email": "known@example.org"}).status_code == 429


@pytest.mark.django_db
def test_participant_edits_and_cancels(client, small_edition):
    registration = make_registration(small_edition, "x@example.org")
    client.get(login_url_for(registration))
    edit = reverse("registration:edit", kwargs={"number": small_edition.number})
    bad = client.post(edit, {"first_name": "", "last_name": "L", "country": "FR", "language": "fr"})
    assert bad.status_code == 400
    response = client.post(
        edit,
        {
            "first_name": "محمد",
            "last_name": "李",
            "country": "MA",
            "language": "en",
            "directory_consent": "on",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.first_name, registration.last_name) == ("محمد", "李")
    assert registration.email == "x@example.org"
    # Consents change only on the personal data page, where each change is recorded.
    assert not registration.directory_consent
    cancel = reverse("registration:cancel", kwargs={"number": small_edition.number})
    assert client.get(cancel).status_code == 200
    client.post(cancel)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    # An ended registration's pages no longer show (or change) personal data.
    ended = client.get(edit).content.decode()
    assert "Votre inscription a pris fin" in ended and 'name="first_name"' not in ended
