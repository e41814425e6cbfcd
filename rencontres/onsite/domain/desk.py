"""The on-site desk: a walk-in is registered through the registration rules, marked as
registered on site, and gets their badge at once."""

from django.db import transaction
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.registration.domain import registering
from rencontres.registration.models import Registration

from ..models import BadgeSettings, WalkIn
from .printing import print_badges


def register_walk_in(edition, data, user):
    """(registration, created). Someone already registered with the address is found again
    (and gets their link by mail, as anywhere else) rather than registered twice."""
    with transaction.atomic():
        registration, created = registering.register(edition, data, confirmed_by_organiser=True)
        if created:
            WalkIn.objects.create(registration=registration, registered_by=user)
            record(user, "onsite.walk_in", target=registration, status=registration.status)
    return registration, created


def status_of(registration):
    """What the desk tells the walk-in, from the status the registration rules gave."""
    status = Registration.Status
    return {
        status.CONFIRMED: _("Has a place: print the badge."),
        status.WAITING: _("No place left: on the waiting list, no badge yet."),
        status.PENDING_APPROVAL: _("Awaits an organiser's approval (category), no badge yet."),
        status.PENDING_EMAIL: _("Has not confirmed their e-mail address yet."),
        status.CANCELLED: _("Registration cancelled."),
        status.REFUSED: _("Registration refused."),
    }[registration.status]


def print_badge(registration, user):
    """The PDF of a new A6 badge (the previous badge, if any, stops working)."""
    return print_badges(
        registration.edition,
        [registration],
        actor=user,
        layout=BadgeSettings.Layout.A6,
        batch_name=_("On-site desk"),
    )
