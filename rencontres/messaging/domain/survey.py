"""The satisfaction survey: who may answer, one answer each, and the summary of results.

`survey_summary(edition)` is what the dashboard and the survey's admin page show.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from rencontres.program.models import Attendance
from rencontres.registration.models import Registration

from ..models import Message, Survey, SurveyQuestion, SurveyResponse

RATINGS = range(1, 6)


class AlreadyAnswered(Exception):
    pass


def respondent_key(survey, registration):
    """A keyed hash: the same person always gets the same key, and no one can tell who it is
    without the secret key."""
    message = f"{survey.pk}:{registration.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def can_answer(survey, registration):
    return (
        survey is not None
        and survey.is_open
        and registration.status == Registration.Status.CONFIRMED
    )


def has_answered(survey, registration):
    return SurveyResponse.objects.filter(
        survey=survey, respondent=respondent_key(survey, registration)
    ).exists()


def sessions_attended(registration):
    return [
        attendance.session
        for attendance in Attendance.objects.filter(
            registration=registration, status=Attendance.Status.CONFIRMED
        )
        .select_related("session")
        .order_by("session__start")
    ]


def choices(question, language):
    """The choices of a question in this language (French where the English is missing)."""
    french = [line.strip() for line in question.choices_fr.splitlines() if line.strip()]
    english = [line.strip() for line in question.choices_en.splitlines() if line.strip()]
    return english if language == "en" and len(english) == len(french) else french


def answer(survey, registration, *, overall, answers, session_ratings):
    """Record this person's answers; AlreadyAnswered when they have answered before."""
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                survey=survey,
                respondent=respondent_key(survey, registration),
                registration=None if survey.anonymous else registration,
                language=registration.language,
                overall=overall,
                answers=answers,
                session_ratings=session_ratings,
            )
    except IntegrityError:
        raise AlreadyAnswered from None


def _distribution(values):
    counts = dict.fromkeys(RATINGS, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    total = sum(counts.values())
    average = round(sum(r * n for r, n in counts.items()) / total, 2) if total else None
    return {"count": total, "average": average, "counts": list(counts.items())}


def survey_summary(edition):
    """Results of the edition's survey, or None when it has none:
    {"responses", "invited", "anonymous", "overall": {"count", "average", "counts"},
     "questions": [{"label", "kind", "count", "average", "counts" | "comments"}],
     "sessions": [{"session", "count", "average", "counts"}]}; `counts` are (value, number)
    pairs in order. Labels are in the active language."""
    survey = Survey.objects.filter(edition=edition).first()
    if survey is None:
        return None
    responses = list(survey.responses.values("overall", "answers", "session_ratings"))
    language = translation.get_language() or "fr"
    questions = []
    for question in survey.questions.all():
        key = str(question.pk)
        given = [r["answers"][key] for r in responses if r["answers"].get(key) not in (None, "")]
        item = {
            "label": (
                question.label_en if language == "en" and question.label_en else question.label_fr
            ),
            "kind": question.kind,
        }
        if question.kind == SurveyQuestion.Kind.RATING:
            item.update(_distribution(given))
        elif question.kind == SurveyQuestion.Kind.CHOICE:
            labels = choices(question, language)
            counts = [
                (label, sum(1 for value in given if value == index))
                for index, label in enumerate(labels)
            ]
            item.update(count=len(given), average=None, counts=counts)
        else:
            item.update(count=len(given), average=None, comments=given)
        questions.append(item)
    by_session = {}
    for response in responses:
        for session_id, rating in response["session_ratings"].items():
            by_session.setdefault(int(session_id), []).append(rating)
    sessions = []
    if by_session:
        from rencontres.program.models import Session

        for session in Session.objects.filter(pk__in=by_session).order_by("start", "pk"):
            sessions.append(
                {"session": str(session.title), **_distribution(by_session[session.pk])}
            )
    return {
        "responses": len(responses),
        "invited": Registration.objects.filter(
            edition=edition, status=Registration.Status.CONFIRMED
        ).count(),
        "anonymous": survey.anonymous,
        "overall": _distribution([r["overall"] for r in responses]),
        "questions": questions,
        "sessions": sessions,
    }


def comments(survey):
    """(question, answer, participant or "") rows of the free-text answers, for the export."""
    texts = list(survey.questions.filter(kind=SurveyQuestion.Kind.TEXT))
    rows = []
    for response in survey.responses.select_related("registration").order_by("pk"):
        for question in texts:
            value = response.answers.get(str(question.pk))
            if value:
                who = "" if response.registration is None else response.registration.full_name
                rows.append((question.label_fr, value, who, response.created.date().isoformat()))
    return rows


def invitation(survey, user):
    """A draft message inviting everyone with a place to answer, for the organiser to check
    and send like any message (the survey opens if it was not)."""
    if not survey.is_open:
        Survey.objects.filter(pk=survey.pk).update(is_open=True)
    return Message.objects.create(
        edition=survey.edition,
        kind=Message.Kind.REGISTRATION,
        segment={"status": [Registration.Status.CONFIRMED]},
        created_by=user,
        subject_fr=_FR_SUBJECT,
        body_fr=_FR_BODY,
        subject_en=_EN_SUBJECT,
        body_en=_EN_BODY,
    )


# The invitation's default texts, in both languages at once (the organiser edits them before
# sending): one text per language rather than a translated string, since both are stored.
_FR_SUBJECT = "Votre avis sur {edition_title}"
_FR_BODY = (
    "Bonjour {first_name},\n\nMerci d’avoir participé à {edition_title}. Donnez-nous votre "
    "avis en quelques minutes : {survey_link}\n\nVotre réponse nous aide à préparer la "
    "prochaine édition."
)
_EN_SUBJECT = "Your opinion on {edition_title}"
_EN_BODY = (
    "Dear {first_name},\n\nThank you for taking part in {edition_title}. Please give us your "
    "opinion in a few minutes: {survey_link}\n\nYour answer helps us prepare the next edition."
)


def charts(summary):
    """Bar charts of the survey's results (drawn as SVG by the template, with their table)."""
    items = [(_("Overall rating"), summary["overall"])]
    items += [(q["label"], q) for q in summary["questions"] if q["kind"] != "text"]
    items += [(s["session"], s) for s in summary["sessions"]]
    result = []
    for number, (title, item) in enumerate(items):
        top = max([count for _value, count in item["counts"]] or [0]) or 1
        bars = [
            {"label": str(value), "count": count, "width": round(240 * count / top), "y": 24 * row}
            for row, (value, count) in enumerate(item["counts"])
        ]
        result.append(
            {
                "id": f"survey-{number}",
                "title": title,
                "average": item.get("average"),
                "count": item.get("count", 0),
                "bars": bars,
                "height": 24 * len(bars) + 4,
            }
        )
    return result


def dashboard_section(edition):
    """The survey's figures on the organisers' dashboard (cockpit's extension point), each
    linking to the survey's page with its charts; None when the edition has no survey."""
    from django.urls import reverse

    from rencontres.cockpit.extensions import Figure, Section

    summary = survey_summary(edition)
    if summary is None:
        return None
    url = reverse("admin:messaging_survey_change", args=[Survey.objects.get(edition=edition).pk])
    average = summary["overall"]["average"]
    return Section(
        _("Satisfaction survey"),
        [
            Figure(_("Answers"), summary["responses"], url),
            Figure(_("Overall rating (out of 5)"), f"{average:.1f}" if average else "–", url),
        ],
        template="admin/messaging/survey/_charts.html",
        extra={"charts": charts(summary)},
    )
