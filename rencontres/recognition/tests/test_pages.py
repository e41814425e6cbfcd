"""The public pages of the label and the honoured country, and bad input on the application
form: clear messages in the visitor's language, values kept, never a 500; private files only
through the applicant's link."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from conftest import make_registration
from rencontres.comms.models import Mail
from rencontres.recognition.domain.applications import make_token
from rencontres.recognition.models import Application, HonouredCountry

from .conftest import PDF, make_application, pdf_file

pytestmark = pytest.mark.django_db


def form_data(call, **overrides):
    question = call.questions.get()
    data = {
        "authority": "Commune de Ndé",
        "country": "CM",
        "contact_name": "Paul Test",
        "email": "paul@example.org",
        "elected_official": "Marie Test, maire",
        "language": "fr",
        "project_title": "Marchés solidaires",
        "partners_abroad": "Ville de Test",
        "crisis": "Crise alimentaire",
        "results": "Trois marchés rouverts",
        f"q_{question.pk}": "Les habitants du quartier",
    }
    data.update(overrides)
    return data


def apply_url(call):
    return reverse("recognition:apply", kwargs={"number": call.edition.number})


def png():
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def test_an_application_with_a_pdf_and_an_image_is_sent(client, call):
    response = client.post(apply_url(call), {**form_data(call), "documents": [pdf_file(), png()]})
    assert response.status_code == 200
    application = Application.objects.get()
    assert "Candidature envoyée" in response.text and application.reference in response.text
    assert application.answers == {str(call.questions.get().pk): "Les habitants du quartier"}
    assert sorted(d.name for d in application.documents.all()) == ["photo.png", "projet.pdf"]
    assert Mail.objects.filter(to="paul@example.org", template="recognition/mail/received")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("faux.pdf", b"<html>not a pdf</html>"), "Envoyez un document PDF"),
        (SimpleUploadedFile("notes.txt", b"hello"), "Envoyez un document PDF"),
        (pdf_file("gros.pdf", PDF + b"0" * (10 * 1024 * 1024)), "Ce fichier dépasse 10 Mo"),
    ],
    ids=["fake-pdf", "not-pdf", "too-large"],
)
def test_a_bad_file_is_refused_with_a_message_and_the_values_kept(client, call, upload, message):
    response = client.post(apply_url(call), {**form_data(call), "documents": [upload]})
    assert response.status_code == 400
    assert message in response.text.replace("\u202f", " ").replace("\xa0", " ")
    assert upload.name in response.text
    assert 'value="Marchés solidaires"' in response.text
    assert "Les habitants du quartier" in response.text
    assert not Application.objects.exists()


def test_the_documents_the_call_asks_for_are_required(client, call):
    response = client.post(apply_url(call), form_data(call))
    assert response.status_code == 400
    assert "Joignez les documents que l’appel demande." in response.text


def test_a_late_application_keeps_what_was_typed_and_says_when_it_closed(client, call):
    page = client.get(apply_url(call))
    assert "Envoyer ma candidature" in page.text
    call.opens = timezone.localdate() - datetime.timedelta(days=20)
    call.closes = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    response = client.post(apply_url(call), {**form_data(call), "documents": [pdf_file()]})
    assert response.status_code == 400
    assert "Les candidatures sont closes depuis le" in response.text
    assert 'value="Marchés solidaires"' in response.text
    assert not Application.objects.exists()
    assert "Envoyer ma candidature" not in client.get(apply_url(call)).text


def test_documents_are_served_only_through_the_applicants_link(client, call, private_root):
    application = make_application(call)
    document = application.documents.create(file=pdf_file(), name="projet.pdf")
    assert private_root in (private_root / document.file.name).parents
    number = call.edition.number
    token = make_token(application)
    url = reverse(
        "recognition:application_document",
        kwargs={"number": number, "token": token, "document_id": document.pk},
    )
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"].startswith("private")
    forged = url.replace(token, token[:-3] + "abc")
    assert client.get(forged).status_code == 404
    other = make_application(call, email="other@example.org")
    other_url = url.replace(token, make_token(other))
    assert client.get(other_url).status_code == 404
    page = client.get(
        reverse("recognition:application", kwargs={"number": number, "token": "nonsense"})
    )
    assert page.status_code == 404 and "Ce lien n’ouvre rien" in page.text


def test_the_applicant_withdraws_until_the_closing_date(client, call):
    application = make_application(call)
    url = reverse(
        "recognition:application",
        kwargs={"number": call.edition.number, "token": make_token(application)},
    )
    page = client.get(url)
    assert "Retirer ma candidature" in page.text and 'value="Eau potable' in page.text
    client.post(url, {"action": "withdraw"})
    application.refresh_from_db()
    assert application.is_withdrawn
    assert "Retirée" in client.get(url).text
    assert Mail.objects.filter(template="recognition/mail/withdrawn").count() == 1


def test_the_label_page_lists_the_call_and_the_edition_links_the_honoured_country(client, call):
    edition = call.edition
    edition.honoured_country = "CM"
    edition.award_title = "Territoires unis"
    edition.save()
    HonouredCountry.objects.create(
        edition=edition, institutions_fr="MINDDEVEL", institutions_en="MINDDEVEL"
    )
    with translation.override("en"):
        label_url = reverse("recognition:label", kwargs={"number": edition.number})
        country_url = reverse("recognition:country", kwargs={"number": edition.number})
    with translation.override("fr"):
        detail_url = edition.get_absolute_url()
    page = client.get(label_url).text
    assert "United cities and territories in the wake of crises" in page
    assert "Crisis (×3)" in page and "Presentation of the project" in page
    assert "Apply for the label" in page
    detail = client.get(detail_url).text
    assert re.search(r'href="/editions/\d+/pays-a-l-honneur/">Cameroun</a>', detail)
    shown = make_registration(edition, country="CM", directory_consent=True, last_name="Shown")
    make_registration(edition, country="CM", last_name="Hidden")
    country = client.get(country_url).text
    assert "Cameroon" in country and "MINDDEVEL" in country
    assert shown.last_name in country and "Hidden" not in country


def test_too_many_applications_from_one_connection_are_refused(client, call, settings):
    settings.LABEL_RATE_PER_IP = "1/h"
    client.post(apply_url(call), {**form_data(call), "documents": [pdf_file()]})
    response = client.post(
        apply_url(call), {**form_data(call, email="again@example.org"), "documents": [pdf_file()]}
    )
    assert response.status_code == 400
    assert "Trop de candidatures depuis cette connexion" in response.text
    assert 'value="again@example.org"' in response.text
    assert Application.objects.count() == 1
