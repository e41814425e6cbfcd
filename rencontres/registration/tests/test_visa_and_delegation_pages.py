"""Visa letters from request to PDF; delegations registered and managed from the web."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from conftest import make_registration
from rencontres.comms.models import Mail
from rencontres.registration.access import login_url_for
from rencontres.registration.domain import visa
from rencontres.registration.models import Registration, VisaRequest

from .conftest import form_data


def visa_data(edition, **overrides):
    return {
        "name_in_passport": "DIALLO Amina <i>",
        "nationality": "SN",
        "date_of_birth": "1980-05-17",
        "place_of_birth": "Dakar",
        "passport_number": "A01234567",
        "passport_issued_on": "2020-01-01",
        "passport_expires_on": (edition.end_date + datetime.timedelta(days=400)).isoformat(),
        "consulate": "Consulat général de France à Dakar",
        "letter_language": "en",
        **overrides,
    }


@pytest.mark.django_db
def test_visa_request_validation_and_letter(client, small_edition, admin_client):
    registration = make_registration(small_edition, "amina@example.org", country="SN")
    client.get(login_url_for(registration))
    url = reverse("registration:visa", kwargs={"number": small_edition.number})
    expired = visa_data(small_edition, passport_expires_on=small_edition.start_date.isoformat())
    response = client.post(url, expired)
    assert response.status_code == 400
    assert "à la fin des Rencontres" in response.content.decode()
    assert client.post(url, visa_data(small_edition)).status_code == 302
    request = VisaRequest.objects.get()
    letter_url = reverse("registration:visa_letter", kwargs={"number": small_edition.number})
    assert client.get(letter_url).status_code == 404, "not before an organiser validates"

    admin_client.post(
        "/admin/registration/visarequest/",
        {"action": "validate", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.status == VisaRequest.Status.VALIDATED
    mail = Mail.objects.get(template="registration/mail/visa")
    assert "/visa-letter.pdf" in mail.body_text or "lettre-visa.pdf" in mail.body_text
    preview = admin_client.get(f"/admin/registration/visarequest/{request.pk}/letter/")
    assert preview.content.startswith(b"%PDF")
    pdf = client.get(letter_url)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with translation.override("en"):
        html = render_to_string(
            "registration/pdf/visa_letter.html",
            {
                "visa": request,
                "registration": registration,
                "edition": small_edition,
                "organiser": small_edition.organiser,
                "signatory": "",
            },
        )
    assert "A01234567" in html and "DIALLO Amina &lt;i&gt;" in html
    assert small_edition.venue.name in html and str(small_edition.start_date.year) in html
    assert "hereby invites" in html


@pytest.mark.django_db
def test_visa_letters_are_for_foreign_participants_with_a_confirmed_address(small_edition):
    pending = make_registration(
        small_edition, "x@example.org", status=Registration.Status.PENDING_EMAIL, country="SN"
    )
    assert not visa.can_request(pending)
    assert not visa.can_request(make_registration(small_edition, "fr@example.org", country="FR"))
    assert visa.can_request(make_registration(small_edition, "sn@example.org", country="SN"))


@pytest.mark.django_db
def test_delegation_registered_from_the_web_form(
    client, small_edition, django_capture_on_commit_callbacks
):
    url = (
        reverse("registration:register", kwargs={"number": small_edition.number}) + "?delegation=1"
    )
    page = client.get(url).content.decode()
    assert 'name="members-0-email"' in page and 'name="members-2-email"' in page
    data = form_data(
        small_edition, email="coord@example.org", delegation_name="Délégation de Dakar"
    )
    data.update(
        {
            "members-TOTAL_FORMS": "3",
            "members-INITIAL_FORMS": "0",
            "members-0-first_name": "Membre",
            "members-0-last_name": "Un",
            "members-0-email": "m1@example.org",
            "members-0-language": "fr",
            "members-1-first_name": "Membre",
            "members-1-last_name": "Deux",
            "members-1-email": "coord@example.org",
            "members-1-language": "fr",
            "members-2-language": "fr",
        }
    )
    more = client.post(url, {**data, "add_member": "1"})
    body = more.content.decode()
    assert 'name="members-3-email"' in body and 'value="m1@example.org"' in body
    assert 'role="alert"' not in body, "adding a row does not validate yet"
    duplicate = client.post(url, data)
    assert duplicate.status_code == 400
    assert "indiquée deux fois" in duplicate.content.decode()
    data["members-1-email"] = "m2@example.org"
    assert client.post(url, data).status_code == 302
    coordinator = Registration.objects.get(email="coord@example.org")
    assert coordinator.delegation.name == "Délégation de Dakar"
    assert coordinator.delegation.members.count() == 3

    client.get(login_url_for(coordinator))
    manage = reverse("registration:delegation", kwargs={"number": small_edition.number})
    assert "m2@example.org" in client.get(manage).content.decode()
    member = Registration.objects.get(email="m2@example.org")
    remove = reverse(
        "registration:remove_member",
        kwargs={"number": small_edition.number, "member_id": member.pk},
    )
    assert client.get(remove).status_code == 405
    client.post(remove)
    member.refresh_from_db()
    assert member.status == Registration.Status.CANCELLED
    outsider = make_registration(small_edition, "out@example.org")
    tampered = reverse(
        "registration:remove_member",
        kwargs={"number": small_edition.number, "member_id": outsider.pk},
    )
    assert client.post(tampered).status_code == 404
