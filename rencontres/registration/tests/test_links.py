"""Personal links: safe `next`, a clear page for every link that opens nothing, revocation."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import translation

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.program.views import feed_token
from rencontres.registration.access import make_token
from rencontres.registration.domain.links import revoke_edition_links, revoke_links


def magic(registration, language="fr"):
    with translation.override(language):
        return reverse("registration:magic", kwargs={"token": make_token(registration)})


def space(edition):
    return reverse("registration:space", kwargs={"number": edition.number})


def feed(registration):
    return reverse("program:agenda_feed", kwargs={"token": feed_token(registration)})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target",
    ["editions", "editions/", "//evil.example/", "https://evil.example/", "/\\evil.example", ""],
)
def test_next_that_is_not_a_local_path_leads_to_the_space(client, edition, target):
    registration = make_registration(edition, "x@example.org")
    response = client.get(magic(registration), {"next": target})
    assert response.status_code == 302
    assert response.url == space(edition)


@pytest.mark.django_db
def test_next_keeps_a_local_path(client, edition):
    registration = make_registration(edition, "x@example.org")
    target = reverse("program:my_agenda", kwargs={"number": edition.number})
    assert client.get(magic(registration), {"next": target}).url == target


@pytest.mark.django_db
def test_expired_link_says_so_and_offers_a_new_one_in_the_visitors_language(
    client, edition, settings
):
    registration = make_registration(edition, "x@example.org")
    settings.REGISTRATION_LINK_MAX_AGE = -1
    lost = reverse("registration:lost_link", kwargs={"number": edition.number})
    response = client.get(magic(registration))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Il a expiré" in page and f'href="{lost}"' in page
    assert "Envoyez-moi un nouveau lien" in page
    with translation.override("en"):
        lost_en = reverse("registration:lost_link", kwargs={"number": edition.number})
    page = client.get(magic(registration, "en")).content.decode()
    assert "It has expired" in page and f'href="{lost_en}"' in page
    assert '<html lang="en">' in page


@pytest.mark.django_db
def test_revoked_link_and_feed_stop_working(client, edition):
    registration = make_registration(edition, "x@example.org")
    old_link, old_feed = magic(registration), feed(registration)
    assert client.get(old_feed).status_code == 200
    client.get(old_link)
    assert client.get(space(edition)).status_code == 200
    revoke_links(registration)
    # The session opened before is closed too.
    assert client.get(space(edition)).status_code == 302
    response = client.get(old_link)
    page = response.content.decode()
    assert response.status_code == 400 and "Il a été révoqué" in page
    assert reverse("registration:lost_link", kwargs={"number": edition.number}) in page
    assert client.get(old_feed).status_code == 404
    # A new link works.
    assert client.get(magic(registration)).status_code == 302
    assert client.get(feed(registration)).status_code == 200


@pytest.mark.django_db
def test_tampered_link_names_no_edition(client, edition):
    registration = make_registration(edition, "x@example.org")
    token = make_token(registration)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    for bad in (forged, "nonsense", token.replace(":", "", 1)):
        response = client.get(reverse("registration:magic", kwargs={"token": bad}))
        page = response.content.decode()
        assert response.status_code == 400
        assert "Il est incomplet ou a été modifié" in page
        assert "/inscription/lien-perdu/" not in page


@pytest.mark.django_db
def test_a_link_of_another_edition_opens_nothing_here(client, edition, demo):
    other = demo[15]
    registration = make_registration(other, "x@example.org")
    response = client.get(magic(registration), {"next": space(edition)}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "registration:lost_link", kwargs={"number": edition.number}
    )
    assert registration.reference not in response.content.decode()


@pytest.mark.django_db
def test_revoking_an_edition_changes_every_key_of_that_edition_only(edition, demo):
    mine = [make_registration(edition) for _ in range(3)]
    elsewhere = make_registration(demo[15])
    keys = {r.pk: r.access_key for r in [*mine, elsewhere]}
    assert revoke_edition_links(edition) == edition.registrations.count()
    for registration in mine:
        registration.refresh_from_db()
        assert registration.access_key != keys[registration.pk]
    elsewhere.refresh_from_db()
    assert elsewhere.access_key == keys[elsewhere.pk]


@pytest.mark.django_db
def test_revoke_actions_need_the_named_permission(client, edition):
    registration = make_registration(edition, "x@example.org")
    staff = User.objects.create_user("desk", password="pw", is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(codename="view_registration"),
        Permission.objects.get(codename="change_registration"),
        Permission.objects.get(codename="view_edition"),
    )
    client.force_login(staff)
    registrations = reverse("admin:registration_registration_changelist")
    editions = reverse("admin:editions_edition_changelist")
    assert 'value="revoke_links"' not in client.get(registrations).content.decode()
    assert 'value="revoke_edition_links"' not in client.get(editions).content.decode()
    key = registration.access_key
    client.post(registrations, {"action": "revoke_links", "_selected_action": [registration.pk]})
    registration.refresh_from_db()
    assert registration.access_key == key and not ActivityLog.objects.exists()

    staff.user_permissions.add(Permission.objects.get(codename="revoke_links"))
    staff = User.objects.get(pk=staff.pk)  # permissions are cached on the instance
    client.force_login(staff)
    assert 'value="revoke_links"' in client.get(registrations).content.decode()
    assert 'value="revoke_edition_links"' in client.get(editions).content.decode()


@pytest.mark.django_db
def test_lost_link_of_an_address_ended_twice_goes_to_the_latest_registration(small_edition):
    from rencontres.registration.domain.registering import existing

    make_registration(small_edition, "twice@example.org", status="cancelled")
    latest = make_registration(small_edition, "twice@example.org", status="refused")
    assert existing(small_edition, "Twice@example.org", ended_too=True) == latest
