"""Editable automatic mails: an organiser's own text, per edition, for the platform's mails.

Texts are per edition, like everything organisers write (dates, venue and practical details
change each year, and past editions keep what their participants were told). An edition
without its own text for a mail, or for a language, sends the default text of the templates
and translation catalogs. The text is plain with placeholders, rendered as messages are
(`render`): HTML typed in it reaches participants as visible text.
"""

from django.utils.translation import gettext_lazy as _

from rencontres.comms.mail import render_default

from ..models import AutomaticMail
from . import render

# key → (label, extra placeholders: name → (context key, description)).
MAILS = {
    "registration/mail/confirm_email": (
        _("Confirm the e-mail address"),
        {"confirm_link": ("confirm_url", _("link that confirms the address"))},
    ),
    "registration/mail/personal_link": (_("Link to the personal space"), {}),
    "status:confirmed": (_("Place given"), {}),
    "status:waiting": (_("On the waiting list"), {}),
    "status:pending_approval": (_("Awaiting approval"), {}),
    "status:promoted": (_("Place given from the waiting list"), {}),
    "status:approved": (_("Registration approved"), {}),
    "status:refused": (_("Registration refused"), {}),
    "status:cancelled": (_("Registration cancelled"), {}),
    "status:cancelled_by_organiser": (_("Registration cancelled by the organisers"), {}),
    "registration/mail/delegation_member": (_("Added to a delegation"), {}),
    "visa:validated": (
        _("Visa letter ready"),
        {"letter_link": ("letter_url", _("link to the visa letter"))},
    ),
    "visa:refused": (_("Visa letter refused"), {}),
    # Sent before any registration exists: a placeholder set to None is not offered.
    "registration/mail/invitation": (
        _("Invitation (and its reminders)"),
        {
            "invitation_link": ("invitation_url", _("link to the invitation (accept or decline)")),
            "salutation": (
                "salutation",
                _("salutation: the form of address, else “Dear first name last name,”"),
            ),
            "personal_link": None,
            "agenda_link": None,
            "survey_link": None,
        },
    ),
    "program/mail/promoted": (_("Session sign-up: place given"), {}),
    "program/mail/cafe_placed": (_("Café des Rencontres assigned"), {}),
    "networking/mail/request_received": (
        _("B2B meeting request received"),
        {"requests_link": ("requests_url", _("link to the B2B requests"))},
    ),
    "networking/mail/request_accepted": (
        _("B2B meeting request accepted"),
        {"requests_link": ("requests_url", _("link to the B2B requests"))},
    ),
    "networking/mail/request_declined": (
        _("B2B meeting request declined"),
        {"requests_link": ("requests_url", _("link to the B2B requests"))},
    ),
    "networking/mail/schedule_published": (
        _("B2B schedule published"),
        {"schedule_link": ("schedule_url", _("link to the B2B schedule"))},
    ),
    "networking/mail/schedule_changed": (
        _("B2B schedule changed"),
        {"schedule_link": ("schedule_url", _("link to the B2B schedule"))},
    ),
}

STATUS = "registration/mail/status"
VISA = "registration/mail/visa"


def label(key):
    return MAILS.get(key, (key, {}))[0]


def placeholders(key):
    """{name: description} of the placeholders this mail's text may use."""
    extras = MAILS.get(key, ("", {}))[1]
    allowed = {**render.PLACEHOLDERS, **{name: e[1] for name, e in extras.items() if e}}
    return {name: text for name, text in allowed.items() if extras.get(name, True) is not None}


def key_of(template, context):
    """The editable mail a rendering is for, or None (the status and visa mails have one
    text per outcome)."""
    if template == STATUS:
        event = context.get("event")
        return (
            f"status:{context['registration'].status}" if event == "placed" else f"status:{event}"
        )
    if template == VISA:
        return f"visa:{context['visa'].status}"
    return template if template in MAILS else None


def customise(template, context, language):
    """comms' customiser: the organiser's text for this mail, if the edition has one."""
    # An invitation has the attributes the placeholders read (names, language, edition).
    registration = context.get("registration") or context.get("invitation")
    edition = context.get("edition")
    key = key_of(template, context) if registration is not None else None
    if key is None or edition is None:
        return None
    custom = AutomaticMail.objects.filter(edition=edition, key=key).first()
    if custom is None:
        return None
    subject, body = getattr(custom, f"subject_{language}"), getattr(custom, f"body_{language}")
    if not (subject.strip() and body.strip()):
        return None
    return render_custom(key, subject, body, registration, context, language)


def render_custom(key, subject, body, registration, context, language):
    values = render.Values(registration)
    for name, extra in MAILS[key][1].items():
        if extra is not None:
            values[name] = context.get(extra[0], "")
    filled = {
        "edition": registration.edition,
        "subject": subject.format_map(values),
        "body": body.format_map(values),
        "unsubscribe_url": "",
    }
    return render_default(render.TEMPLATE, filled, language)


def previews(custom):
    """[(language label, registration, (subject, text, html) or None)] of the edition's text
    for a real participant of each language (None: no one writes in it)."""
    from rencontres.registration.models import Registration

    result = []
    for language, language_label in (("fr", _("French")), ("en", _("English"))):
        registration = (
            Registration.objects.filter(edition=custom.edition, language=language)
            .select_related("edition")
            .order_by("pk")
            .first()
        )
        rendered = None
        subject, body = getattr(custom, f"subject_{language}"), getattr(custom, f"body_{language}")
        if registration is not None and subject.strip() and body.strip():
            rendered = render_custom(custom.key, subject, body, registration, {}, language)
        result.append((language_label, registration, rendered))
    return result
