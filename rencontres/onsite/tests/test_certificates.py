"""Certificates of attendance: the days attended, read back from the PDF; the personal space's
panel; the organisers' mailing through the real SMTP server."""

import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from conftest import make_registration
from rencontres.audit.models import ActivityLog
from rencontres.onsite.domain.certificates import certificate_pdf, days_attended
from rencontres.onsite.models import CheckIn
from rencontres.onsite.tests.test_badges_pdf import pdf_text
from rencontres.registration.access import login_url_for

PARIS = ZoneInfo("Europe/Paris")


def check_in(registration, day, hour, session=None):
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)
    return CheckIn.objects.create(
        edition=registration.edition,
        registration=registration,
        session=session,
        client_id=uuid.uuid4(),
        scanned_at=moment,
    )


def present_both_days(edition, **fields):
    person = make_registration(edition, **fields)
    check_in(person, edition.start_date, 9)
    session = edition.sessions.filter(start__date=edition.end_date).first()
    # Just after midnight UTC is still the first day in Paris: days are local.
    check_in(person, edition.end_date, 11, session=session)
    return person


@pytest.mark.django_db
def test_the_certificate_lists_the_days_attended_in_the_persons_language(edition):
    amina = present_both_days(
        edition,
        first_name="Amina",
        last_name="Diallo",
        function="Maire",
        organisation="Commune de Dakar",
        language="en",
    )
    assert days_attended(amina) == [edition.start_date, edition.end_date]
    text = " ".join(pdf_text(certificate_pdf(amina)).split())
    assert "Certificate of attendance" in text
    assert "Amina Diallo, Maire, Commune de Dakar" in text
    assert edition.organiser.name in text  # the letterhead
    assert f"{edition.start_date:%A} {edition.start_date.day} {edition.start_date:%B %Y}" in text
    assert "and was present on these days" in text

    paul = make_registration(edition, first_name="Paul", language="fr")
    assert certificate_pdf(paul) is None
    check_in(paul, edition.start_date, 23)
    text = " ".join(pdf_text(certificate_pdf(paul)).split())
    assert "Attestation de présence" in text and "et était présent·e ce jour" in text


@pytest.mark.django_db
def test_the_personal_space_offers_the_certificate_once_checked_in(client, edition):
    amina = present_both_days(edition, first_name="Amina", last_name="Diallo")
    client.get(login_url_for(amina))
    space = client.get(f"/editions/{edition.number}/mon-inscription/").content.decode()
    assert "Attestation de présence" in space and "2 jours" in space
    response = client.get(f"/editions/{edition.number}/mon-inscription/attestation.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Amina Diallo" in pdf_text(response.content)

    other = Client()
    paul = make_registration(edition, first_name="Paul")
    other.get(login_url_for(paul))
    space = other.get(f"/editions/{edition.number}/mon-inscription/").content.decode()
    assert "Attestation de présence" not in space
    assert (
        other.get(f"/editions/{edition.number}/mon-inscription/attestation.pdf").status_code == 404
    )
    # Without the personal link: sent to "lost your link", never someone else's certificate.
    assert (
        Client().get(f"/editions/{edition.number}/mon-inscription/attestation.pdf").status_code
        == 302
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_organiser_sends_every_certificate_in_one_click(
    browser, live_server, edition, smtp_server, run_worker, settings
):
    settings.SITE_URL = live_server.url
    amina = present_both_days(edition, first_name="Amina", last_name="Diallo", language="en")
    bruno = present_both_days(edition, first_name="Bruno", last_name="Martin", language="fr")
    make_registration(edition, first_name="Absent")

    desk = User.objects.create_user("accueil", is_staff=True)
    desk.user_permissions.add(Permission.objects.get(codename="view_badgesettings"))
    clerk = Client()
    clerk.force_login(desk)
    assert clerk.get("/admin/onsite/badgesettings/certificates/").status_code == 403
    assert clerk.post("/admin/onsite/badgesettings/certificates/").status_code == 403

    organiser = User.objects.create_user("organisatrice", is_staff=True)
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["send_certificates", "view_badgesettings"])
    )
    session = Client()
    session.force_login(organiser)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto("/admin/onsite/badgesettings/")
    page.get_by_role("link", name="Attestations de présence").click()
    page.select_option("#id_edition", str(edition.number))
    page.get_by_role("button", name="Afficher").click()
    assert "2 personnes ont été enregistrées" in page.content()
    page.get_by_role(
        "button", name="Envoyer les attestations à toutes les personnes enregistrées"
    ).click()
    page.get_by_text("2 attestations mises en file d’envoi.").wait_for()

    run_worker()
    messages = smtp_server.wait_for(2)
    by_address = {message["To"]: message for message in messages}
    assert set(by_address) == {amina.email, bruno.email}
    english = by_address[amina.email]
    assert english["Subject"].startswith("Your certificate of attendance")
    assert by_address[bruno.email]["Subject"].startswith("Votre attestation de présence")
    link = re.search(r"(http://\S+)", english.get_body(("plain",)).get_content()).group(1)
    assert "/en/" in link
    # The link opens the personal space's certificate (the magic link logs the browser in).
    response = Client().get(link.removeprefix(live_server.url), follow=True)
    assert "Amina Diallo" in pdf_text(response.content)
    log = ActivityLog.objects.get(action="onsite.send_certificates")
    assert log.actor == organiser and log.data == {"count": 2, "already": 0}

    # Again, after a late check-in: only the newcomer gets a mail.
    present_both_days(edition, first_name="Chloé", language="fr")
    page.get_by_role(
        "button", name="Envoyer les attestations à toutes les personnes enregistrées"
    ).click()
    page.get_by_text("1 attestation mise en file d’envoi.").wait_for()
    page.get_by_text("2 personnes avaient déjà la leur.").wait_for()
    run_worker()
    assert len(smtp_server.wait_for(3)) == 3
    context.close()
