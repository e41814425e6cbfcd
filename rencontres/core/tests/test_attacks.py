"""Attacks tried on every page the URL resolver knows: open redirects through `next`, POSTs
without a CSRF token, script payloads in public forms, formulas in every export."""

import csv
import io
import re
from urllib.parse import urlsplit

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client

from conftest import close_stream, make_registration
from rencontres.core.tests.test_permissions import backoffice, backoffice_urls  # noqa: F401
from rencontres.core.tests.test_security import public_urls
from rencontres.registration.access import login_url_for

pytestmark = pytest.mark.django_db

EVIL_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
]
XSS = '"><script>alert("xss")</script><img src=x onerror=alert(1)>'
FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)"]

# Views that take a POST without a CSRF token, each for a reason.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail clients POST without a form; the signed token is
    # the proof (and unsubscribing is all it does).
    "messaging:unsubscribe",
}


def assert_not_offsite(response, url):
    """A redirect stays on this site (the evil address may only appear escaped in a query)."""
    location = response.headers.get("Location", "")
    target = urlsplit(location.replace("\\", "/"))
    assert target.scheme in ("", "http") and target.netloc in ("", "testserver"), (url, location)


def test_next_never_leads_off_site_on_any_page(client, small_edition):
    registration = make_registration(small_edition)
    staff = User.objects.create_superuser("boss")
    for who in ("anonymous", "participant", "staff"):
        visitor = Client()
        if who == "participant":
            visitor.get(login_url_for(registration))
        elif who == "staff":
            visitor.force_login(staff)
        for url in public_urls(small_edition.number) + ["/admin/", "/admin/login/", "/admin/2fa/"]:
            for evil in EVIL_NEXT:
                response = visitor.get(url, {"next": evil})
                if hasattr(response, "streaming_content"):
                    response.close()
                assert_not_offsite(response, f"{who} {url}")


def test_the_personal_link_and_the_logins_refuse_an_offsite_next(client, small_edition):
    registration = make_registration(small_edition)
    login, _query = login_url_for(registration).split("?")
    for evil in EVIL_NEXT:
        response = Client().get(login, {"next": evil})
        assert response.status_code == 302
        assert_not_offsite(response, login)
    User.objects.create_user("desk", password="pw-long-enough-1", is_staff=True)
    for evil in EVIL_NEXT:
        response = Client().post(
            "/admin/login/", {"username": "desk", "password": "pw-long-enough-1", "next": evil}
        )
        assert response.status_code == 302
        assert_not_offsite(response, "admin login")


def test_every_post_needs_the_csrf_token(small_edition):
    """Every page, as a participant with an open space and as staff: a POST without the
    token is refused (403) before the view runs."""
    from django.urls import resolve

    registration = make_registration(small_edition)
    participant = Client(enforce_csrf_checks=True)
    participant.get(login_url_for(registration))
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(User.objects.create_superuser("boss"))
    urls = public_urls(small_edition.number) + ["/admin/login/", "/admin/2fa/setup/"]
    checked = 0
    for url in urls:
        if resolve(url).view_name in CSRF_EXEMPT:
            continue
        for visitor in (participant, staff):
            response = visitor.post(url, {"field": "value"})
            if url.startswith("/api/"):
                # The API takes a token in a header, never the session cookie: a forged
                # cross-site POST carries no credential (401), there is no CSRF to check.
                assert response.status_code in (401, 403, 404, 405, 422), url
                continue
            assert response.status_code in (403, 404, 405), url
            checked += response.status_code == 403
    assert checked > 40


def test_script_payloads_in_public_forms_come_back_as_text(client, small_edition):
    """Every form of the public site and personal space, every text field filled with a
    script: whether the form is accepted or shown again with errors, the page shows the
    payload escaped, never as markup."""
    registration = make_registration(small_edition)
    client.get(login_url_for(registration))
    forms_seen = 0
    for url in public_urls(small_edition.number):
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        html = page.content.decode()
        for form in re.findall(r'<form[^>]*method="post"[^>]*>(.*?)</form>', html, re.S | re.I):
            data = {}
            for name, _kind in re.findall(
                r'<input[^>]*name="([^"]+)"[^>]*type="(text|email|search|tel)"', form
            ) + re.findall(
                r'<input[^>]*type="(?:text|email|search|tel)"[^>]*name="([^"]+)"()', form
            ):
                data[name] = XSS
            for name in re.findall(r'<textarea[^>]*name="([^"]+)"', form):
                data[name] = XSS
            if not data:
                continue
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
            if token:
                data["csrfmiddlewaretoken"] = token[1]
            response = client.post(url, data, follow=True)
            forms_seen += 1
            body = response.content.decode()
            assert "<script>alert(" not in body and "onerror=alert" not in body.replace(
                "&lt;img src=x onerror=alert(1)&gt;", ""
            ), url
    assert forms_seen >= 3
    # What was accepted is shown escaped in the personal space and the back-office too.
    registration.refresh_from_db()
    staff = Client()
    staff.force_login(User.objects.create_superuser("boss"))
    page = staff.get(f"/admin/registration/registration/{registration.pk}/change/")
    assert "<script>alert(" not in page.content.decode()


def spreadsheet_cells(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response["Content-Type"]
    if "spreadsheetml" in kind:
        book = openpyxl.load_workbook(io.BytesIO(content))
        return [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    text = content.decode("utf-8-sig", errors="replace")
    delimiter = ";" if text.count(";") > text.count(",") else ","
    return [value for row in csv.reader(io.StringIO(text), delimiter=delimiter) for value in row]


def test_formulas_typed_by_participants_never_run_in_any_export(backoffice, admin_client):  # noqa: F811
    """Every back-office download, with every participant's texts turned into formulas."""
    from rencontres.registration.models import Registration

    for registration, formula in zip(Registration.objects.all(), FORMULAS * 1000, strict=False):
        Registration.objects.filter(pk=registration.pk).update(
            first_name=formula, last_name=formula, organisation=formula
        )
    downloads = 0
    for url, _name, _view, _admin in backoffice_urls():
        response = admin_client.get(url)
        kind = response.get("Content-Type", "")
        if response.status_code != 200 or not ("csv" in kind or "spreadsheetml" in kind):
            close_stream(response)
            continue
        downloads += 1
        for cell in spreadsheet_cells(response):
            if isinstance(cell, str):
                assert not cell.startswith(("=", "+", "@")) and not re.match(r"^-\d", cell), (
                    url,
                    cell,
                )
            else:
                assert cell.data_type != "f", (url, cell.value)
    assert downloads >= 3


def test_ids_of_another_person_or_edition_open_nothing(small_edition):
    """Every page outside the back-office with an id in its path, as a participant of one
    edition (with their own space open), given the ids of another edition's people, sessions,
    speakers and B2B requests, and another person's request of their own edition: 404 (or
    the login page for staff pages), by GET and by POST. A new kind of id fails the test
    until it is added to `OTHERS`."""
    from django.urls import get_resolver

    from rencontres.core.tests.test_security import walk
    from rencontres.networking.models import MeetingRequest
    from rencontres.partners.models import Lead, PartnerSpace, SideEvent
    from rencontres.program.models import Session, Speaker, SpeakerDocument
    from rencontres.registration.models import Registration
    from rencontres.testing import factories

    other = factories.small_edition()
    speaker = factories.SpeakerFactory(edition=other)
    SpeakerDocument.objects.create(
        speaker=speaker,
        session=Session.objects.filter(edition=other).first(),
        title="Diapositives",
        file="speakers/other.pdf",
        publish=True,
    )
    factories.MeetingRequestFactory(requester=factories.RegistrationFactory(edition=other))
    space = PartnerSpace.objects.create(
        partner=other.partners.create(name="Exposant d'ailleurs", role="partner"),
        is_exhibitor=True,
        contact_email="exposant@example.org",
    )
    SideEvent.objects.create(
        space=space,
        title="Atelier",
        description="Texte",
        format="talk",
        duration=30,
        expected_audience=20,
        language="fr",
        preferred_times="Matin",
    )
    Lead.objects.create(space=space, registration=factories.RegistrationFactory(edition=other))
    # Another person's request in the visitor's own edition.
    factories.MeetingRequestFactory(requester=factories.RegistrationFactory(edition=small_edition))
    me = make_registration(small_edition)
    mine = [me.pk]
    OTHERS = {  # noqa: N806
        "registration_id": Registration.objects.filter(edition=other),
        "member_id": Registration.objects.exclude(pk__in=mine),
        "session_id": Session.objects.filter(edition=other),
        "speaker_id": Speaker.objects.filter(edition=other),
        "request_id": MeetingRequest.objects.exclude(party_a=me).exclude(party_b=me),
        "document_id": SpeakerDocument.objects.all(),  # another edition's speaker's
        "side_event_id": SideEvent.objects.all(),  # another edition's partner's
        "lead_id": Lead.objects.all(),
    }
    visitor = Client()
    visitor.get(login_url_for(me))
    tried = 0
    for route, name in walk(get_resolver().url_patterns):
        if route.startswith(("admin/", "^media")) or "(?P" in route:
            continue
        params = [p for p in re.findall(r"<int:(\w+)>", route) if p != "number"]
        # An organiser's privacy notice is public by design, whoever reads it.
        if not params or params == ["organiser_id"]:
            continue
        for param in params:
            assert param in OTHERS, f"Add ids of another person or edition for {param!r}."
        # The last id is tried with each value; the others (a session around a document) with
        # their first.
        fixed = {param: OTHERS[param].values_list("pk", flat=True)[0] for param in params[:-1]}
        for pk in OTHERS[params[-1]].values_list("pk", flat=True):
            ids = {**fixed, params[-1]: pk}
            url = "/" + re.sub(
                r"<(?:(\w+):)?(\w+)>",
                lambda m, ids=ids: (
                    str(small_edition.number if m[2] == "number" else ids[m[2]])
                    if m[1] == "int"
                    else "x"
                ),
                route.lstrip("^").removesuffix("$"),
            )
            for method in (visitor.get, visitor.post):
                response = method(url)
                if response.status_code == 405:
                    continue
                staff_only = response.status_code == 302 and response["Location"].startswith(
                    "/admin/login/"
                )
                # The speakers' and partners' spaces open only with their own links: 403 or
                # the "no access" page, before any id is looked at.
                speakers_only = response.status_code == 403 and name.startswith("speaker_")
                speakers_only |= (
                    response.status_code == 302 and "/espace-partenaire/" in (response["Location"])
                )
                assert response.status_code == 404 or staff_only or speakers_only, (
                    url,
                    response.status_code,
                )
                tried += 1
    assert tried > 20
