"""Printing badges from the back-office, as an organiser does it: in Chromium."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.onsite.domain.printing import print_badges
from rencontres.onsite.models import Badge, BadgeSettings, CategoryColour
from rencontres.onsite.tests.test_badges_pdf import decoded_urls, pdf_text

pytestmark = pytest.mark.django_db


def organiser(*codenames):
    user = User.objects.create_user("organisatrice", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_printing_needs_the_print_badges_permission(client, edition):
    make_registration(edition)
    client.force_login(organiser("view_badgesettings", "view_badge"))
    assert client.get("/admin/onsite/badgesettings/print/").status_code == 403
    page = client.get("/admin/onsite/badge/")
    assert "reprint" not in page.content.decode()


def test_the_page_counts_badges_per_category_and_refuses_an_empty_batch(client, edition):
    make_registration(edition)
    client.force_login(organiser("print_badges"))
    page = client.get(f"/admin/onsite/badgesettings/print/?edition={edition.number}")
    assert page.context["everyone"] == page.context["not_printed"] == 1
    response = client.post(
        f"/admin/onsite/badgesettings/print/?edition={edition.number}",
        {"batch": "category", "layout": "a6"},
    )
    assert "Choose the category." in response.content.decode() or response.context["form"].errors
    press = edition.categories.exclude(code="elected").first()
    response = client.post(
        f"/admin/onsite/badgesettings/print/?edition={edition.number}",
        {"batch": "category", "category": press.pk, "layout": "a6"},
    )
    assert response.context["form"].non_field_errors()
    assert not Badge.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_organiser_prints_one_persons_badge_then_sees_when_it_was_printed(
    browser, live_server, edition, settings
):
    settings.SITE_URL = live_server.url
    amina = make_registration(edition, first_name="Amina", last_name="Diallo")
    make_registration(edition, first_name="Bruno", last_name="Martin")
    user = organiser(
        "print_badges",
        "view_badgesettings",
        "view_badge",
        "change_categorycolour",
        "add_categorycolour",
        "view_categorycolour",
    )
    session = Client()
    session.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", accept_downloads=True)
    context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(20000)

    # The category's colour, chosen from the print page.
    page.goto(f"/admin/onsite/badgesettings/print/?edition={edition.number}")
    page.get_by_role("row", name="Élu·e local·e").get_by_role(
        "link", name="Modifier la couleur"
    ).click()
    page.fill("#id_colour", "#123456")
    page.click("input[name=_save]")
    assert CategoryColour.objects.get(category=amina.category).colour == "#123456"

    page.goto(f"/admin/onsite/badgesettings/print/?edition={edition.number}")
    page.get_by_label("Une personne").check()
    page.select_option(
        "#id_person", label="Diallo Amina — participant" + amina.email.split("participant")[1]
    )
    page.select_option("#id_layout", "a4")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert "Amina" in pdf_text(pdf) and "Bruno" not in pdf_text(pdf)
    (urls,) = decoded_urls(pdf)
    badge = Badge.objects.get(registration=amina)
    assert len(urls) == 1 and badge.printed_at is not None
    log = ActivityLog.objects.get(action="onsite.print_badges")
    assert log.actor == user and log.data["count"] == 1 and "Diallo" in log.reason

    # The list of badges says when it was printed; a reprint from there revokes it.
    page.goto("/admin/onsite/badge/")
    assert page.get_by_role("row", name="Amina Diallo").count() == 1
    page.get_by_role("row", name="Amina Diallo").get_by_role("checkbox").check()
    page.select_option("select[name=action]", "reprint")
    with page.expect_download():
        page.click("button[name=index]")
    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert Badge.objects.filter(registration=amina, revoked_at=None).count() == 1
    context.close()


def test_every_badge_admin_page_opens(admin_client, edition):
    amina = make_registration(edition)
    print_badges(edition, [amina])
    colour = CategoryColour.objects.create(category=amina.category, colour="#123456")
    settings = BadgeSettings.objects.create(edition=edition, layout="a4")
    for url in (
        "/admin/onsite/badgesettings/",
        "/admin/onsite/badgesettings/add/",
        f"/admin/onsite/badgesettings/{settings.pk}/change/",
        "/admin/onsite/badgesettings/print/",
        "/admin/onsite/badgesettings/certificates/",
        "/admin/onsite/categorycolour/",
        "/admin/onsite/categorycolour/add/",
        f"/admin/onsite/categorycolour/{colour.pk}/change/",
        "/admin/onsite/badge/",
        f"/admin/onsite/badge/{Badge.objects.get().pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url
    # A colour that is not #rrggbb is refused next to the field, the value kept.
    response = admin_client.post(
        f"/admin/onsite/categorycolour/{colour.pk}/change/",
        {"category": amina.category.pk, "colour": "red; background: url(x)"},
    )
    assert (
        "#1f6feb" in response.content.decode()
        and "red; background: url(x)" in response.content.decode()
    )
    colour.refresh_from_db()
    assert colour.colour == "#123456"
