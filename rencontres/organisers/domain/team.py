"""Organisers' teams: invite a member, change their roles, remove them. Each change is
recorded in the audit trail, in the same transaction, under the organiser (`organiser` in
the entry's data: team changes belong to no edition)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.comms.mail import queue_mail

from ..models import Membership


class TeamError(Exception):
    pass


def _names(roles):
    return sorted(role.name for role in roles)


def invitation_link(user):
    """A link to choose a password, valid until it is used (or PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accept_invitation", args=[uid, default_token_generator.make_token(user)])
    return settings.SITE_URL + path


@transaction.atomic
def invite(by, organiser, email, roles, first_name="", last_name=""):
    """Add the person with this address to the organiser's team; an address without an
    account gets one, and a link to choose its password."""
    User = get_user_model()
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email.lower(), email=email, first_name=first_name)
        user.last_name = last_name
        user.set_unusable_password()
    user.is_staff = True
    user.save()
    membership, created = Membership.objects.get_or_create(organiser=organiser, user=user)
    if not created:
        raise TeamError(_("%(email)s is already in this team.") % {"email": email})
    membership.roles.set(roles)
    record(by, "organisers.invite", target=membership, organiser=organiser.pk, roles=_names(roles))
    queue_mail(
        to=email,
        template="organisers/mail/invitation",
        context={
            "organiser": organiser,
            "inviter": (by.get_full_name() or by.get_username()) if by else "",
            "link": None if user.has_usable_password() else invitation_link(user),
            "login": user.get_username(),
            "backoffice": settings.SITE_URL + reverse("admin:index"),
        },
        language="fr",  # the back-office is in French
    )
    return membership


@transaction.atomic
def change_roles(by, membership, roles):
    before = _names(membership.roles.all())
    membership.roles.set(roles)
    after = _names(roles)
    if before != after:
        record(
            by,
            "organisers.change_roles",
            target=membership,
            organiser=membership.organiser_id,
            before=before,
            after=after,
        )


@transaction.atomic
def remove(by, membership):
    record(
        by,
        "organisers.remove",
        target=membership,
        organiser=membership.organiser_id,
        roles=_names(membership.roles.all()),
    )
    membership.delete()
