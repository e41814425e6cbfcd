"""The Content-Security-Policy in Chromium: the public pages, a personal space, the scanner and
the back-office run with nothing refused (conftest's `watch_csp` fails any test that gets a
refusal), and what the admin's own scripts do still happens."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from conftest import CSP_VIOLATIONS, make_registration
from rencontres.registration.access import login_url_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_inline_style_is_reported(page, small_edition):
    """The watcher itself: an inline style set on a page is refused and caught."""
    page.goto("/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert any("style" in violation for violation in CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()


def test_public_pages_and_a_personal_space_run_under_the_policy(page, small_edition):
    number = small_edition.number
    for url in [
        "/",
        "/en/",
        reverse("editions:archive"),
        reverse("editions:detail", args=[number]),
        reverse("editions:practical", args=[number]),
        reverse("editions:partners", args=[number]),
        reverse("editions:contact", args=[number]),
        reverse("program:program", args=[number]),
        reverse("registration:register", args=[number]),
        reverse("editions:privacy"),
        reverse("editions:accessibility"),
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    # The program's day grid keeps its layout through classes, not style attributes.
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(reverse("program:program", args=[number]))
    cell = page.locator(".grid-cell").first
    assert cell.evaluate("e => getComputedStyle(e).gridRowStart") != "auto"
    registration = make_registration(small_edition)
    page.goto(login_url_for(registration))
    page.get_by_role("heading", level=1).wait_for()
    for name in [
        "program:my_agenda",
        "program:my_sessions",
        "program:my_cafes",
        "registration:edit",
    ]:
        assert page.goto(reverse(name, args=[number])).status == 200, name


def test_the_scanner_may_use_the_camera_and_runs_under_the_policy(browser, live_server, edition):
    user = User.objects.create_user("accueil", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    response = page.goto(reverse("onsite:scanner", args=[edition.number]))
    assert "camera=(self)" in response.headers["permissions-policy"]
    page.wait_for_selector("#sync-status[data-state=ok]")
    home = page.goto("/")
    assert "camera=()" in home.headers["permissions-policy"]
    context.close()


def test_the_back_office_runs_under_the_policy(admin_page, small_edition):
    registration = make_registration(small_edition)
    for url in [
        reverse("admin:index"),
        reverse("admin:registration_registration_changelist"),
        reverse("admin:registration_registration_change", args=[registration.pk]),
        reverse("admin:editions_edition_change", args=[small_edition.pk]),
        reverse("admin:messaging_message_add"),
        reverse("admin:auth_user_add"),
    ]:
        response = admin_page.goto(url)
        assert response.status == 200, url
        # The admin's own inline constants carry this response's nonce.
        assert "'nonce-" in response.headers["content-security-policy"]
    # The admin's scripts run: the date widgets add their "Today" shortcut.
    admin_page.goto(reverse("admin:editions_edition_change", args=[small_edition.pk]))
    admin_page.locator(".datetimeshortcuts").first.wait_for()
    # …and the list's "select all" box ticks every row.
    admin_page.goto(reverse("admin:registration_registration_changelist"))
    admin_page.locator("#action-toggle").check()
    assert admin_page.locator("input[name='_selected_action']").first.is_checked()
