"""Register, confirm the address, cancel, approve, refuse; delegations as one unit."""

import logging

from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notify
from ..consequences import place_ended
from ..models import ENDED, Delegation, Registration
from . import RegistrationError
from .places import lock_edition, place, promote

logger = logging.getLogger(__name__)

HOLDING = (Registration.Status.CONFIRMED, Registration.Status.PENDING_APPROVAL)


def existing(edition, email, *, ended_too=False):
    """The live registration with this address (LOWER(email) is what the indexes hold), or
    with `ended_too` the latest one even if cancelled or refused."""
    found = Registration.objects.alias(email_lower=Lower("email")).filter(
        edition=edition, email_lower=email.strip().lower()
    )
    if not ended_too:
        return found.live().first()
    ended_last = models.Case(models.When(status__in=ENDED, then=1), default=0)
    return found.order_by(ended_last, "-created", "-pk").first()


def send_a_way_in(registration):
    """What someone who asks again gets: the confirmation mail while their address is not
    confirmed (a fresh link, so an expired one never leaves them stuck), else their link."""
    unconfirmed = registration.status == Registration.Status.PENDING_EMAIL
    if unconfirmed or (registration.is_active and registration.awaits_own_confirmation):
        return notify.ask_email_confirmation(registration)
    return notify.send_personal_link(registration)


def register(edition, data, *, members=(), delegation_name="", confirmed_by_organiser=False):
    """Create a registration (and its delegation's members) awaiting e-mail confirmation.

    `data` holds the Registration fields; `members` a list of such dicts. Someone already
    registered with the address gets their personal link again and nothing is created: the
    result is (registration, created).
    """
    if edition.registration_state() != "open" and not confirmed_by_organiser:
        raise RegistrationError(_("Registration is not open for this edition."))
    # (No category: someone asking again, who gets their link and nothing new.)
    if getattr(data.get("category"), "invitation_only", False) and not confirmed_by_organiser:
        # Only an invitation (domain.invitations.accept) or an organiser places someone there.
        raise RegistrationError(_("This category is on invitation only."))
    email = data["email"].strip().lower()
    try:
        with transaction.atomic():
            lock_edition(edition.pk)
            if (found := existing(edition, email)) is not None:
                send_a_way_in(found)
                logger.info("edition %s: %s registered again, link sent", edition.number, found.pk)
                return found, False
            registration = Registration.objects.create(edition=edition, **{**data, "email": email})
            team = [registration]
            if members:
                delegation = Delegation.objects.create(
                    edition=edition,
                    name=delegation_name or registration.organisation or registration.full_name,
                    country=registration.country,
                    coordinator=registration,
                )
                registration.delegation = delegation
                registration.save(update_fields=["delegation"])
                for member in members:
                    team.append(_create_member(delegation, registration, member))
            if confirmed_by_organiser:
                _confirm_team(edition, team, addresses=team)
            else:
                notify.ask_email_confirmation(registration)
    except IntegrityError:
        # The same address twice in a moment (double click): the first one won.
        found = existing(edition, email)
        if found is None:
            raise
        send_a_way_in(found)
        return found, False
    logger.info("edition %s: registration %s created", edition.number, registration.pk)
    return registration, True


def _create_member(delegation, coordinator, data):
    email = data["email"].strip().lower()
    if existing(delegation.edition, email):
        raise RegistrationError(
            _("%(email)s is already registered for this edition.") % {"email": email}
        )
    inherited = {
        "category": coordinator.category,
        "organisation": coordinator.organisation,
        "organisation_type": coordinator.organisation_type,
        "country": coordinator.country,
        "city": coordinator.city,
        "data_consent": True,
    }
    # Members confirm their own address from their first mail (see confirm_email).
    return Registration.objects.create(
        edition=delegation.edition,
        delegation=delegation,
        **{**inherited, **data, "email": email},
    )


def _confirm_team(edition, team, addresses):
    """Place the team together; `addresses` are those whose e-mail is now confirmed."""
    now = timezone.now()
    for member in addresses:
        member.email_confirmed_at = member.email_confirmed_at or now
        member.save(update_fields=["email_confirmed_at"])
    place_after_waiting(edition, team)
    coordinator = team[0]
    for member in team:
        if member is coordinator:
            notify.send_status(member, "placed")
        else:
            notify.send_member_welcome(member, coordinator)


@transaction.atomic
def confirm_email(registration):
    """The address is confirmed: the person (or the whole delegation) gets places or waits.

    A delegation member only records their own address: the group is placed when its
    coordinator confirms.
    """
    edition = lock_edition(registration.edition_id)
    registration = Registration.objects.select_related("category").get(pk=registration.pk)
    member = registration.delegation_id and not registration.is_coordinator
    if registration.status != Registration.Status.PENDING_EMAIL or member:
        # A member gets places with the coordinator's confirmation, never alone.
        if registration.email_confirmed_at is None and registration.is_active:
            registration.email_confirmed_at = timezone.now()
            registration.save(update_fields=["email_confirmed_at"])
        return registration
    team = [registration]
    if registration.delegation_id and registration.is_coordinator:
        team += list(
            registration.delegation.members.select_related("category")
            .filter(status=Registration.Status.PENDING_EMAIL)
            .exclude(pk=registration.pk)
        )
    _confirm_team(edition, team, addresses=[registration])
    return registration


@transaction.atomic
def cancel(registration, *, by_organiser=False, ending=None):
    """Cancel a registration; a coordinator's cancellation cancels the whole delegation.

    `ending`: the reason given to the consequences (see consequences.py), by default the
    cancellation's own.
    """
    edition = lock_edition(registration.edition_id)
    registration = Registration.objects.select_related("delegation").get(pk=registration.pk)
    if not registration.is_active:
        return []
    team = [registration]
    if registration.is_coordinator:
        team += [
            m for m in registration.delegation.members.exclude(pk=registration.pk) if m.is_active
        ]
    event = "cancelled_by_organiser" if by_organiser else "cancelled"
    for member in team:
        member.status = Registration.Status.CANCELLED
        member.waiting_since = None
        member.save(update_fields=["status", "waiting_since", "modified"])
        notify.send_status(member, event)
    logger.info("edition %s: cancelled %s", edition.number, [m.pk for m in team])
    place_ended(team, reason=ending or event)
    _promote_and_tell(edition)
    return team


def _promote_and_tell(edition):
    promoted = promote(edition)
    for member in promoted:
        notify.send_status(member, "promoted")
    return promoted


def place_after_waiting(edition, unit):
    """Place a newcomer (or a returning person) only after the waiting list had its turn: no
    one takes a place that someone waiting could have. Callers hold the edition's lock."""
    _promote_and_tell(edition)
    return place(edition, unit)


@transaction.atomic
def approve(registration):
    lock_edition(registration.edition_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status != Registration.Status.PENDING_APPROVAL:
        raise RegistrationError(_("Only a registration awaiting approval can be approved."))
    registration.status = Registration.Status.CONFIRMED
    registration.save(update_fields=["status", "modified"])
    notify.send_status(registration, "approved")
    return registration


@transaction.atomic
def refuse(registration):
    edition = lock_edition(registration.edition_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status not in (
        Registration.Status.PENDING_APPROVAL,
        Registration.Status.WAITING,
    ):
        raise RegistrationError(
            _("Only a registration awaiting approval or on the waiting list can be refused.")
        )
    registration.status = Registration.Status.REFUSED
    registration.waiting_since = None
    registration.save(update_fields=["status", "waiting_since", "modified"])
    notify.send_status(registration, "refused")
    place_ended([registration], reason="refused")
    _promote_and_tell(edition)
    return registration


@transaction.atomic
def add_member(delegation, data):
    """A coordinator adds someone: the newcomer joins the group's places or its wait.

    When the group holds places and none is left, the newcomer is refused rather than
    waiting alone: a delegation is never split.
    """
    edition = lock_edition(delegation.edition_id)
    coordinator = Registration.objects.filter(pk=delegation.coordinator_id).first()
    if coordinator is None or not coordinator.is_active:
        raise RegistrationError(_("This delegation has been cancelled."))
    from .invitations import check_accompanying

    check_accompanying(coordinator, adding=1)
    member = _create_member(delegation, coordinator, data)
    if coordinator.status == Registration.Status.PENDING_EMAIL:
        return member
    if coordinator.status in HOLDING:
        place_after_waiting(edition, [member])
        if member.status == Registration.Status.WAITING:
            raise RegistrationError(
                _("There is no place left for one more member of the delegation.")
            )
    else:
        member.status = Registration.Status.WAITING
        member.waiting_since = coordinator.waiting_since
        member.save(update_fields=["status", "waiting_since", "modified"])
    notify.send_member_welcome(member, coordinator)
    return member


def remove_member(delegation, member):
    if member.delegation_id != delegation.pk or member.pk == delegation.coordinator_id:
        raise RegistrationError(_("This person is not a member you can remove."))
    return cancel(member, ending="member_removed")
