"""A visitor registers in French or English, gets the mail through SMTP, opens the space."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from rencontres.comms.models import Mail
from rencontres.registration.models import Question, Registration

from .conftest import form_data


def link_in(message, kind):
    text = message.get_body(("plain",)).get_content()
    return re.search(rf"http://\S+/{kind}/\S+", text).group(0)


def local(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_register_confirm_through_smtp_and_open_space(
    client, small_edition, smtp_server, run_worker, language
):
    with translation.override(language):
        url = reverse("registration:register", kwargs={"number": small_edition.number})
    page = client.get(url)
    assert page.status_code == 200
    assert ("Inscription" if language == "fr" else "Registration") in page.content.decode()
    email = f"amina.{language}@example.org"
    response = client.post(url, form_data(small_edition, email=email, language=language))
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    registration = Registration.objects.get(email=email)
    assert registration.status == Registration.Status.PENDING_EMAIL

    run_worker()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == email
    assert message["Content-Language"] == language
    subject = "Confirmez votre inscription" if language == "fr" else "Confirm your registration"
    assert subject in message["Subject"]
    assert message.get_body(("html",)) is not None

    confirm = local(link_in(message, "confirm" if language == "en" else "confirmer"))
    assert client.get(confirm).status_code == 200
    response = client.post(confirm)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email_confirmed_at is not None

    run_worker()
    confirmed = smtp_server.wait_for(2)[1]
    space_link = link_in(confirmed, "link" if language == "en" else "lien")
    assert space_link.startswith("http://")
    # Another browser opens the space from the mail.
    client.logout()
    client.cookies.clear()
    response = client.get(local(space_link), follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert registration.reference in body
    assert response["Cache-Control"] == "private, no-store"
    pdf = client.get(
        reverse("registration:confirmation_pdf", kwargs={"number": small_edition.number})
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_registering_twice_creates_nothing_and_sends_the_link(
    client, small_edition, django_capture_on_commit_callbacks
):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, form_data(small_edition))
        second = client.post(
            url, form_data(small_edition, email="AMINA@example.org", first_name="X")
        )
    assert second.status_code == 302
    assert second.url == reverse("registration:sent", kwargs={"number": small_edition.number})
    assert Registration.objects.count() == 1
    templates = list(Mail.objects.order_by("pk").values_list("template", flat=True))
    assert templates == ["registration/mail/confirm_email", "registration/mail/personal_link"]


@pytest.mark.django_db
def test_form_outside_the_window(client, small_edition, admin_client):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    today = timezone.localdate()
    small_edition.registration_opens = today + datetime.timedelta(days=3)
    small_edition.save()
    page = client.get(url).content.decode()
    assert 'name="first_name"' not in page
    assert date_format(small_edition.registration_opens, "j F Y") in page
    assert client.post(url, form_data(small_edition)).status_code == 200
    assert not Registration.objects.exists()
    # Organisers see the form anyway.
    assert 'name="first_name"' in admin_client.get(url).content.decode()

    small_edition.registration_opens = today - datetime.timedelta(days=30)
    small_edition.registration_closes = today - datetime.timedelta(days=1)
    small_edition.save()
    page = client.get(url).content.decode()
    assert 'name="first_name"' not in page
    assert "closes" in page
    assert small_edition.contact_email in page


@pytest.mark.django_db
def test_errors_keep_values_and_are_announced(client, small_edition):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    data = form_data(small_edition, email="not an address", last_name="", first_name="Ана Мария 王")
    data.pop("data_consent")
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'value="Ана Мария 王"' in body
    assert 'value="not an address"' in body
    assert 'aria-invalid="true"' in body
    assert 'id="id_email_error"' in body
    assert 'aria-describedby="id_email_helptext id_email_error"' in body
    # The first field in error gets the focus (the summary links to every field).
    assert re.search(
        r'<input[^>]*autofocus[^>]*name="last_name"|name="last_name"[^>]*autofocus', body
    )
    assert "Saisissez une adresse e-mail valide" in body or "adresse" in body
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [("first_name", "Amina\x00"), ("organisation", "Org\x1b[31m"), ("last_name", "x" * 101)],
)
def test_control_characters_and_absurd_lengths_are_refused(client, small_edition, field, value):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    response = client.post(url, form_data(small_edition, **{field: value}))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_html_is_shown_as_text_in_pages_and_mails(
    client, small_edition, django_capture_on_commit_callbacks
):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    evil = "<script>alert(1)</script>"
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, form_data(small_edition, first_name=evil, organisation=evil))
    registration = Registration.objects.get()
    assert registration.first_name == evil
    mail = Mail.objects.get()
    assert evil not in mail.body_html and "&lt;script&gt;" in mail.body_html
    from rencontres.registration.access import login_url_for

    page = client.get(login_url_for(registration), follow=True).content.decode()
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.django_db
def test_honeypot_creates_nothing_but_looks_the_same(client, small_edition):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    response = client.post(url, form_data(small_edition, website="http://spam.example"))
    assert response.status_code == 302
    assert not Registration.objects.exists()
    assert not Mail.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_address_and_per_ip(client, small_edition, settings):
    url = reverse("registration:register", kwargs={"number": small_edition.number})
    for _ in range(5):
        client.post(url, form_data(small_edition, email="same@example.org"))
    response = client.post(url, form_data(small_edition, email="same@example.org"))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    settings.REGISTRATION_RATE_PER_IP = "3/m"
    for n in range(3):
        client.post(url, form_data(small_edition, email=f"p{n}@example.org"))
    assert client.post(url, form_data(small_edition, email="p9@example.org")).status_code == 429


@pytest.mark.django_db
def test_custom_questions_in_both_languages(client, small_edition):
    question = Question.objects.create(
        edition=small_edition,
        label_fr="Atelier préféré",
        label_en="Favourite workshop",
        kind=Question.Kind.SINGLE,
        required=True,
    )
    first = question.choices.create(label_fr="Atelier thématique 1", label_en="Thematic workshop 1")
    arrival = Question.objects.create(
        edition=small_edition, label_fr="Arrivée", label_en="Arrival", kind=Question.Kind.DATE
    )
    with translation.override("en"):
        url = reverse("registration:register", kwargs={"number": small_edition.number})
    page = client.get(url).content.decode()
    assert "Favourite workshop" in page and "Thematic workshop 1" in page
    missing = client.post(url, form_data(small_edition))
    assert missing.status_code == 400
    client.post(
        url,
        form_data(
            small_edition,
            **{question.field_name: str(first.pk), arrival.field_name: "2026-01-20"},
        ),
    )
    registration = Registration.objects.get()
    assert registration.answers == {str(question.pk): str(first.pk), str(arrival.pk): "2026-01-20"}
