"""Nobody gets stuck: expired confirmation links, lost links before confirmation, members who
confirm their own address, registering again after a cancellation."""

import re

import pytest
from django.urls import reverse

from rencontres.comms.models import Mail
from rencontres.registration import notify
from rencontres.registration.access import login_url_for
from rencontres.registration.domain import registering
from rencontres.registration.models import Registration

from .conftest import form_data
from .test_places import person

S = Registration.Status


def local(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.django_db
def test_an_expired_confirmation_link_offers_a_new_one(client, edition, monkeypatch):
    registration, _ = registering.register(edition, person(edition, "late@example.org"))
    url = notify.confirm_url(registration)
    monkeypatch.setattr(notify, "CONFIRM_MAX_AGE", -1)
    page = client.get(local(url))
    body = page.content.decode()
    assert page.status_code == 200 and "Ce lien de confirmation a expiré" in body
    assert "late@example.org" in body
    page = client.post(local(url))
    assert "Un nouveau lien vient d’être envoyé" in page.content.decode()
    assert Mail.objects.filter(to="late@example.org").count() == 2
    monkeypatch.setattr(notify, "CONFIRM_MAX_AGE", 3600)
    fresh = Mail.objects.filter(to="late@example.org").order_by("pk").last()
    fresh_url = re.search(r"https?://\S+/confirm\S*|https?://\S+/confirmer\S*", fresh.body_text)
    assert fresh_url, fresh.body_text
    client.post(local(fresh_url.group(0)))
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED
    forged = client.get(local(url)[:-3] + "xyz/")
    assert forged.status_code == 400


@pytest.mark.django_db
def test_lost_link_before_confirmation_sends_the_confirmation_again(client, edition):
    registering.register(edition, person(edition, "lost@example.org"))
    client.post(
        reverse("registration:lost_link", kwargs={"number": edition.number}),
        {"email": "LOST@example.org"},
    )
    templates = list(Mail.objects.filter(to="lost@example.org").values_list("template", flat=True))
    assert templates == ["registration/mail/confirm_email"] * 2


@pytest.mark.django_db
def test_a_member_confirms_their_address_before_their_space_opens(client, edition):
    coordinator, _ = registering.register(
        edition,
        person(edition, "coord@example.org"),
        members=[{"first_name": "Moussa", "last_name": "Sy", "email": "moussa@example.org"}],
    )
    registering.confirm_email(coordinator)
    member = Registration.objects.get(email="moussa@example.org")
    welcome = Mail.objects.get(to="moussa@example.org")
    assert "Confirmez votre adresse électronique d’un clic" in welcome.body_text
    # Any personal link shows the one-click confirmation, not the member's data.
    page = client.get(login_url_for(member))
    body = page.content.decode()
    assert "Confirmer mon adresse électronique" in body and member.reference not in body
    space = reverse("registration:space", kwargs={"number": edition.number})
    assert client.get(space).status_code == 302
    # The coordinator sees who has confirmed.
    client.get(login_url_for(coordinator))
    delegation = client.get(reverse("registration:delegation", kwargs={"number": edition.number}))
    assert "Pas encore" in delegation.content.decode()
    # The button in the mail confirms and opens the space.
    confirm = re.search(r"https?://\S+", welcome.body_text.split("un clic")[1]).group(0)
    response = client.post(local(confirm), follow=True)
    assert member.reference in response.content.decode()
    member.refresh_from_db()
    assert member.email_confirmed_at is not None and member.status == S.CONFIRMED


@pytest.mark.django_db
def test_someone_cancelled_registers_again_from_the_form(
    client, edition, django_capture_on_commit_callbacks
):
    first, _ = registering.register(edition, person(edition, "amina@example.org"))
    registering.cancel(first)
    url = reverse("registration:register", kwargs={"number": edition.number})
    response = client.post(url, form_data(edition))
    assert response.status_code == 302
    rows = Registration.objects.filter(email="amina@example.org").order_by("pk")
    assert [r.status for r in rows] == [S.CANCELLED, S.PENDING_EMAIL]
