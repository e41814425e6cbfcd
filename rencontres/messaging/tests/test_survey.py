"""The satisfaction survey: one answer per person, anonymous mode, results and export."""

import io

import pytest
from openpyxl import load_workbook

from rencontres.audit.models import ActivityLog
from rencontres.cockpit import extensions
from rencontres.messaging.domain import survey as domain
from rencontres.messaging.models import Message, Survey, SurveyQuestion, SurveyResponse
from rencontres.program.models import Session
from rencontres.registration.access import login_url_for
from rencontres.testing.factories import AttendanceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(small_edition):
    found = Survey.objects.create(edition=small_edition, is_open=True)
    SurveyQuestion.objects.create(survey=found, label_fr="Accueil", label_en="Welcome", order=1)
    SurveyQuestion.objects.create(
        survey=found,
        kind="choice",
        label_fr="Reviendrez-vous ?",
        label_en="Will you come back?",
        choices_fr="Oui\nNon",
        choices_en="Yes\nNo",
        order=2,
    )
    SurveyQuestion.objects.create(
        survey=found, kind="text", label_fr="Commentaires", label_en="Comments", order=3
    )
    return found


def test_one_answer_per_person_and_anonymous_mode(survey, people):
    person = people["fr"][0]
    domain.answer(survey, person, overall=5, answers={}, session_ratings={})
    with pytest.raises(domain.AlreadyAnswered):
        domain.answer(survey, person, overall=1, answers={}, session_ratings={})
    assert SurveyResponse.objects.get().registration == person

    survey.anonymous = True
    survey.save()
    other = people["en"][0]
    domain.answer(survey, other, overall=4, answers={}, session_ratings={})
    response = SurveyResponse.objects.latest("pk")
    assert response.registration is None and other.email not in str(vars(response))
    assert domain.has_answered(survey, other)
    with pytest.raises(domain.AlreadyAnswered):
        domain.answer(survey, other, overall=2, answers={}, session_ratings={})


def test_only_people_with_a_place_answer(survey, people, client):
    waiting = RegistrationFactory(edition=survey.edition, status="waiting")
    assert not domain.can_answer(survey, waiting)
    client.get(login_url_for(waiting))
    page = client.get(f"/editions/{survey.edition.number}/questionnaire/").content.decode()
    assert "Le questionnaire n’est pas ouvert." in page and 'name="overall"' not in page
    # A cancelled person's personal pages only say that the registration ended.
    cancelled = people["cancelled"]
    assert not domain.can_answer(survey, cancelled)
    client.get(login_url_for(cancelled))
    page = client.get(f"/editions/{survey.edition.number}/questionnaire/").content.decode()
    assert "Votre inscription a pris fin" in page and 'name="overall"' not in page


def test_summary_counts_ratings_choices_sessions_and_comments(survey, people):
    rating, choice, text = survey.questions.all()
    session = Session.objects.filter(edition=survey.edition).first()
    answers = [(5, 4, 0, "Très bien"), (3, 2, 1, ""), (4, 4, 0, "=HYPERLINK(x)")]
    for person, (overall, welcome, back, comment) in zip(people["fr"], answers, strict=True):
        given = {str(rating.pk): welcome, str(choice.pk): back}
        if comment:
            given[str(text.pk)] = comment
        domain.answer(
            survey, person, overall=overall, answers=given, session_ratings={str(session.pk): 5}
        )
    summary = domain.survey_summary(survey.edition)
    assert summary["responses"] == 3 and summary["invited"] == 5
    assert summary["overall"]["average"] == 4.0
    assert summary["overall"]["counts"] == [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1)]
    assert summary["questions"][1]["counts"] == [("Oui", 2), ("Non", 1)]
    assert summary["questions"][2]["comments"] == ["Très bien", "=HYPERLINK(x)"]
    assert summary["sessions"] == [
        {
            "session": session.title,
            "count": 3,
            "average": 5.0,
            "counts": [(1, 0), (2, 0), (3, 0), (4, 0), (5, 3)],
        }
    ]
    assert domain.survey_summary(people["cancelled"].edition.__class__(pk=0)) is None
    # The organisers' dashboard shows the answers and the overall rating.
    [section], failed = extensions.sections(survey.edition)
    assert not failed and [(f.label, f.value) for f in section.figures] == [
        ("Réponses", 3),
        ("Note d’ensemble (sur 5)", "4.0"),
    ]


def test_results_page_export_and_invitation(survey, people, admin_client, admin_user):
    domain.answer(
        survey,
        people["fr"][0],
        overall=5,
        answers={str(survey.questions.get(kind="text").pk): "=1+1 super"},
        session_ratings={},
    )
    page = admin_client.get(f"/admin/messaging/survey/{survey.pk}/change/").content.decode()
    assert "1 réponse sur 5 personnes ayant une place." in page
    assert '<svg role="img"' in page and "Note générale" in page
    # The edition's dashboard shows the same charts, each with its table.
    board = admin_client.get(f"/admin/cockpit/dashboard/{survey.edition.pk}/").content.decode()
    assert "Questionnaire de satisfaction" in board
    assert 'aria-labelledby="chart-survey-0"' in board and "Note générale" in board
    response = admin_client.get(f"/admin/messaging/survey/{survey.pk}/comments.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # Typed as text: shown as written, never run as a formula.
    assert rows[1][:3] == ("Commentaires", "=1+1 super", people["fr"][0].full_name)
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert ActivityLog.objects.get(action="messaging.export_survey").data == {"rows": 1}

    response = admin_client.post(f"/admin/messaging/survey/{survey.pk}/invite/")
    message = Message.objects.get()
    assert response.url.endswith(f"/messaging/message/{message.pk}/change/")
    assert "{survey_link}" in message.body_fr and "{survey_link}" in message.body_en
    assert message.segment == {"status": ["confirmed"]} and message.is_draft


def test_sessions_attended_are_rated(survey, people):
    session = Session.objects.filter(edition=survey.edition).first()
    AttendanceFactory(session=session, registration=people["en"][0])
    assert domain.sessions_attended(people["en"][0]) == [session]
