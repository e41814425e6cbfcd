"""The speakers' space: a magic link per speaker (the participants' signing and revocation,
with its own salt), what makes a profile complete, and the organisers' links and reminders.
"""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from rencontres.comms.mail import queue_mail
from rencontres.registration import access
from rencontres.registration.models import new_access_key

from ..models import Speaker

SALT = "rencontres.program.speaker"
SESSION_KEY = "speaker:{number}"

# What the printed program and the public pages show, in the order the space asks for it,
# with the names the space's form and the reminders give them.
LABELS = {
    "function_fr": _("Function (in French)"),
    "function_en": _("Function (in English)"),
    "organisation": _("Organisation"),
    "country": _("Country"),
    "bio_fr": _("Short biography (in French)"),
    "bio_en": _("Short biography (in English)"),
    "photo": _("Photo"),
}
REQUIRED = list(LABELS)


def incomplete_q():
    """Speakers whose profile misses something (for the back-office filter)."""
    missing = Q(photo_rights_at__isnull=True)
    for field in REQUIRED:
        missing |= Q(**{field: ""}) | Q(**{f"{field}__isnull": True})
    return missing


def missing_fields(speaker):
    """The verbose names of what the speaker still has to give."""
    names = [str(LABELS[field]) for field in REQUIRED if not getattr(speaker, field)]
    if speaker.photo_rights_at is None:
        names.append(str(_("Photo rights confirmed")))
    return names


def is_complete(speaker):
    return not missing_fields(speaker)


def space_url(speaker):
    """Absolute magic link to the speaker's space, in their language."""
    with translation.override(speaker.language):
        path = reverse("program:speaker_magic", kwargs={"token": access.make_token(speaker, SALT)})
    return settings.SITE_URL + path


def read_link(token):
    return access.read_token(token, salt=SALT, queryset=Speaker.objects.all())


def open_space(request, speaker):
    request.session.cycle_key()
    request.session[SESSION_KEY.format(number=speaker.edition.number)] = [
        speaker.pk,
        speaker.access_key,
    ]


def current_speaker(request, number):
    stored = request.session.get(SESSION_KEY.format(number=number))
    if not stored:
        return None
    pk, key = stored
    return (
        Speaker.objects.select_related("edition")
        .filter(pk=pk, edition__number=number, access_key=key)
        .first()
    )


def confirm_photo_rights(speaker, confirmed):
    """The date the speaker ticked the box; unticking withdraws it."""
    if not confirmed:
        speaker.photo_rights_at = None
    elif speaker.photo_rights_at is None:
        speaker.photo_rights_at = timezone.now()


def send_link(speaker, reminder=False):
    """Mail the speaker their link (or a reminder of what is missing); False when they have
    no address. The date goes on the speaker in the same transaction as the mail's log."""
    if not speaker.email:
        return False
    with translation.override(speaker.language):
        missing = missing_fields(speaker) if reminder else []
    queue_mail(
        to=speaker.email,
        template="program/mail/speaker_link",
        context={
            "speaker": speaker,
            "edition": speaker.edition,
            "url": space_url(speaker),
            "reminder": reminder,
            "missing": missing,
        },
        language=speaker.language,
        edition=speaker.edition,
    )
    now = timezone.now()
    if reminder:
        speaker.reminded_at = now
    else:
        speaker.link_sent_at = now
    speaker.save(update_fields=["reminded_at" if reminder else "link_sent_at"])
    return True


def revoke_link(speaker):
    """Every link sent so far and every open space stop at once."""
    speaker.access_key = new_access_key()
    speaker.save(update_fields=["access_key"])
