"""The mails of registration, each in the participant's language (templates in mail/)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from rencontres.comms.mail import queue_mail

from .access import personal_url, read_token

CONFIRM_SALT = "rencontres.registration.confirm-email"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 14
EXPIRED_MAX_AGE = 60 * 60 * 24 * 365 * 10


def confirm_token(registration):
    return signing.dumps([registration.pk, registration.access_key[:12]], salt=CONFIRM_SALT)


def read_confirm_token(token):
    """(registration, expired) for a confirmation link; (None, False) when it is forged or
    revoked. An expired link still names its registration, so the page can offer a new one."""
    registration = read_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if registration is not None:
        return registration, False
    # Any age: the signature and the access key are still checked.
    expired = read_token(token, salt=CONFIRM_SALT, max_age=EXPIRED_MAX_AGE)
    return expired, expired is not None


def confirm_url(registration):
    with translation.override(registration.language):
        path = reverse("registration:confirm_email", kwargs={"token": confirm_token(registration)})
    return settings.SITE_URL + path


def mail_participant(registration, template, **context):
    """Queue a mail to a participant in their language, with the link to their personal space
    and the organiser's contact as the address to reply to. Every app's mails to participants
    go through here."""
    edition = registration.edition
    return queue_mail(
        to=registration.email,
        template=template,
        context={
            "registration": registration,
            "edition": edition,
            "space_url": personal_url(registration),
            **context,
        },
        language=registration.language,
        registration=registration,
        edition=edition,
        reply_to=edition.contact_email,
    )


def _send(registration, template, **context):
    return mail_participant(registration, f"registration/mail/{template}", **context)


def ask_email_confirmation(registration):
    return _send(registration, "confirm_email", confirm_url=confirm_url(registration))


def send_personal_link(registration):
    return _send(registration, "personal_link")


def send_status(registration, event):
    """event: placed, promoted, approved, refused, cancelled, cancelled_by_organiser."""
    return _send(registration, "status", event=event)


def send_member_welcome(registration, coordinator):
    """The member's first mail: its button confirms their own address (see confirm_email)."""
    return _send(
        registration,
        "delegation_member",
        coordinator=coordinator,
        confirm_url=confirm_url(registration) if registration.email_confirmed_at is None else "",
    )


def send_visa_decision(visa):
    registration = visa.registration
    return _send(
        registration,
        "visa",
        visa=visa,
        letter_url=personal_url(registration, "registration:visa_letter"),
    )
