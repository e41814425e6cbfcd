"""The page a badge's QR code opens, and the lifecycle of badge tokens."""

import pytest
from django.contrib.auth.models import Permission, User

from conftest import make_registration
from rencontres.editions.domain.next_edition import create_next_edition
from rencontres.onsite.domain.badges import badge_url, find_badge, issue_badge
from rencontres.onsite.models import BadgeSettings, CategoryColour

pytestmark = pytest.mark.django_db


def staff_with_check_in():
    user = User.objects.create_user("desk", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    return user


def test_a_badge_url_holds_a_random_token_and_only_its_hash_is_stored(edition, settings):
    registration = make_registration(edition)
    badge, token = issue_badge(registration)
    assert badge_url(token) == f"{settings.SITE_URL}/b/{token}"
    assert token not in badge.token_hash and len(badge.token_hash) == 64
    assert token != registration.access_key
    assert find_badge(token) == badge
    assert find_badge(token[:-1]) is None


def test_a_reprint_revokes_the_previous_badge(edition):
    registration = make_registration(edition)
    old, old_token = issue_badge(registration)
    new, new_token = issue_badge(registration)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert find_badge(old_token).is_live is False
    assert find_badge(new_token).is_live is True


@pytest.mark.parametrize("logged_in", [False, True])
def test_without_the_check_in_permission_every_token_opens_the_same_neutral_page(
    client, edition, logged_in
):
    registration = make_registration(
        edition, first_name="Amina", last_name="Diallo", organisation="Commune de Dakar"
    )
    _, token = issue_badge(registration)
    if logged_in:
        # Staff without the permission see no more than anyone else.
        client.force_login(User.objects.create_user("other", is_staff=True))
    valid = client.get(f"/b/{token}")
    forged = client.get("/b/forged-token-000000000000")
    assert valid.status_code == forged.status_code == 200
    body = valid.content.decode()
    for personal in ("Amina", "Diallo", "Dakar", registration.email):
        assert personal not in body
    assert body == forged.content.decode().replace("forged-token-000000000000", token)
    assert "Badge de participant" in body
    assert "no-cache" in valid["Cache-Control"] or "no-store" in valid["Cache-Control"]


def test_check_in_staff_see_the_person(client, edition):
    registration = make_registration(edition, first_name="Amina", last_name="Diallo")
    _, token = issue_badge(registration)
    client.force_login(staff_with_check_in())
    response = client.get(f"/b/{token}")
    assert response.context["registration"] == registration
    assert "Amina Diallo" in response.content.decode()
    response = client.get("/b/forged")
    assert response.context["badge"] is None and response.context["registration"] is None


def test_the_next_edition_keeps_the_badge_layout_and_colours(edition):
    BadgeSettings.objects.create(edition=edition, layout="a4")
    elected = edition.categories.get(code="elected")
    CategoryColour.objects.create(category=elected, colour="#123456")
    following = create_next_edition(
        edition, edition.start_date.replace(year=edition.start_date.year + 1)
    )
    assert following.badge_settings.layout == "a4"
    assert following.categories.get(code="elected").badge_colour.colour == "#123456"


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_neutral_page_is_accessible_in_both_languages(page, live_server, edition, axe, prefix):
    _, token = issue_badge(make_registration(edition))
    page.goto(f"{prefix}/b/{token}")
    assert page.get_by_role("heading", level=1).inner_text() in (
        "Badge de participant",
        "Participant badge",
    )
    axe(page)
