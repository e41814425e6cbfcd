"""The scanner in Chromium: a fake camera showing a badge's QR code, and a day without network."""

import io
import re
import shutil

import pytest
import segno
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import CHROMIUM_ARGS, assert_no_serious_axe_violations, make_registration
from rencontres.onsite.domain.badges import badge_url, issue_badge
from rencontres.onsite.models import CheckIn
from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_y4m(path, text, width=640, height=480, frames=10):
    """A Y4M 4:2:0 video of the QR code of `text` on white, as a camera would film a badge."""
    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=8, border=4)
    code = Image.open(png).convert("RGB")
    side = min(width, height) - 40
    frame = Image.new("RGB", (width, height), "white")
    frame.paste(code.resize((side, side), Image.NEAREST), ((width - side) // 2, 20))
    y, u, v = frame.convert("YCbCr").split()
    u = u.resize((width // 2, height // 2))
    v = v.resize((width // 2, height // 2))
    planes = y.tobytes() + u.tobytes() + v.tobytes()
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + planes)


def logged_in_context(browser, live_server, **options):
    user = User.objects.create_user("accueil", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", **options)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def open_scanner(context, edition):
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(reverse("onsite:scanner", args=[edition.number]))
    page.wait_for_selector("#sync-status[data-state=ok]")
    page.fill("#device-name", "Entrée principale")
    page.dispatch_event("#device-name", "change")
    return page


def test_the_fake_camera_films_a_badge_and_the_person_is_checked_in(
    browser, live_server, edition, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    registration = make_registration(
        edition, first_name="Amina", last_name="Diallo", accessibility_needs="Boucle magnétique"
    )
    _, token = issue_badge(registration)
    video = tmp_path / "badge.y4m"
    write_y4m(video, badge_url(token))
    camera_browser = browser.browser_type.launch(
        executable_path=shutil.which("chromium") or "/usr/bin/chromium",
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = logged_in_context(camera_browser, live_server)
        page = open_scanner(context, edition)
        page.get_by_role("button", name="Démarrer la caméra").click()
        answer = page.locator("#answer[data-colour=green]")
        answer.wait_for()
        assert "Bienvenue" in answer.inner_text()
        assert "Amina Diallo" in answer.inner_text()
        assert "Boucle magnétique" in answer.inner_text()
        check_in = CheckIn.objects.get(registration=registration)
        assert check_in.device.name == "Entrée principale" and check_in.session is None
        # The badge stays in front of the camera: still one check-in, and the counter says so.
        page.wait_for_timeout(1500)
        assert CheckIn.objects.count() == 1
        assert page.locator("#counter-checked").inner_text() == "1"
        context.close()
    finally:
        camera_browser.close()


def test_offline_scans_wait_then_sync_and_the_counters_agree_with_the_database(
    browser, live_server, edition, settings
):
    settings.SITE_URL = live_server.url
    people = [make_registration(edition, last_name=f"Hors-ligne{n}") for n in range(3)]
    tokens = [issue_badge(person)[1] for person in people]
    searched = make_registration(edition, first_name="Oumar", last_name="Sy", organisation="Kayes")
    context = logged_in_context(browser, live_server)
    page = open_scanner(context, edition)
    assert_no_serious_axe_violations(page)
    status = page.locator("#sync-status")

    context.set_offline(True)
    # A place cancelled while the device is offline: the device still lets the person in.
    Registration.objects.filter(pk=people[2].pk).update(status="cancelled")
    for shown, token in enumerate([tokens[0], tokens[1], tokens[2], tokens[0]], start=1):
        page.fill("#scan-input", badge_url(token))
        page.press("#scan-input", "Enter")  # what a handheld scanner types
        page.locator(f"#answer[data-shown='{shown}']").wait_for()
    assert page.locator("#answer").get_attribute("data-colour") == "orange"
    assert "Déjà enregistré" in page.locator("#answer").inner_text()
    page.fill("#scan-input", "kayes")
    page.press("#scan-input", "Enter")
    page.get_by_role("button", name="Enregistrer : Oumar Sy").click()
    page.locator("#answer[data-colour=green]").wait_for()
    assert "Décidé sur cet appareil (hors ligne)." in page.locator("#answer").inner_text()

    assert status.inner_text() == "⚠ hors ligne — 4 scans en attente" or re.search(
        r"hors ligne — 4 scans en attente", status.inner_text()
    )
    assert CheckIn.objects.count() == 0
    # Reloading without network: the service worker serves the page, the queue is kept.
    page.reload()
    # A selector, not wait_for_function: that one evaluates its string with eval in the page,
    # which the Content-Security-Policy refuses (EvalError in a CI run, not in every run).
    page.locator("#sync-status[data-waiting='4']").wait_for()
    assert "hors ligne — 4 scans en attente" in status.inner_text()

    context.set_offline(False)
    page.wait_for_selector("#sync-status[data-state=ok]", timeout=30000)
    assert status.inner_text().startswith("à jour")
    checked = set(CheckIn.objects.values_list("registration_id", flat=True))
    assert checked == {people[0].pk, people[1].pk, searched.pk}
    conflicts = page.locator("#conflicts")
    assert people[2].full_name in conflicts.inner_text()
    assert "Inscription annulée" in conflicts.inner_text()
    assert page.locator("#counter-checked").inner_text() == str(CheckIn.objects.count())
    expected = Registration.objects.filter(edition=edition, status="confirmed").count()
    assert page.locator("#counter-expected").inner_text() == str(expected)

    # Logged out with nothing waiting: the people's data leaves the device.
    context.clear_cookies()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_text("Votre session a expiré").wait_for()
    stored = page.evaluate(
        """(name) => new Promise((resolve) => {
            const open = indexedDB.open(name);
            open.onsuccess = () => {
                const get = open.result.transaction('kv').objectStore('kv').get('data');
                get.onsuccess = () => resolve(get.result);
            };
        })""",
        f"rencontres-scanner-{edition.number}",
    )
    assert stored is None
    context.close()


def test_the_scanner_needs_the_check_in_permission(page, live_server, edition):
    page.goto(reverse("onsite:scanner", args=[edition.number]))
    assert "/admin/login/" in page.url


def test_the_desk_registers_a_walk_in_whose_badge_page_checks_them_in(
    browser, live_server, edition, settings
):
    settings.SITE_URL = live_server.url
    context = logged_in_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(reverse("onsite:desk", args=[edition.number]))
    assert_no_serious_axe_violations(page)
    page.locator("#id_first_name").fill("Олена")
    page.locator("#id_last_name").fill("Коваленко")
    page.locator("#id_email").fill("olena@example.org")
    page.locator("#id_country").select_option("UA")
    page.locator("#id_category_0").check()
    page.locator("#id_data_consent").check()
    page.get_by_role("button", name="Inscrire sur place").click()
    page.get_by_text("A une place : imprimez le badge.").wait_for()
    registration = Registration.objects.get(email="olena@example.org")
    assert registration.walk_in.registered_by.username == "accueil"
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Imprimer le badge").click()
    popup.value.wait_for_load_state()
    badge = registration.badges.get()
    assert badge.printed_at is not None and badge.revoked_at is None

    # The QR code of a badge opened on a staff phone: the person and a "check in" button.
    token = "wrong-token-of-24-chars!"
    page.goto(f"/b/{token}")
    assert "Badge inconnu" in page.locator("h1").inner_text()
    _, token = issue_badge(registration)  # as printed: the token is only in the PDF
    page.goto(f"/b/{token}")
    assert "Олена Коваленко" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Enregistrer").click()
    page.locator(".answer[data-colour=green]").wait_for()
    assert "Bienvenue" in page.locator(".answer").inner_text()
    page.go_back()
    page.locator(".answer[data-colour=orange]").wait_for()
    assert "Déjà enregistré" in page.locator(".answer").inner_text()
    assert page.get_by_role("button", name="Enregistrer").count() == 0
    assert CheckIn.objects.filter(registration=registration).count() == 1
    context.close()


def test_a_room_host_scans_at_a_session_door_and_people_not_signed_up_are_flagged(
    browser, live_server, edition, settings
):
    settings.SITE_URL = live_server.url
    session = Session.objects.filter(edition=edition, signup_required=True).first()
    signed, walker = make_registration(edition), make_registration(edition)
    Attendance.objects.create(session=session, registration=signed, source="self")
    tokens = {person.pk: issue_badge(person)[1] for person in (signed, walker)}
    context = logged_in_context(browser, live_server)
    page = open_scanner(context, edition)
    page.get_by_label("Où cet appareil scanne").select_option(str(session.pk))
    answer = page.locator("#answer")
    for person, colour in [(signed, "green"), (walker, "orange")]:
        page.fill("#scan-input", badge_url(tokens[person.pk]))
        page.press("#scan-input", "Enter")
        page.locator(f"#answer[data-colour={colour}]").wait_for()
    assert "Pas inscrit à cette session" in answer.inner_text()
    assert set(CheckIn.objects.filter(session=session).values_list("registration", flat=True)) == {
        signed.pk,
        walker.pk,
    }
    assert not CheckIn.objects.filter(session=None).exists()
    # The session's counter: present / signed up.
    assert page.locator("#counter-checked").inner_text() == "2"
    assert page.locator("#counter-expected").inner_text() == "1"
    context.close()
