"""Organisers' own texts for automatic mails: used when written, default otherwise."""

import pytest

from rencontres.audit.models import ActivityLog
from rencontres.comms.models import Mail
from rencontres.messaging.domain import automatic
from rencontres.messaging.models import AutomaticMail
from rencontres.registration import notify

pytestmark = pytest.mark.django_db


def custom(edition, key="status:confirmed", **fields):
    texts = {
        "subject_fr": "Place confirmée, {first_name}",
        "body_fr": "Bonjour {first_name}, rendez-vous le {edition_dates}. <script>x</script>\n{personal_link}",
        **fields,
    }
    return AutomaticMail.objects.create(edition=edition, key=key, **texts)


def test_the_edition_text_replaces_the_default_in_its_language(small_edition, people):
    custom(small_edition)
    french, english = people["fr"][0], people["en"][0]
    notify.send_status(french, "placed")
    notify.send_status(english, "placed")
    mail = Mail.objects.get(to=french.email)
    assert mail.subject == f"Place confirmée, {french.first_name}"
    assert "/lien/" in mail.body_text and "&lt;script&gt;" in mail.body_html
    # No English version: the English participant gets the default English text.
    assert Mail.objects.get(to=english.email).subject.startswith("Your registration is confirmed")
    # Another outcome of the same template keeps its default text.
    notify.send_status(people["fr"][1], "refused")
    assert "Place confirmée" not in Mail.objects.get(to=people["fr"][1].email).subject


def test_extra_placeholders_belong_to_their_mail(small_edition, people):
    custom(
        small_edition,
        key="registration/mail/confirm_email",
        body_fr="Confirmez : {confirm_link}",
    )
    notify.ask_email_confirmation(people["fr"][0])
    assert "Confirmez : http://127.0.0.1:8000/" in Mail.objects.get().body_text
    assert "confirm_link" in automatic.placeholders("registration/mail/confirm_email")
    assert "confirm_link" not in automatic.placeholders("status:confirmed")


def test_a_failing_customisation_sends_the_default(small_edition, people, monkeypatch):
    custom(small_edition)

    def broken(*args):
        raise RuntimeError("broken")

    monkeypatch.setattr(automatic, "render_custom", broken)
    notify.send_status(people["fr"][0], "placed")
    assert Mail.objects.get().subject.startswith("Votre inscription est confirmée")


def test_admin_refuses_unknown_placeholders_and_restores_the_default(
    admin_client, small_edition, people
):
    data = {
        "edition": small_edition.pk,
        "key": "status:confirmed",
        "subject_fr": "Bienvenue",
        "body_fr": "Lien : {confirm_link} {first_name",
        "subject_en": "",
        "body_en": "",
    }
    page = admin_client.post("/admin/messaging/automaticmail/add/", data)
    errors = page.context["adminform"].form.errors
    assert "accolade" in str(errors["body_fr"])
    assert "Lien : {confirm_link} {first_name" in page.content.decode()
    data["body_fr"] = "Lien : {confirm_link}"
    errors = (
        admin_client.post("/admin/messaging/automaticmail/add/", data)
        .context["adminform"]
        .form.errors
    )
    assert "{confirm_link}" in str(errors["body_fr"])
    data["body_fr"] = "Bonjour {first_name}, votre place est prise."
    assert admin_client.post("/admin/messaging/automaticmail/add/", data).status_code == 302
    saved = AutomaticMail.objects.get()
    page = admin_client.get(f"/admin/messaging/automaticmail/{saved.pk}/change/").content.decode()
    assert f"Bonjour {people['fr'][0].first_name}, votre place est prise." in page
    assert "{confirm_link}" in page  # the placeholders of each mail are listed

    admin_client.post(f"/admin/messaging/automaticmail/{saved.pk}/restore/")
    assert not AutomaticMail.objects.exists()
    assert ActivityLog.objects.get(action="messaging.restore_mail").data == {
        "key": "status:confirmed"
    }
    notify.send_status(people["fr"][0], "placed")
    assert Mail.objects.get().subject.startswith("Votre inscription est confirmée")


def test_the_next_edition_keeps_the_texts_and_survey_questions(small_edition, people):
    import datetime

    from rencontres.editions.domain.next_edition import create_next_edition
    from rencontres.messaging.models import Message, Survey, SurveyQuestion

    custom(small_edition)
    survey = Survey.objects.create(edition=small_edition, is_open=True, anonymous=True)
    SurveyQuestion.objects.create(survey=survey, label_fr="Accueil")
    Message.objects.create(edition=small_edition, subject_fr="A", body_fr="B")
    target = create_next_edition(
        small_edition, small_edition.start_date + datetime.timedelta(days=365)
    )
    assert AutomaticMail.objects.get(edition=target).body_fr.startswith("Bonjour {first_name}")
    copied = Survey.objects.get(edition=target)
    assert not copied.is_open and copied.anonymous
    assert [q.label_fr for q in copied.questions.all()] == ["Accueil"]
    assert not Message.objects.filter(edition=target).exists()
    assert AutomaticMail.objects.filter(edition=small_edition).count() == 1
