import datetime
import email
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import mail
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from rencontres.core.cache import _generation_path, bump, cache_public_page, generation
from rencontres.editions.models import Edition

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("url", "language", "text"),
    [("/boom/", "fr", "Une erreur est survenue"), ("/en/boom/", "en", "Something went wrong")],
)
def test_server_error_page_in_both_languages(client, settings, url, language, text):
    settings.ROOT_URLCONF = "rencontres.core.tests.urls"
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page and text in page
    assert 'href="/static/core/site.css"' in page


def test_mails_become_eml_files_without_smtp_server(settings, tmp_path):
    settings.MAILERS = {
        "default": {
            "BACKEND": "rencontres.core.mail.EmlFileBackend",
            "OPTIONS": {"path": str(tmp_path / "mail")},
        }
    }
    sent = mail.send_mail("Inscription confirmée", "Bonjour", "a@example.org", ["b@example.org"])
    assert sent == 1
    (path,) = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Inscription confirmée"
    assert message["To"] == "b@example.org"
    assert message.get_content().strip() == "Bonjour"


def _settings_in_subprocess(env, tmp_path, expression):
    """Settings as a fresh process computes them from these environment variables."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DATABASE_"))}
    environ |= {"RENCONTRES_VAR_DIR": str(tmp_path), **env}
    code = f"from django.conf import settings; print(repr({expression}))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 -- our own repr


def test_settings_come_from_the_environment(tmp_path):
    values = _settings_in_subprocess(
        {
            "DATABASE_URL": "postgres://user:secret@db.example.org:5433/rencontres",
            "SECRET_KEY": "from-the-environment",
            "DEBUG": "true",
            "ALLOWED_HOSTS": "rencontres.example.org,www.example.org",
            "SITE_URL": "https://rencontres.example.org/",
            "EMAIL_HOST": "smtp.example.org",
            "EMAIL_PORT": "2525",
            "EMAIL_HOST_USER": "mailer",
            "EMAIL_HOST_PASSWORD": "pw",
            "EMAIL_USE_TLS": "1",
            "DEFAULT_FROM_EMAIL": "Rencontres <rencontres@example.org>",
        },
        tmp_path,
        "(settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['HOST'],"
        " settings.DATABASES['default']['PORT'], settings.SECRET_KEY, settings.DEBUG,"
        " settings.ALLOWED_HOSTS, settings.SITE_URL, settings.MAILERS['default']['BACKEND'],"
        " settings.MAILERS['default']['OPTIONS']['host'],"
        " settings.MAILERS['default']['OPTIONS']['port'],"
        " settings.MAILERS['default']['OPTIONS']['username'],"
        " settings.MAILERS['default']['OPTIONS']['use_tls'],"
        " settings.DEFAULT_FROM_EMAIL, settings.SESSION_COOKIE_SECURE)",
    )
    assert values == (
        "django.db.backends.postgresql",
        "db.example.org",
        5433,
        "from-the-environment",
        True,
        ["rencontres.example.org", "www.example.org"],
        "https://rencontres.example.org",
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        2525,
        "mailer",
        True,
        "Rencontres <rencontres@example.org>",
        True,
    )


def test_settings_defaults_need_no_environment(tmp_path):
    values = _settings_in_subprocess(
        {},
        tmp_path,
        "(settings.DATABASES['default']['ENGINE'], str(settings.DATABASES['default']['NAME']),"
        " settings.DEBUG, settings.SITE_URL, settings.MAILERS['default']['BACKEND'],"
        " settings.MAILERS['default']['OPTIONS']['path'],"
        " len(settings.SECRET_KEY))",
    )
    engine, name, debug, site_url, backend, mail_path, key_length = values
    assert engine == "django.db.backends.sqlite3" and name == str(tmp_path / "db.sqlite3")
    assert (debug, site_url) == (False, "http://127.0.0.1:8000")
    assert backend == "rencontres.core.mail.EmlFileBackend" and mail_path == str(tmp_path / "mail")
    # A development key is generated once into var/ and kept.
    assert key_length >= 50 and (tmp_path / "secret_key").read_text().strip()


def render(template, **context):
    return Template("{% load dates content %}" + template).render(Context(context))


def test_date_range_follows_the_language():
    d = datetime.date
    with translation.override("fr"):
        assert render("{% date_range a b %}", a=d(2024, 10, 23), b=d(2024, 10, 24)) == (
            "23–24 octobre 2024"
        )
        assert render("{% date_range a a %}", a=d(2025, 7, 4)) == "4 juillet 2025"
        assert render("{% date_range a b %}", a=d(2025, 6, 30), b=d(2025, 7, 2)) == (
            "30 juin–2 juillet 2025"
        )
    with translation.override("en"):
        assert render("{% date_range a b %}", a=d(2024, 12, 31), b=d(2025, 1, 1)) == (
            "31 December 2024–1 January 2025"
        )


def test_translated_field_marks_its_language_when_it_falls_back(db):
    edition = Edition(theme_fr="La Diplomatie des territoires", theme_en="")
    with translation.override("en"):
        assert render('{{ e|tr:"theme" }}', e=edition) == (
            '<span lang="fr">La Diplomatie des territoires</span>'
        )
    with translation.override("fr"):
        assert render('{{ e|tr:"theme" }}', e=edition) == "La Diplomatie des territoires"
    edition.editorial_fr = "Un.\n\nDeux <b>"
    with translation.override("en"):
        assert render('{{ e|tr_paragraphs:"editorial" }}', e=edition) == (
            '<div lang="fr"><p>Un.</p>\n\n<p>Deux &lt;b&gt;</p></div>'
        )


class Counter:
    """A view that counts its calls, to see whether the cache answered."""

    def __init__(self, body="page", csrf=False):
        self.calls, self.body, self.csrf = 0, body, csrf

    def __call__(self, request):
        self.calls += 1
        if self.csrf:
            get_token(request)
        return HttpResponse(f"{self.body} {self.calls}")


def get(path="/page/", **extra):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path, **extra)
    request.user = AnonymousUser()
    return request


@translation.override("fr")
def test_page_cache_answers_anonymous_visitors_until_an_edit():
    view = Counter()
    cached = cache_public_page(view)
    assert cached(get()).content == b"page 1"
    assert cached(get()).content == b"page 1"
    assert cached(get("/page/?a=1")).content == b"page 2"
    with translation.override("en"):
        assert cached(get()).content == b"page 3"
    bump()
    assert cached(get()).content == b"page 4"


def _bump_times(count):
    for _ in range(count):
        bump()


def test_every_edit_bumps_the_generation_and_none_comes_back():
    first = generation()
    # Four editors at once, as gunicorn's workers and the task workers edit: every bump
    # counts (a cache's read-then-write incr() lost some). Threads, not forked processes:
    # the test process has other threads (a fork could inherit a held lock); each append
    # is the same system call either way.
    workers = [threading.Thread(target=_bump_times, args=(50,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    token, size = generation().split(".")
    assert token == first.split(".")[0] and int(size) == int(first.split(".")[1]) + 200
    # The folder emptied by hand: a new token, so no page or card kept under an earlier
    # generation (in a process's memory) can match again.
    _generation_path().unlink()
    again = generation()
    assert again.split(".")[0] > token and again != first
    bump()
    assert generation() not in (again, first)


def test_page_cache_keeps_htmx_fragments_apart():
    cached = cache_public_page(Counter())
    assert cached(get()).content == b"page 1"
    assert cached(get(HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list")).content == b"page 2"
    assert cached(get()).content == b"page 1"


@pytest.mark.parametrize(
    "request_kwargs",
    [{"HTTP_COOKIE": "sessionid=abc"}, {"HTTP_COOKIE": f"messages={CookieStorage.cookie_name}"}],
)
def test_page_cache_skips_visitors_with_a_session_or_messages(request_kwargs):
    cached = cache_public_page(Counter())
    cached(get(**request_kwargs))
    assert cached(get(**request_kwargs)).content == b"page 2"


def test_page_cache_never_stores_a_csrf_token():
    cached = cache_public_page(Counter(csrf=True))
    cached(get())
    assert cached(get()).content == b"page 2"


def test_bootstrap_loads_the_demo_once_and_creates_one_organiser(db, capsys):
    from django.contrib.auth.models import User

    call_command("bootstrap")
    assert "organisateur" in capsys.readouterr().out
    call_command("bootstrap")
    assert "password" not in capsys.readouterr().out
    assert User.objects.filter(is_superuser=True).count() == 1
    assert Edition.objects.filter(number__in=[15, 16]).count() == 2
    # The nightly retention task is queued once, however often bootstrap runs.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(task_path__endswith="daily_retention").count() == 1


@pytest.mark.django_db
def test_language_switch_keeps_the_query_string(client, demo):
    from django.urls import reverse

    with translation.override("en"):
        english = reverse("program:program", kwargs={"number": 15})
    french = reverse("program:program", kwargs={"number": 15})
    page = client.get(french, {"kind": "cafe", "q": 'a"b&c'}).content.decode()
    assert f'href="{english}?kind=cafe&amp;q=a%22b%26c" lang="en"' in page
    assert 'a"b' not in page
    plain = client.get(french).content.decode()
    assert f'href="{english}" lang="en"' in plain
