"""Organisers' text with placeholders, rendered for one participant in their language.

Placeholders are plain names in braces (`{first_name}`), filled by `str.format_map` from a
dict of ready-made strings: no attribute access, no template tags, nothing an organiser's
text could use to reach other data. The text is plain: the HTML version escapes it, so any
HTML or script in a message reaches participants as visible text, never as markup.
"""

import string

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rencontres.comms.mail import render_default as render_mail
from rencontres.core.templatetags.dates import date_range
from rencontres.registration.access import personal_url
from rencontres.registration.models import Registration

TEMPLATE = "messaging/mail/message"

PLACEHOLDERS = {
    "first_name": gettext_lazy("first name"),
    "last_name": gettext_lazy("last name"),
    "civility": gettext_lazy("civility (Mrs, Mr; empty when not given)"),
    "organisation": gettext_lazy("organisation"),
    "personal_link": gettext_lazy("link to the personal space"),
    "agenda_link": gettext_lazy("link to the personal agenda"),
    "edition_title": gettext_lazy("title of the edition"),
    "edition_dates": gettext_lazy("dates of the edition"),
    "survey_link": gettext_lazy("link to the satisfaction survey"),
}


def check(text, allowed=None):
    """Raise ValidationError naming what is wrong: unknown placeholders or stray braces.
    `allowed`: {name: description} of the placeholders (default: those of messages)."""
    allowed = PLACEHOLDERS if allowed is None else allowed
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            _("A brace is not closed. Write placeholders as {first_name}; write {{ for a brace."),
            code="syntax",
        ) from None
    unknown = []
    for _literal, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            unknown.append("{" + name + "}" if name else "{}")
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Available: %(available)s.")
            % {
                "names": ", ".join(dict.fromkeys(unknown)),
                "available": ", ".join("{" + name + "}" for name in allowed),
            },
            code="placeholder",
        )


class Values(dict):
    """Placeholder values for one participant, each computed the first time a text uses it
    (signing a link costs more than the rest of a mail), in the participant's language."""

    def __init__(self, registration):
        super().__init__()
        self.registration = registration

    def __missing__(self, name):
        registration = self.registration
        edition = registration.edition
        with translation.override(registration.language):
            value = {
                "first_name": lambda: registration.first_name,
                "last_name": lambda: registration.last_name,
                "civility": lambda: (
                    str(Registration.Civility(registration.civility).label)
                    if registration.civility
                    else ""
                ),
                "organisation": lambda: registration.organisation,
                "personal_link": lambda: personal_url(registration),
                "agenda_link": lambda: personal_url(registration, "program:my_agenda"),
                "edition_title": lambda: edition.title,
                "edition_dates": lambda: date_range(edition.start_date, edition.end_date),
                "survey_link": lambda: personal_url(registration, "messaging:survey"),
            }[name]()
        self[name] = value
        return value


def texts(message, language):
    """(subject, body) of the message in this language, the other one when it is missing."""
    other = "en" if language == "fr" else "fr"
    subject = getattr(message, f"subject_{language}")
    body = getattr(message, f"body_{language}")
    if subject.strip() and body.strip():
        return subject, body
    return getattr(message, f"subject_{other}"), getattr(message, f"body_{other}")


def missing_languages(message):
    """Languages without a complete version (a warning for the organiser)."""
    return [
        language
        for language in ("fr", "en")
        if not (
            getattr(message, f"subject_{language}").strip()
            and getattr(message, f"body_{language}").strip()
        )
    ]


def context(message, registration, unsubscribe_url=""):
    """The mail template's context: the message filled in for this participant."""
    subject, body = texts(message, registration.language)
    filled = Values(registration)
    return {
        "edition": registration.edition,
        "subject": subject.format_map(filled),
        "body": body.format_map(filled),
        "unsubscribe_url": unsubscribe_url,
    }


def render(message, registration, unsubscribe_url=""):
    """(subject, text, html) of the message as this participant gets it."""
    return render_mail(
        TEMPLATE, context(message, registration, unsubscribe_url), registration.language
    )
