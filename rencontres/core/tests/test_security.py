"""Security hardening: response headers on every page (walked from the URL resolver), the
production configuration (`check --deploy` with production variables, https settings), and
absolute links built from SITE_URL only."""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_registration

pytestmark = pytest.mark.django_db


def walk(patterns, prefix=""):
    """(route, name) of every URL pattern, included ones too."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name


def public_urls(number):
    """Every page outside the back-office, its edition number filled in; other parameters get
    values that match no object (the page then answers 404, which must carry the headers too)."""
    urls = set()
    for route, _name in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "^media")) or "(?P" in route:
            continue
        route = route.lstrip("^").removesuffix("$")
        url = "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: str(number) if m[2] == "number" else ("0" if m[1] == "int" else "x"),
            route,
        )
        urls.add(url)
    return sorted(urls)


def assert_security_headers(response, url):
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
    assert response.headers["X-Content-Type-Options"] == "nosniff", url
    assert response.headers["Referrer-Policy"] == "same-origin", url
    camera = "camera=(self)" if url.endswith("/scanner/") else "camera=()"
    assert camera in response.headers["Permissions-Policy"], url


def test_every_public_page_sends_the_security_headers(client, small_edition):
    urls = public_urls(small_edition.number)
    assert len(urls) > 40
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_security_headers(response, url)


def test_personal_pages_back_office_and_static_files_send_them_too(client, small_edition):
    from rencontres.registration.access import login_url_for

    registration = make_registration(small_edition)
    response = client.get(login_url_for(registration), follow=True)
    assert response.status_code == 200
    assert_security_headers(response, "personal space")
    assert_security_headers(client.get("/admin/login/"), "admin login")
    static = client.get("/static/core/site.css")
    static.close()
    assert_security_headers(static, "static file")


def test_the_back_office_gets_a_fresh_nonce_for_the_admins_own_scripts(admin_client):
    first = admin_client.get("/admin/")
    second = admin_client.get("/admin/")
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"])[1]
    assert f'nonce="{nonce}"' in first.content.decode()
    assert nonce not in second.headers["Content-Security-Policy"]


def test_public_pages_carry_no_nonce(client, small_edition):
    # Cached for anonymous visitors: a nonce would be reused, so public pages need none.
    response = client.get("/")
    assert "nonce" not in response.headers["Content-Security-Policy"]


def test_only_the_scanner_may_use_the_camera(client, django_user_model, small_edition):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("door", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="check_in"))
    client.force_login(user)
    response = client.get(f"/editions/{small_edition.number}/scanner/")
    assert response.status_code == 200
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert (
        "camera=()"
        in client.get(f"/editions/{small_edition.number}/accueil/").headers["Permissions-Policy"]
    )


def production_environment(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "EMAIL_", "SECURE_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL="https://rencontres.example.org",
        ALLOWED_HOSTS="rencontres.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RENCONTRES_VAR_DIR=str(tmp_path),
        EMAIL_HOST="smtp.example.org",
        DEFAULT_FROM_EMAIL="Rencontres <noreply@example.org>",
    )
    return env


def run_manage(tmp_path, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_https_turns_on_hsts_secure_cookies_and_the_proxy_header(tmp_path):
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
    ]
    code = f"from django.conf import settings; print(__import__('json').dumps([getattr(settings, n) for n in {names}]))"
    result = run_manage(tmp_path, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    values = dict(zip(names, json.loads(result.stdout.strip().splitlines()[-1]), strict=True))
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
    }


def test_calendar_feed_and_sitemap_links_come_from_site_url_not_the_host_header(
    client, small_edition, settings
):
    from rencontres.registration.access import login_url_for

    settings.SITE_URL = "https://rencontres.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    registration = make_registration(small_edition)
    client.get(login_url_for(registration), HTTP_HOST="attacker.example")
    agenda = client.get(
        f"/editions/{small_edition.number}/mon-agenda/", HTTP_HOST="attacker.example"
    )
    assert "https://rencontres.example.org/calendrier/" in agenda.content.decode()
    assert "attacker.example" not in agenda.content.decode()
    sitemap = client.get("/sitemap.xml", HTTP_HOST="attacker.example").content.decode()
    assert "<loc>https://rencontres.example.org/" in sitemap
    assert "attacker.example" not in sitemap
