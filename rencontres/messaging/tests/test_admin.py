"""Bad input on the compose form: a clear message next to the field, values kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rencontres.messaging.domain import send
from rencontres.messaging.models import Message

pytestmark = pytest.mark.django_db


def form_data(edition, **fields):
    return {
        "edition": edition.pk,
        "kind": "information",
        "subject_fr": "Bienvenue {first_name}",
        "body_fr": "Bonjour {first_name}",
        "subject_en": "",
        "body_en": "",
        "scheduled_at_0": "",
        "scheduled_at_1": "",
        "b2b": "",
        "checked_in": "",
        "answer": "",
        **fields,
    }


@pytest.fixture
def logged_in(client, organiser):
    client.force_login(organiser)
    return client


def post(client, data):
    return client.post("/admin/messaging/message/add/", data)


def test_errors_are_shown_and_values_kept(logged_in, small_edition, people):
    response = post(
        logged_in,
        form_data(
            small_edition,
            subject_fr="",
            body_fr="Bonjour {prenom} <script>alert(1)</script>",
            scheduled_at_0="2001-01-01",
            scheduled_at_1="10:00",
            attachment=SimpleUploadedFile("faux.pdf", b"not a pdf", "application/pdf"),
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "{prenom}" in str(errors["body_fr"])
    assert errors["subject_fr"] == ["Donnez un objet à cette version."]
    assert errors["scheduled_at"] == ["Cette heure est passée."]
    assert errors["attachment"] == ["La pièce jointe n’est pas un fichier PDF."]
    assert "Bonjour {prenom} &lt;script&gt;" in response.content.decode()
    assert not Message.objects.exists()


def test_big_attachment_and_empty_segment(logged_in, small_edition, people, settings):
    big = SimpleUploadedFile("gros.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    response = post(logged_in, form_data(small_edition, attachment=big, country=["JP"]))
    form = response.context["adminform"].form
    assert form.errors["attachment"] == ["La pièce jointe dépasse 5 Mo."]
    response = post(logged_in, form_data(small_edition, country=["JP"]))
    assert "Personne ne correspond à ces filtres" in response.content.decode()


def test_saved_message_shows_count_and_previews(logged_in, small_edition, people):
    pdf = SimpleUploadedFile("programme.pdf", b"%PDF-1.4\n", "application/pdf")
    response = post(
        logged_in,
        form_data(
            small_edition, attachment=pdf, language=["fr"], registration_status=["confirmed"]
        ),
    )
    message = Message.objects.get()
    assert response.status_code == 302 and message.segment == {
        "status": ["confirmed"],
        "language": ["fr"],
    }
    page = logged_in.get(f"/admin/messaging/message/{message.pk}/change/").content.decode()
    assert "3 destinataires correspondent à ces filtres." in page
    assert "Version manquante\u00a0: Anglais" in page
    assert f"Bonjour {people['fr'][0].first_name}" in page
    with message.attachment.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"
    message.attachment.delete()


def test_sending_needs_the_permission(client, django_user_model, small_edition, people):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    user.is_superuser = False
    user.save()
    message = Message.objects.create(edition=small_edition, subject_fr="A", body_fr="B")
    client.force_login(user)
    response = client.post(f"/admin/messaging/message/{message.pk}/send/")
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.is_draft


def test_a_sent_message_stays_as_it_was_sent(logged_in, small_edition, people, organiser):
    message = Message.objects.create(
        edition=small_edition,
        subject_fr="A",
        body_fr="B",
        segment={"language": ["en"], "status": ["confirmed"]},
    )
    send.send(message, organiser)
    page = logged_in.get(f"/admin/messaging/message/{message.pk}/change/").content.decode()
    assert "langue des courriels\u00a0: English" in page and "statut\u00a0: Confirmé" in page
    assert "Rapport de distribution" in page and 'name="subject_fr"' not in page
