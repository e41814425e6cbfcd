"""Fixtures shared by every app's tests: demo data, a real SMTP server, a real browser."""

import io
import itertools
import os
import shutil
import socket
import time

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; the ORM calls that browser
# tests make beside it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server"}


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite in two passes, each test at least once (see the Makefile):

    - on PostgreSQL (RENCONTRES_DATABASE_TESTS_ONLY): the tests that touch the database. The
      tests that touch none (the scheduler, file readers, pure functions) run on SQLite, and a
      database cannot change them;
    - on SQLite (RENCONTRES_SQLITE_PASS): the browser tests, the tests that touch no database,
      and those that commit for real (transactional: concurrency, workers, live server),
      where SQLite's own locking and transactions are what is tested. The other database
      tests, each in one transaction rolled back, run on PostgreSQL, production's database."""
    postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if postgres and os.environ.get("RENCONTRES_DATABASE_TESTS_ONLY"):
        keep = _uses_database
    elif not postgres and os.environ.get("RENCONTRES_SQLITE_PASS"):
        keep = _for_the_sqlite_pass
    else:
        return
    kept, left = [], []
    for item in items:
        (kept if keep(item) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _uses_database(item):
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def _for_the_sqlite_pass(item):
    marker = item.get_closest_marker("django_db")
    return bool(
        item.get_closest_marker("browser")
        or not _uses_database(item)
        or (marker and marker.kwargs.get("transaction"))
        or TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_configure(config):
    """Settings for tests only: a fast password hasher, and a file cache per xdist worker."""
    from django.conf import settings

    # Accounts in tests need no protection against brute force; the default hasher spends
    # a fraction of a second on each `admin_user`.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The cache is a folder shared by processes (as gunicorn's workers share it): one
    # worker's `cache.clear()` would empty another's in the middle of a test. The SQLite
    # test database is already one per process (settings).
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        cache = settings.CACHES["default"]
        cache["LOCATION"] = f"{cache['LOCATION']}-{worker}"
    _force_login_passes_the_second_factor()


# HELPERS: staff accounts. Superusers and full organisers must confirm their login with a
# code from an authenticator app (rencontres.accounts). In tests:
# - `client.force_login(user)` (and pytest-django's `admin_client`) also passes the second
#   factor: the user gets a confirmed authenticator and the session is marked verified, so
#   tests of other features need nothing more;
# - `admin_page` logs in through the real pages, login then code;
# - a browser test logging in by hand as such a user calls `pass_second_factor(page, user)`
#   after the login form (`second_factor_code(user)` gives the current code).
def give_authenticator(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def second_factor_code(user):
    """The code the user's authenticator app shows now."""
    from django_otp.oath import totp

    device = give_authenticator(user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def pass_second_factor(page, user):
    """In a browser on the code page after the login form: type the current code."""
    page.locator("#id_code").fill(second_factor_code(user))
    page.get_by_role("button", name="Confirmer").click()


def _force_login_passes_the_second_factor():
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        from rencontres.accounts import twofactor

        force_login(self, user, backend)
        if twofactor.required(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = give_authenticator(user).persistent_id
            session.save()

    Client.force_login = force_login_verified


def _clear_caches():
    cache.clear()
    caches["fragments"].clear()


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """Each test starts with empty caches and rate-limit counters, in French (a request to
    /en/ would otherwise leave English active for the next test)."""
    _clear_caches()
    translation.activate("fr")
    yield
    _clear_caches()
    translation.activate("fr")


@pytest.fixture
def demo(db):
    """The seed editions (15th, 16th) and the upcoming demonstration edition, by number."""
    from rencontres.editions.models import Edition
    from rencontres.testing.replay import replay

    # The same rows as `loaddemo --upcoming`, loaded for real once per process (see replay).
    replay(
        "loaddemo --upcoming", lambda: call_command("loaddemo", upcoming=True, stdout=io.StringIO())
    )
    return {edition.number: edition for edition in Edition.objects.all()}


@pytest.fixture
def edition(demo):
    """The upcoming demonstration edition: registration and sign-up open, a copy of the 2024
    program with its B2B blocks."""
    return next(e for e in demo.values() if e.is_demo)


@pytest.fixture
def small_edition(db):
    """An edition built by factories, shaped like the demonstration one at a fraction of its
    size: published, registration and sign-up open, the demo's categories ("elected", "press"
    needing approval…), a two-day program (two blocks of three workshops with sign-up, three
    Cafés, B2B blocks beside them; see `rencontres.testing.factories.program`)."""
    from rencontres.testing import small_edition

    return small_edition()


@pytest.fixture
def run_worker():
    """Run the task worker once over every task that is due (as `make run` does for ever)."""

    def run():
        call_command("db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0)

    return run


_numbers = itertools.count(1)


def make_registration(edition, email=None, status="confirmed", **fields):
    """A registration created directly (the registration rules have their own tests)."""
    from rencontres.registration.models import Registration

    number = next(_numbers)
    defaults = {
        "first_name": f"Prénom{number}",
        "last_name": f"Nom{number}",
        "country": "FR",
        "category": edition.categories.get(code="elected"),
        "data_consent": True,
    }
    defaults.update(fields)
    return Registration.objects.create(
        edition=edition,
        email=email or f"participant{number}@example.org",
        status=status,
        **defaults,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPRecorder:
    """A real SMTP server (aiosmtpd) in a thread of the test process, keeping what it gets."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


def smtp_mailers(port, timeout=5):
    """MAILERS pointing the default mailer at an SMTP server on this machine."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def smtp_server(settings):
    """Mails of the test go through SMTP to this server; `smtp_server.messages` holds them."""
    server = SMTPRecorder().start()
    settings.MAILERS = smtp_mailers(server.port)
    yield server
    server.stop()


# Debian's Chromium as root, with none of its background calls to Google's hosts (the network
# is closed here); tests that launch their own (a fake camera) add to these.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (Playwright cannot download a browser here)."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        new_context = browser.new_context
        browser.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        yield browser
        browser.close()


# What Chromium refused under the Content-Security-Policy or Permissions-Policy, in every
# context of every browser test (HELPERS: the `security` branch). A page with an inline
# script, style or `style="…"`, or loading from another site, fails the test that opened it.
CSP_VIOLATIONS = []


def watch_csp(context):
    def on_console(message):
        text = message.text
        if message.type == "error" and (
            "Content Security Policy" in text or "Permissions-Policy" in text
        ):
            CSP_VIOLATIONS.append(f"{message.page.url if message.page else ''}: {text}")

    context.on("console", on_console)
    return context


@pytest.fixture(autouse=True)
def _no_csp_violations():
    CSP_VIOLATIONS.clear()
    yield
    violations, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert not violations, "Refused by the browser's security policies:\n" + "\n".join(violations)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def assert_no_serious_axe_violations(page):
    """axe-core (shipped by axe-playwright-python) finds no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)


@pytest.fixture
def axe():
    return assert_no_serious_axe_violations


ORGANISER_PASSWORD = "organiser-password-1"


@pytest.fixture
def admin_page(browser, live_server, django_user_model):
    """A browser logged in to the back-office as a superuser through the admin's login page
    and the second factor's, to click its buttons as an organiser does."""
    user = django_user_model.objects.create_superuser(
        "organiser", "organiser@example.org", ORGANISER_PASSWORD
    )
    give_authenticator(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill(ORGANISER_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    pass_second_factor(page, user)
    page.get_by_role("link", name="Déconnexion").or_(
        page.get_by_role("button", name="Déconnexion")
    ).wait_for()
    yield page
    context.close()


def close_stream(response):
    """Close the files of a streamed test response (a served private file), without
    `response.close()`, which also ends the test's database connection (request_finished)."""
    if response.streaming:
        for close in response._resource_closers:
            close()


def download(page, click):
    """Click what starts a download; the file (saved under its suggested name) and that name."""
    import pathlib
    import tempfile

    with page.expect_download() as info:
        click()
    name = info.value.suggested_filename
    path = pathlib.Path(tempfile.mkdtemp()) / name
    info.value.save_as(path)
    return path, name


def pdf_text(path):
    """The text of a PDF, read back with poppler's pdftotext."""
    import subprocess

    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def run_admin_action(page, action, selected):
    """Tick `selected` (primary keys) in a back-office list and run `action` from the
    dropdown, as an organiser does."""
    for pk in selected:
        page.locator(f"input[name='_selected_action'][value='{pk}']").check()
    page.locator("select[name='action']").select_option(action)
    page.get_by_role("button", name="Exécuter").click()
