import contextlib

from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt

from rencontres.editions.models import Edition
from rencontres.registration.access import registration_required

from .domain import send
from .domain import survey as survey_domain
from .forms import SurveyForm
from .models import Survey


@csrf_exempt  # RFC 8058: mail clients POST here without a form; the signed token is the proof.
def unsubscribe(request, token):
    """Stop information messages of one edition for one address: a button on the page, or
    one click in the mail client (List-Unsubscribe-Post). Opening the link changes nothing,
    so that a mail scanner following it does not unsubscribe anyone."""
    found = send.read_unsubscribe_token(token)
    if found is None:
        return render(request, "messaging/unsubscribe.html", {"invalid": True}, status=404)
    edition = get_object_or_404(Edition, pk=found[0])
    done = request.method == "POST"
    if done:
        send.unsubscribe(*found)
    return render(
        request, "messaging/unsubscribe.html", {"edition": edition, "done": done, "email": found[1]}
    )


@registration_required
def survey(request, number):
    """The satisfaction survey, answered once from the personal space."""
    registration = request.registration
    edition = registration.edition
    found = Survey.objects.filter(edition=edition).first()
    context = {"edition": edition, "registration": registration, "survey": found}
    if not survey_domain.can_answer(found, registration):
        return render(request, "messaging/survey.html", {**context, "closed": True})
    if survey_domain.has_answered(found, registration):
        return render(request, "messaging/survey.html", {**context, "done": True})
    form = SurveyForm(
        request.POST or None,
        survey=found,
        sessions=survey_domain.sessions_attended(registration),
        language=registration.language,
    )
    context["form"] = form
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "messaging/survey.html", context, status=400)
        # Answered meanwhile from another tab: the first answer stands.
        with contextlib.suppress(survey_domain.AlreadyAnswered):
            survey_domain.answer(
                found,
                registration,
                overall=form.cleaned_data["overall"],
                answers=form.answers(),
                session_ratings=form.session_ratings(),
            )
        return render(request, "messaging/survey.html", {**context, "done": True, "thanks": True})
    return render(request, "messaging/survey.html", context)
