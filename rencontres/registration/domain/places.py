"""Places: the edition's capacity and the categories' quotas, and the waiting list.

A "unit" is who gets places together: one person, or every waiting member of a delegation.
Callers hold the edition's lock (`lock_edition`) so that two requests never both take the
last place: select_for_update on PostgreSQL; on SQLite, BEGIN IMMEDIATE already serialises
writers.
"""

import logging
from collections import Counter

from django.utils import timezone
from django.utils.translation import ngettext

from rencontres.editions.models import Edition

from ..models import Registration, RegistrationSettings
from . import RegistrationError

logger = logging.getLogger(__name__)


def lock_edition(edition_id):
    return Edition.objects.select_for_update().get(pk=edition_id)


def capacity(edition):
    settings = RegistrationSettings.objects.filter(edition_id=edition.pk).first()
    return settings.capacity if settings else None


def free_places(edition):
    """(places left in the edition or None, {category id: places left} for capped ones)."""
    holding = Registration.objects.filter(edition_id=edition.pk).holding_places()
    total = capacity(edition)
    left = None if total is None else total - holding.count()
    used = Counter(holding.values_list("category_id", flat=True))
    quotas = {
        category.pk: category.quota - used[category.pk]
        for category in edition.categories.exclude(quota=None)
    }
    return left, quotas


def _placed_message(placed, limit):
    return ngettext(
        "%(placed)d person already has a place: the limit cannot go below %(placed)d "
        "(asked: %(limit)d).",
        "%(placed)d people already have a place: the limit cannot go below %(placed)d "
        "(asked: %(limit)d).",
        placed,
    ) % {"placed": placed, "limit": limit}


def check_capacity(edition, capacity):
    """Refuse an edition capacity below the places already given (None: no limit)."""
    if capacity is None:
        return
    placed = Registration.objects.filter(edition_id=edition.pk).holding_places().count()
    if capacity < placed:
        raise RegistrationError(_placed_message(placed, capacity))


def check_quota(category, quota):
    """Refuse a category quota below the places its people already hold (None: no limit)."""
    if quota is None or category.pk is None:
        return
    placed = category.registrations.holding_places().count()
    if quota < placed:
        raise RegistrationError(_placed_message(placed, quota))


def fits(unit, left, quotas):
    if left is not None and len(unit) > left:
        return False
    needed = Counter(member.category_id for member in unit)
    return all(quotas.get(category, count) >= count for category, count in needed.items())


def _status_with_place(member):
    if member.category.needs_approval:
        return Registration.Status.PENDING_APPROVAL
    return Registration.Status.CONFIRMED


def place(edition, unit):
    """Give the unit its places, or put it on the waiting list together. Returns new status."""
    left, quotas = free_places(edition)
    now = timezone.now()
    if fits(unit, left, quotas):
        for member in unit:
            member.status = _status_with_place(member)
            member.waiting_since = None
    else:
        for member in unit:
            member.status = Registration.Status.WAITING
            member.waiting_since = now
    for member in unit:
        member.save(update_fields=["status", "waiting_since", "modified"])
    logger.info(
        "edition %s: %s placed as %s",
        edition.number,
        ", ".join(str(m.pk) for m in unit),
        unit[0].status if unit else "-",
    )
    return unit[0].status if unit else None


def waiting_units(edition):
    """The waiting list, first come first served, each delegation as one unit."""
    units, by_delegation = [], {}
    waiting = Registration.objects.filter(edition_id=edition.pk).waiting()
    for registration in waiting.select_related("category"):
        if registration.delegation_id is None:
            units.append([registration])
        elif registration.delegation_id in by_delegation:
            by_delegation[registration.delegation_id].append(registration)
        else:
            by_delegation[registration.delegation_id] = [registration]
            units.append(by_delegation[registration.delegation_id])
    return units


def promote(edition):
    """Give freed places to the waiting list, in order; return the registrations promoted.

    A unit that does not fit (a delegation larger than the places left, a full category)
    keeps its position and the next ones are tried: a freed place never stays empty while
    someone who fits is waiting.
    """
    promoted = []
    left, quotas = free_places(edition)
    for unit in waiting_units(edition):
        if left is not None and left <= 0:
            break
        if not fits(unit, left, quotas):
            continue
        for member in unit:
            member.status = _status_with_place(member)
            member.waiting_since = None
            member.save(update_fields=["status", "waiting_since", "modified"])
            if member.category_id in quotas:
                quotas[member.category_id] -= 1
        if left is not None:
            left -= len(unit)
        promoted.extend(unit)
    if promoted:
        logger.info(
            "edition %s: promoted from the waiting list: %s",
            edition.number,
            ", ".join(str(m.pk) for m in promoted),
        )
    return promoted
