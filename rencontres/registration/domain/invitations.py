"""Invitations: invite, open, accept, decline, remind; who is a VIP.

An invitation is not a registration: accepting it makes one through `registering.register`
(the edition's capacity and the category's quota apply, a full one means the waiting list),
with the address taken as confirmed since the person came through the link mailed to it.
Only this way may someone join a category "on invitation only" without an organiser.

Accompanying persons are registrations of their own, in a delegation that the guest
coordinates: they count in the capacity and the quota by the usual rules, get their own
mails and badges, and a delegation gets its places together.
"""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rencontres.audit.log import record
from rencontres.comms.mail import queue_mail

from ..models import Invitation, Registration
from . import RegistrationError
from .registering import existing, register

logger = logging.getLogger(__name__)

SALT = "rencontres.registration.invitation"
KEY_PREFIX = 12
# Fields of the invitation itself; any other keyword of `invite` pre-fills the form.
INVITATION_FIELDS = {
    "civility",
    "form_of_address",
    "vip",
    "protocol_notes",
    "accompanying_allowed",
}
PREFILLED = {
    "phone",
    "organisation",
    "organisation_type",
    "function",
    "country",
    "city",
    "languages_spoken",
    "accessibility_needs",
    "dietary_needs",
}


class InvitationClosed(RegistrationError):
    """The invitation cannot be answered (any more): answered, or its edition is over."""


def reminder_days():
    """Days after the invitation when an unanswered one is reminded (setting)."""
    return list(getattr(settings, "INVITATION_REMINDER_DAYS", (7, 14)))


def invite(edition, *, actor, category, email, first_name, last_name, language, **fields):
    """Invite someone to `edition` in `category`; mail them their invitation and plan the
    reminders. Raises RegistrationError (a message in the current language) for an address
    that is malformed, already invited or already registered; TypeError for an unknown
    field. Recorded in the audit trail as the organiser `actor`'s decision."""
    unknown = set(fields) - INVITATION_FIELDS - PREFILLED
    if unknown:
        raise TypeError(f"invite() got unknown fields: {', '.join(sorted(unknown))}")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationError(
            _("“%(email)s” is not a valid e-mail address.") % {"email": email}
        ) from None
    if category.edition_id != edition.pk:
        raise RegistrationError(_("This category belongs to another edition."))
    if language not in Registration.Language.values:
        raise RegistrationError(_("The language must be French or English."))
    if not (first_name or "").strip() or not (last_name or "").strip():
        raise RegistrationError(_("Give the first name and the last name."))
    check_new(edition, email)
    own = {name: fields.pop(name) for name in list(fields) if name in INVITATION_FIELDS}
    prefill = {name: str(value) for name, value in fields.items() if value not in (None, "")}
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                edition=edition,
                category=category,
                email=email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                language=language,
                prefill=prefill,
                invited_by=actor if getattr(actor, "is_authenticated", False) else None,
                **own,
            )
            record(actor, "registration.invite", target=invitation, edition=edition)
            _mail(invitation, "invitation")
            _plan_reminder(invitation)
    except IntegrityError:
        raise RegistrationError(
            _("%(email)s is already invited to this edition.") % {"email": email}
        ) from None
    logger.info("edition %s: invitation %s sent", edition.number, invitation.pk)
    return invitation


def check_new(edition, email):
    """Raise RegistrationError when this address is already registered or invited."""
    if existing(edition, email) is not None:
        raise RegistrationError(
            _("%(email)s is already registered for this edition.") % {"email": email}
        )
    invited = Invitation.objects.alias(email_lower=Lower("email")).filter(
        edition=edition, email_lower=email.strip().lower()
    )
    if invited.exists():
        raise RegistrationError(
            _("%(email)s is already invited to this edition.") % {"email": email}
        )


def token(invitation):
    return signing.dumps([invitation.pk, invitation.key[:KEY_PREFIX]], salt=SALT)


def read_token(value):
    """The invitation a link opens, or None when the link is forged or mangled."""
    try:
        pk, key = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    invitation = (
        Invitation.objects.select_related("edition", "category", "registration")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or invitation.key[:KEY_PREFIX] != key:
        return None
    return invitation


def url(invitation):
    """The absolute link of the invitation, in the guest's language."""
    with translation.override(invitation.language):
        path = reverse("registration:invitation", kwargs={"token": token(invitation)})
    return settings.SITE_URL + path


def salutation(invitation):
    """The first line of the invitation mail, in the guest's language: the form of address
    protocol wants ("Monsieur le Ministre,"), else "Dear Amina Diallo,"."""
    if invitation.form_of_address.strip():
        return f"{invitation.form_of_address.strip()},"
    with translation.override(invitation.language):
        return _("Dear %(name)s,") % {"name": invitation.full_name}


def _mail(invitation, kind):
    """kind: invitation or reminder (the same mail, the reminder says it is one)."""
    edition = invitation.edition
    return queue_mail(
        to=invitation.email,
        template="registration/mail/invitation",
        context={
            "invitation": invitation,
            "edition": edition,
            "invitation_url": url(invitation),
            "salutation": salutation(invitation),
            "reminder": kind == "reminder",
        },
        language=invitation.language,
        edition=edition,
        reply_to=edition.contact_email,
    )


def _plan_reminder(invitation):
    days = reminder_days()
    if invitation.reminders_sent >= len(days):
        return
    from ..tasks import remind_invitation

    when = invitation.created + datetime.timedelta(days=days[invitation.reminders_sent])
    transaction.on_commit(
        lambda: remind_invitation.using(run_after=when).enqueue(invitation.pk, invitation.key)
    )


def remind(invitation_id, key=None):
    """Remind an unanswered invitation, then plan the next reminder. Nothing happens once
    it is answered, revoked (`key` changed) or the edition has started. Returns whether a
    reminder went."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("edition")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or invitation.is_answered or (key and key != invitation.key):
            return False
        if timezone.localdate() >= invitation.edition.start_date:
            return False
        _mail(invitation, "reminder")
        invitation.reminders_sent += 1
        invitation.save(update_fields=["reminders_sent"])
        _plan_reminder(invitation)
    return True


def remind_now(invitations, actor):
    """Organisers' "send a reminder now" to the unanswered ones; returns how many went."""
    count = 0
    for invitation in invitations:
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if invitation.is_answered:
                continue
            _mail(invitation, "reminder")
            invitation.reminders_sent += 1
            invitation.save(update_fields=["reminders_sent"])
            record(actor, "registration.remind_invitation", target=invitation)
            count += 1
    return count


def check_open(invitation):
    """Raise InvitationClosed when the invitation can no longer be answered."""
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationClosed(_("You have already accepted this invitation."))
    if invitation.status == Invitation.Status.DECLINED:
        raise InvitationClosed(_("You have declined this invitation."))
    if timezone.localdate() > invitation.edition.end_date:
        raise InvitationClosed(_("This edition is over."))


def opened(invitation):
    """The guest opened their link: the organisers see it (only the first time counts)."""
    Invitation.objects.filter(pk=invitation.pk, status=Invitation.Status.SENT).update(
        status=Invitation.Status.OPENED, opened_at=timezone.now()
    )


def _locked(invitation):
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("edition", "category")
        .get(pk=invitation.pk)
    )
    check_open(invitation)
    return invitation


def accept(invitation, data, *, members=()):
    """Register the guest (and the accompanying persons in `members`) by the registration
    rules; returns the guest's registration. `data` holds Registration fields; the category
    and the address are the invitation's, whatever `data` says."""
    if data.get("email", invitation.email).strip().lower() != invitation.email.lower():
        raise RegistrationError(
            _(
                "This invitation is personal: it can only be accepted with the address it was "
                "sent to. Ask the organisers for your own invitation."
            )
        )
    if len(members) > invitation.accompanying_allowed:
        raise RegistrationError(_too_many(invitation))
    with transaction.atomic():
        invitation = _locked(invitation)
        fields = {**data, "email": invitation.email, "category": invitation.category}
        registration, _created = register(
            invitation.edition,
            fields,
            members=list(members),
            delegation_name=_("Delegation of %(name)s") % {"name": invitation.full_name}
            if members
            else "",
            confirmed_by_organiser=True,
        )
        invitation.status = Invitation.Status.ACCEPTED
        invitation.answered_at = timezone.now()
        invitation.registration = registration
        invitation.save(update_fields=["status", "answered_at", "registration"])
    logger.info("invitation %s accepted: registration %s", invitation.pk, registration.pk)
    return registration


def _too_many(invitation):
    count = invitation.accompanying_allowed
    return ngettext(
        "This invitation allows at most %(count)d accompanying person.",
        "This invitation allows at most %(count)d accompanying persons.",
        count,
    ) % {"count": count}


def check_accompanying(coordinator, adding):
    """A guest adding people to their delegation later (from their space) stays within the
    accompanying persons their invitation allows."""
    invitation = Invitation.objects.filter(registration_id=coordinator.pk).first()
    if invitation is None:
        return
    members = coordinator.delegation.members.live().exclude(pk=coordinator.pk).count()
    if members + adding > invitation.accompanying_allowed:
        raise RegistrationError(_too_many(invitation))


def decline(invitation):
    with transaction.atomic():
        invitation = _locked(invitation)
        invitation.status = Invitation.Status.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
    logger.info("invitation %s declined", invitation.pk)
    return invitation


def vip_filter(prefix=""):
    """A Q on Registration (through `prefix`, e.g. "registration__") for the VIP guests
    and their accompanying persons (the members of the delegation a VIP coordinates)."""
    return models.Q(**{f"{prefix}invitation__vip": True}) | models.Q(
        **{f"{prefix}delegation__coordinator__invitation__vip": True}
    )


def is_vip(registration):
    return Registration.objects.filter(vip_filter(), pk=registration.pk).exists()


def vip_guests(edition):
    """The VIP guests expected at the desk: accepted, with a place or waiting, by name."""
    return (
        Invitation.objects.filter(edition=edition, vip=True, status=Invitation.Status.ACCEPTED)
        .exclude(registration=None)
        .exclude(registration__status__in=Registration.ENDED)
        .select_related("registration", "category", "registration__delegation")
        .order_by(Lower("last_name"), Lower("first_name"), "pk")
    )


def import_rows(edition, rows, actor):
    """Invite the checked rows of a spreadsheet import (`imports` calls this in the batch's
    transaction: a refused row rolls the whole batch back, and no mail leaves). Each row has
    `number` and `data` (Registration fields); delegations are not kept, each person is
    invited on their own."""
    for row in rows:
        data = dict(row.data)
        extra = {
            name: value
            for name, value in data.items()
            if name in PREFILLED | INVITATION_FIELDS and value not in (None, "")
        }
        try:
            invite(
                edition,
                actor=actor,
                category=data["category"],
                email=data["email"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                language=data.get("language") or Registration.Language.FR,
                **extra,
            )
        except RegistrationError as error:
            raise RegistrationError(
                _("Line %(line)s: %(reason)s") % {"line": row.number, "reason": error}
            ) from None
