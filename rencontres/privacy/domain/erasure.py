"""Erasure: a participant's request, processed by an organiser at once or at the end of the
event, or by the retention task; `anonymise` is the one function that erases someone.

What goes: identity, contact details, free texts (needs, answers typed, B2B pitch and
messages), the B2B photo (deleted from disk), passport data, mails' subjects and bodies;
their survey answers become anonymous ones. What stays, so that the edition's figures do
not change: country, category, type of organisation (and the name of a public authority:
the press figures count authorities), language, dates, status, sign-ups, Cafés, B2B
meetings and check-ins.

A place still live in an edition not over yet is ended first through the registration's
consequences (`place_ended(…, reason="erased")`): sessions, Cafés and B2B meetings are
released and the waiting list promoted, as for a cancellation, without a mail to the erased
address. After the event the status stays, so attendance and the figures stay too.

Other apps erase what they hold with `on_erasure(func)`: `func(registration)` runs inside
the erasure's transaction, before the registration's own fields are cleared; a failure rolls
the whole erasure back.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from rencontres.audit.log import record
from rencontres.audit.models import ActivityLog
from rencontres.cockpit.domain.press import LOCAL_AUTHORITY_TYPES
from rencontres.comms.models import Mail
from rencontres.core.uploads import delete_file
from rencontres.messaging.models import SurveyResponse, Unsubscription
from rencontres.networking.models import MeetingRequest, Profile
from rencontres.partners.models import Lead
from rencontres.registration import notify
from rencontres.registration.consequences import place_ended
from rencontres.registration.domain.places import lock_edition, promote
from rencontres.registration.models import (
    Delegation,
    Invitation,
    Question,
    Registration,
    VisaRequest,
)

from ..models import ErasureRequest

ERASERS = []


def on_erasure(func):
    if func not in ERASERS:
        ERASERS.append(func)
    return func


@on_erasure
def erase_b2b(registration):
    profiles = Profile.objects.filter(registration=registration)
    for profile in profiles:
        delete_file(profile.photo)
    profiles.update(
        photo="", pitch_fr="", pitch_en="", offers_details="", seeks_details="", opted_in=False
    )
    MeetingRequest.objects.filter(requester=registration).update(message="")


@on_erasure
def erase_survey_link(registration):
    # Their answers join the anonymous ones: the survey's results do not change.
    SurveyResponse.objects.filter(registration=registration).update(registration=None)


@on_erasure
def erase_delegation_name(registration):
    # A delegation registered alone is named after its coordinator by default.
    Delegation.objects.filter(coordinator=registration, name=registration.full_name).update(
        name="—"
    )


@on_erasure
def erase_passport(registration):
    VisaRequest.objects.filter(registration=registration).delete()


@on_erasure
def erase_mails(registration):
    Mail.objects.filter(registration=registration).update(
        to=anonymous_email(registration), subject="", body_text="", body_html="", reply_to=""
    )
    Unsubscription.objects.filter(
        edition_id=registration.edition_id, email=registration.email.lower()
    ).delete()


@on_erasure
def erase_invitation(registration):
    # The invitation that brought them: its names, address, protocol notes and pre-filled
    # answers are theirs too (its category and dates stay, for the invitations' figures).
    Invitation.objects.filter(registration=registration).update(
        email=anonymous_email(registration),
        civility="",
        first_name="",
        last_name="—",
        form_of_address="",
        protocol_notes="",
        prefill={},
    )


@on_erasure
def erase_leads(registration):
    # Exhibitors met them at their stand: they no longer get their details.
    Lead.objects.filter(registration=registration).delete()


def anonymous_email(registration):
    return f"anonymised-{registration.pk}@anonymised.invalid"


def is_anonymised(registration):
    return ErasureRequest.objects.filter(
        registration=registration, status=ErasureRequest.Status.DONE
    ).exists()


def _end_if_live(registration):
    """End the place of someone whose edition is not over yet (see the module's docstring)."""
    if not registration.is_active or registration.edition.end_date < timezone.localdate():
        return
    edition = lock_edition(registration.edition_id)
    registration.status = Registration.Status.CANCELLED
    registration.waiting_since = None
    registration.save(update_fields=["status", "waiting_since", "modified"])
    place_ended([registration], reason="erased")
    for promoted in promote(edition):
        notify.send_status(promoted, "promoted")


@transaction.atomic
def anonymise(registration, *, actor=None, origin=ErasureRequest.Origin.PARTICIPANT, reason=""):
    """Erase the person of `registration` (see the module's docstring); True if done now."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("edition")
        .get(pk=registration.pk)
    )
    erasure, _created = ErasureRequest.objects.get_or_create(
        registration=registration, defaults={"edition": registration.edition, "origin": origin}
    )
    if erasure.status == ErasureRequest.Status.DONE:
        return False
    _end_if_live(registration)
    for eraser in ERASERS:
        eraser(registration)
    text_questions = set(
        Question.objects.filter(
            edition_id=registration.edition_id,
            kind__in=[Question.Kind.TEXT, Question.Kind.DATE],
        ).values_list("pk", flat=True)
    )
    registration.answers = {
        key: value
        for key, value in registration.answers.items()
        if key.isdigit() and int(key) not in text_questions
    }
    registration.first_name = ""
    registration.last_name = "—"
    registration.email = anonymous_email(registration)
    for field in (
        "civility",
        "phone",
        "function",
        "city",
        "languages_spoken",
        "accessibility_needs",
        "dietary_needs",
    ):
        setattr(registration, field, "")
    # A local authority's name is no personal data, and the press figures count them by it.
    if registration.organisation_type not in LOCAL_AUTHORITY_TYPES:
        registration.organisation = ""
    registration.image_consent = registration.directory_consent = False
    registration.exhibitor_consent = False
    registration.access_key = Registration._meta.get_field("access_key").default()
    registration.save()
    # The trail keeps the decisions, no longer the name and address they were taken on.
    ActivityLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=str(registration.pk),
    ).update(object_repr=str(registration))
    erasure.status = ErasureRequest.Status.DONE
    erasure.processed_at = timezone.now()
    erasure.processed_by = actor if getattr(actor, "is_authenticated", False) else None
    erasure.save()
    record(actor, "privacy.erase", target=registration, reason=reason, origin=erasure.origin)
    return True


@transaction.atomic
def ask(registration):
    """The participant asks to be erased (from their personal space)."""
    erasure, created = ErasureRequest.objects.get_or_create(
        registration=registration, defaults={"edition": registration.edition}
    )
    if created:
        record(None, "privacy.erasure_requested", target=registration)
    return erasure


def end_of_event(edition):
    return edition.end_date + datetime.timedelta(days=1)


@transaction.atomic
def schedule(erasure, actor):
    """Process on the day after the edition's last day (by the daily retention task)."""
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
    if erasure.status != ErasureRequest.Status.REQUESTED:
        return False
    erasure.status = ErasureRequest.Status.SCHEDULED
    erasure.scheduled_for = end_of_event(erasure.edition)
    erasure.save(update_fields=["status", "scheduled_for"])
    record(
        actor,
        "privacy.erasure_scheduled",
        target=erasure.registration,
        date=str(erasure.scheduled_for),
    )
    return True


def process(erasure, actor):
    return anonymise(erasure.registration, actor=actor, origin=erasure.origin)


def due(today=None):
    today = today or timezone.localdate()
    return ErasureRequest.objects.filter(
        status=ErasureRequest.Status.SCHEDULED, scheduled_for__lte=today
    ).select_related("registration", "edition")
