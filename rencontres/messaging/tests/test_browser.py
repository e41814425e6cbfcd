"""An organiser composes, previews, tests and sends a message, as in the back-office."""

import pytest

from conftest import give_authenticator, pass_second_factor
from rencontres.comms.models import Mail
from rencontres.messaging.models import Message, Unsubscription


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_organiser_composes_previews_and_sends(
    page, live_server, small_edition, people, organiser, smtp_server, run_worker, axe, settings
):
    settings.SITE_URL = live_server.url
    page.goto("/admin/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", "secret-pass-123")
    page.locator("input[type=submit]").click()
    page.wait_for_selector("#site-name")

    page.goto("/admin/messaging/message/add/")
    page.select_option("#id_edition", str(small_edition.pk))
    page.fill("#id_subject_fr", "Votre badge, {first_name}")
    page.fill("#id_body_fr", "Bonjour {prenom},\nà bientôt.")
    page.fill("#id_subject_en", "Your badge, {first_name}")
    page.fill("#id_body_en", "Dear {first_name},\n<b>see you</b> on {edition_dates}.")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    # An unknown placeholder: refused with a message, what was typed is kept.
    page.wait_for_selector("text=Champ à remplacer inconnu : {prenom}")
    assert page.input_value("#id_subject_en") == "Your badge, {first_name}"
    axe(page)
    page.fill("#id_body_fr", "Bonjour {civility} {last_name},\nà bientôt : {personal_link}")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    page.wait_for_selector("text=5 destinataires correspondent à ces filtres.")
    panel = page.locator(".message-panel").inner_text()
    assert "Dear Mary,\n<b>see you</b> on" in panel
    assert f"Bonjour Madame {people['fr'][0].last_name}" in panel
    axe(page)

    page.get_by_role("button", name="M’envoyer un essai").click()
    page.wait_for_selector("text=2 essais envoyés à organiser@example.org.")
    page.get_by_role("button", name="Envoyer maintenant à 5 destinataires").click()
    page.wait_for_selector("text=Le message part vers 5 personnes.")
    assert page.get_by_role("heading", name="Rapport de distribution").is_visible()

    run_worker()
    run_worker()
    received = smtp_server.wait_for(7)
    assert len(received) == 7
    assert {m["To"] for m in received} >= {r.email for r in people["en"]}
    message = Message.objects.get()
    assert message.status == Message.Status.QUEUED
    assert Mail.objects.filter(status=Mail.Status.SENT).count() == 7
    # The progress bar sees the sends and the page then shows the final report.
    page.reload()
    page.wait_for_selector("text=Courriels remis au serveur : 100 %")
    axe(page)

    # Mary follows the unsubscribe link of her mail: a page in English, then one button.
    mary = next(m for m in received if m["To"] == people["en"][0].email)
    page.goto(mary["List-Unsubscribe"].strip("<>"))
    axe(page)
    page.get_by_role("button", name="Unsubscribe").click()
    page.wait_for_selector("text=will get no more information messages")
    assert Unsubscription.objects.filter(email=people["en"][0].email).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_participant_answers_the_survey_from_their_space(page, live_server, small_edition, axe):
    from rencontres.messaging.models import Survey, SurveyQuestion, SurveyResponse
    from rencontres.program.models import Session
    from rencontres.registration.access import login_url_for
    from rencontres.testing.factories import AttendanceFactory, RegistrationFactory

    person = RegistrationFactory(edition=small_edition, language="en", first_name="Mary")
    session = Session.objects.filter(edition=small_edition).first()
    AttendanceFactory(session=session, registration=person)
    survey = Survey.objects.create(edition=small_edition, is_open=True, anonymous=True)
    SurveyQuestion.objects.create(
        survey=survey, kind="text", label_fr="Commentaires", label_en="Your comments"
    )
    page.goto(login_url_for(person))
    page.get_by_role("link", name="Give us your opinion on this edition").click()
    assert "kept without your name" in page.locator("main").inner_text()
    page.get_by_role("button", name="Send my answers").click()
    # Nothing ticked: the overall rating is required, the page says so and keeps the rest.
    page.wait_for_selector("#error-summary")
    axe(page)
    page.get_by_role("group", name="Overall, how satisfied").get_by_label("4").check()
    page.get_by_role("group", name=session.title_en).get_by_label("5").check()
    page.get_by_label("Your comments").fill("Great <b>meeting</b>")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_selector("text=Thank you: your answers are recorded.")
    axe(page)
    response = SurveyResponse.objects.get()
    assert response.registration is None and response.overall == 4
    assert response.session_ratings == {str(session.pk): 5}
    assert list(response.answers.values()) == ["Great <b>meeting</b>"]
    page.goto(page.url)
    assert "already answered" in page.locator("main").inner_text()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_survey_results_and_automatic_mail_pages_are_accessible(
    page, live_server, small_edition, people, django_user_model, axe
):
    from rencontres.messaging.domain import survey as domain
    from rencontres.messaging.models import AutomaticMail, Survey, SurveyQuestion

    survey = Survey.objects.create(edition=small_edition, is_open=True)
    question = SurveyQuestion.objects.create(survey=survey, kind="text", label_fr="Commentaires")
    domain.answer(
        survey, people["fr"][0], overall=4, answers={str(question.pk): "Bien"}, session_ratings={}
    )
    text = AutomaticMail.objects.create(
        edition=small_edition, key="status:confirmed", subject_fr="Place", body_fr="Bonjour"
    )
    chief = django_user_model.objects.create_superuser(
        "chief", "chief@example.org", "a-long-password"
    )
    give_authenticator(chief)
    page.goto("/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-password")
    page.locator("input[type=submit]").click()
    pass_second_factor(page, chief)
    page.wait_for_selector("#site-name")
    page.goto(f"/admin/messaging/survey/{survey.pk}/change/")
    assert page.get_by_role("img", name="Note générale").is_visible()
    axe(page)
    page.goto(f"/admin/messaging/automaticmail/{text.pk}/change/")
    assert "Bonjour" in page.locator(".message-preview").first.inner_text()
    axe(page)
    page.get_by_role("button", name="Rétablir le texte par défaut").click()
    page.wait_for_selector("text=Le texte par défaut de « Place attribuée » est de nouveau envoyé.")
    axe(page)
    assert not AutomaticMail.objects.exists()
