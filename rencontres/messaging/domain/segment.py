"""The recipients of a message: an edition's registrations narrowed by the organiser's filters.

A segment is a dict stored on the message (keys below, every one optional); an empty list or
value means "no filter on this". Without a status, everyone still registered is included
(cancelled and refused people only when asked for by status).
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower

from rencontres.networking.models import Meeting
from rencontres.program.models import Attendance
from rencontres.registration.models import Delegation, Question, Registration

from ..models import Unsubscription

LIST_FILTERS = {
    "status": "status__in",
    "category": "category_id__in",
    "country": "country__in",
    "organisation_type": "organisation_type__in",
    "language": "language__in",
}


def onsite_installed():
    """Check-in belongs to the on-site app, which an installation may leave out."""
    return apps.is_installed("rencontres.onsite")


def recipients(edition, segment, *, information=False):
    """The registrations a message with this segment goes to (unsubscribed addresses left out
    of information messages)."""
    people = Registration.objects.filter(edition=edition)
    if not segment.get("status"):
        people = people.exclude(
            status__in=[Registration.Status.CANCELLED, Registration.Status.REFUSED]
        )
    for key, lookup in LIST_FILTERS.items():
        if segment.get(key):
            people = people.filter(**{lookup: segment[key]})
    if segment.get("coordinators"):
        people = people.filter(Exists(Delegation.objects.filter(coordinator=OuterRef("pk"))))
    if segment.get("session"):
        people = people.filter(
            Exists(
                Attendance.objects.filter(
                    registration=OuterRef("pk"),
                    session_id=segment["session"],
                    status=Attendance.Status.CONFIRMED,
                )
            )
        )
    if segment.get("b2b") in ("with", "without"):
        meetings = Exists(
            Meeting.objects.filter(
                Q(request__party_a=OuterRef("pk")) | Q(request__party_b=OuterRef("pk"))
            )
        )
        people = people.filter(meetings if segment["b2b"] == "with" else ~meetings)
    if segment.get("checked_in") in ("yes", "no") and onsite_installed():
        check_in = apps.get_model("onsite", "CheckIn")
        entered = Exists(check_in.objects.filter(registration=OuterRef("pk"), session__isnull=True))
        people = people.filter(entered if segment["checked_in"] == "yes" else ~entered)
    if segment.get("question"):
        people = people.filter(pk__in=_answering(edition, segment))
    if information:
        people = people.annotate(address=Lower("email")).exclude(
            Exists(Unsubscription.objects.filter(edition=edition, email=OuterRef("address")))
        )
    return people


def _answering(edition, segment):
    """Ids of the people whose answer to the question is the one asked for (answers are JSON:
    a string, a boolean or a list of choices; compared in Python, the same on every database)."""
    question = Question.objects.filter(edition=edition, pk=segment["question"]).first()
    if question is None:
        return []
    wanted = str(segment.get("answer", "")).strip().casefold()
    key = str(question.pk)
    # A choice is stored by its id: the organiser may type its label in either language.
    labels = {
        str(choice.pk): {_text(choice.label_fr), _text(choice.label_en)}
        for choice in question.choices.all()
    }
    ids = []
    for pk, answers in Registration.objects.filter(edition=edition).values_list("pk", "answers"):
        answer = (answers or {}).get(key)
        texts = set()
        for value in answer if isinstance(answer, list) else [answer]:
            if value not in (None, ""):
                texts |= {_text(value), *labels.get(str(value), ())}
        if (wanted and wanted in texts) or (not wanted and texts):
            ids.append(pk)
    return ids


def _text(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value or "").strip().casefold()
