"""Organisers' decisions on places: limits, "give a place now", the waiting list's order,
reactivation, addresses and confirmation mails.

Each function locks the edition (the same lock as registering.py), applies the participants'
rules, gives freed places to the waiting list in order (a delegation whole or not at all,
with mails), and records the decision in the audit trail in the same transaction. `actor` is
the organiser (a user), or None for the platform itself.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from rencontres.audit.log import record

from .. import notify
from ..models import ENDED, Registration, RegistrationSettings
from . import RegistrationError
from .places import check_capacity, check_quota, lock_edition, waiting_units
from .registering import HOLDING, _promote_and_tell, confirm_email, existing, place_after_waiting

logger = logging.getLogger(__name__)

S = Registration.Status


def _fresh(registration):
    return Registration.objects.select_related("category", "delegation", "edition").get(
        pk=registration.pk
    )


@transaction.atomic
def set_capacity(edition, capacity, actor):
    """Set the edition's capacity (None: no limit); a rise promotes the waiting list at once.

    Refused (RegistrationError naming how many are placed) below the places already given.
    Returns the registrations promoted.
    """
    lock_edition(edition.pk)
    check_capacity(edition, capacity)
    settings, _created = RegistrationSettings.objects.get_or_create(edition=edition)
    if settings.capacity != capacity:
        record(
            actor,
            "registration.set_capacity",
            target=settings,
            edition=edition,
            old=settings.capacity,
            new=capacity,
        )
        settings.capacity = capacity
        settings.save(update_fields=["capacity"])
    return _promote_and_tell(edition)


@transaction.atomic
def set_quota(category, quota, actor):
    """Set a category's quota (None: no limit); a rise promotes the waiting list at once."""
    edition = lock_edition(category.edition_id)
    check_quota(category, quota)
    old = type(category).objects.get(pk=category.pk).quota
    if old != quota:
        record(
            actor, "registration.set_quota", target=category, edition=edition, old=old, new=quota
        )
        category.quota = quota
        category.save(update_fields=["quota"])
    return _promote_and_tell(edition)


def check_category_change(registration, category):
    """Refuse to move someone who holds a place into a category whose quota is full."""
    if category.edition_id != registration.edition_id:
        raise RegistrationError(_("This category belongs to another edition."))
    if registration.status not in HOLDING or category.pk == registration.category_id:
        return
    if category.quota is None:
        return
    taken = category.registrations.holding_places().exclude(pk=registration.pk).count()
    if taken >= category.quota:
        raise RegistrationError(
            _(
                "The category “%(category)s” is full (quota: %(quota)d). Use “Give a place "
                "now” to place this person over its quota."
            )
            % {"category": category.name, "quota": category.quota}
        )


@transaction.atomic
def change_category(registration, category, actor):
    """Move a registration to another category of its edition, within the category's quota.

    A place freed in the old category goes to the waiting list; someone waiting whose new
    category has room is promoted in their turn.
    """
    edition = lock_edition(registration.edition_id)
    registration = _fresh(registration)
    check_category_change(registration, category)
    if category.pk == registration.category_id:
        return registration
    record(
        actor,
        "registration.change_category",
        target=registration,
        edition=edition,
        old=registration.category.name,
        new=category.name,
    )
    registration.category = category
    registration.save(update_fields=["category", "modified"])
    _promote_and_tell(edition)
    return registration


def _unit_of(registration, units):
    for index, unit in enumerate(units):
        if any(member.pk == registration.pk for member in unit):
            return index, unit
    return None, None


@transaction.atomic
def give_place(registration, actor, reason, *, category=None):
    """Place someone now, over the capacity or quota if need be, for a stated reason.

    A waiting delegation gets its places together. With `category`, the person also changes
    category (the way past a full quota). The excess is marked on each registration
    (`over_limit`) and the reason is in the audit trail.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RegistrationError(_("Give the reason for this place over the limit."))
    edition = lock_edition(registration.edition_id)
    registration = _fresh(registration)
    if category is not None and category.edition_id != registration.edition_id:
        raise RegistrationError(_("This category belongs to another edition."))
    if not registration.is_active:
        raise RegistrationError(_("Reactivate this registration first."))
    moving = category is not None and category.pk != registration.category_id
    if registration.status in HOLDING and not moving:
        raise RegistrationError(_("This person already has a place."))
    if registration.status == S.PENDING_EMAIL:
        raise RegistrationError(
            _("The address is not confirmed yet: mark it confirmed first, then give a place.")
        )
    unit = [registration]
    if registration.status == S.WAITING and registration.delegation_id:
        unit = _unit_of(registration, waiting_units(edition))[1] or unit
    for member in unit:
        was = member.status
        old_category = member.category.name
        if member is registration and moving:
            member.category = category
        member.status = S.CONFIRMED
        member.waiting_since = None
        member.over_limit = True
        member.save(update_fields=["category", "status", "waiting_since", "over_limit", "modified"])
        record(
            actor,
            "registration.give_place",
            target=member,
            edition=edition,
            reason=reason,
            old_status=was,
            old_category=old_category,
            category=member.category.name,
        )
        if was != S.CONFIRMED:
            notify.send_status(member, "promoted")
    if moving:
        _promote_and_tell(edition)
    logger.info("edition %s: place given over the limit to %s", edition.number, unit)
    return unit


def reorder(units, field, *, position=None, step=None, index):
    """Move units[index] to `position` (1 = first) or by `step`, and write the new order
    into `field`, the time the list is sorted by: each unit takes one of the list's own
    times, strictly increasing, the same for every member of a unit (a delegation).

    `units` are lists of model instances. Returns (old position, new position).
    """
    unit = units.pop(index)
    target = index + step if step is not None else (position or 1) - 1
    target = min(max(target, 0), len(units))
    units.insert(target, unit)
    times = sorted(getattr(u[0], field) for u in units)
    previous = None
    for members, when in zip(units, times, strict=True):
        if previous is not None and when <= previous:
            when = previous + timedelta(microseconds=1)
        previous = when
        for member in members:
            if getattr(member, field) != when:
                setattr(member, field, when)
                member.save(update_fields=[field])
    return index + 1, target + 1


@transaction.atomic
def move_in_waiting_list(registration, actor, *, position=None, step=None):
    """Move someone (with their delegation) within the waiting list.

    `position` is where their unit goes (1 = next to get a place), or `step` moves it up
    (-1) or down (+1). Returns the new position.
    """
    edition = lock_edition(registration.edition_id)
    units = waiting_units(edition)
    index, unit = _unit_of(registration, units)
    if unit is None:
        raise RegistrationError(_("This person is not on the waiting list."))
    old, new = reorder(units, "waiting_since", position=position, step=step, index=index)
    if old != new:
        record(
            actor,
            "registration.move_waiting",
            target=registration,
            edition=edition,
            old=old,
            new=new,
        )
    return new


@transaction.atomic
def reactivate(registration, actor):
    """Bring back a cancelled or refused registration through the usual rules: confirmation
    mail if the address was never confirmed, else a place or the end of the waiting list
    (a member joins their delegation's wait)."""
    edition = lock_edition(registration.edition_id)
    registration = _fresh(registration)
    if registration.status not in ENDED:
        raise RegistrationError(_("Only a cancelled or refused registration can be reactivated."))
    if existing(edition, registration.email) is not None:
        raise RegistrationError(
            _("%(email)s has registered again: that registration is the live one.")
            % {"email": registration.email}
        )
    record(actor, "registration.reactivate", target=registration, edition=edition)
    registration.over_limit = False
    coordinator = registration.delegation.coordinator if registration.delegation_id else None
    if registration.email_confirmed_at is None and coordinator in (None, registration):
        registration.status = S.PENDING_EMAIL
        registration.save(update_fields=["status", "over_limit", "modified"])
        notify.ask_email_confirmation(registration)
        return registration
    if coordinator not in (None, registration) and coordinator.status == S.WAITING:
        registration.status = S.WAITING
        registration.waiting_since = coordinator.waiting_since
        registration.save(update_fields=["status", "waiting_since", "over_limit", "modified"])
    elif coordinator not in (None, registration) and coordinator.status == S.PENDING_EMAIL:
        registration.status = S.PENDING_EMAIL
        registration.save(update_fields=["status", "over_limit", "modified"])
        return registration
    else:
        registration.save(update_fields=["over_limit"])
        place_after_waiting(edition, [registration])
    notify.send_status(registration, "reactivated")
    return registration


@transaction.atomic
def mark_email_confirmed(registration, actor):
    """An organiser vouches for the address (e.g. confirmed by phone): as if the person had
    clicked the button in their mail."""
    lock_edition(registration.edition_id)
    registration = _fresh(registration)
    if registration.email_confirmed_at is not None:
        raise RegistrationError(_("This address is already confirmed."))
    if not registration.is_active:
        raise RegistrationError(_("Reactivate this registration first."))
    record(actor, "registration.confirm_address", target=registration)
    return confirm_email(registration)


@transaction.atomic
def resend_confirmation(registration, actor):
    """A new confirmation mail, its link valid again for the whole confirmation period."""
    registration = _fresh(registration)
    if registration.email_confirmed_at is not None or not registration.is_active:
        raise RegistrationError(_("This address is already confirmed."))
    record(actor, "registration.resend_confirmation", target=registration)
    return notify.ask_email_confirmation(registration)


def unconfirmed(queryset):
    """Live registrations whose address is not confirmed yet, oldest first."""
    return queryset.live().filter(email_confirmed_at=None).order_by("created", "pk")


def remind_unconfirmed(queryset, actor):
    """Send every unconfirmed registration of `queryset` a fresh confirmation mail."""
    reminded = 0
    for registration in unconfirmed(queryset):
        resend_confirmation(registration, actor)
        reminded += 1
    return reminded
