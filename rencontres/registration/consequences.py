"""What follows when a registration stops holding a place, and how other apps add to it.

A registration ends when the participant cancels it, an organiser cancels or refuses it, a
coordinator removes a member from their delegation, an organiser deletes it in the
back-office, or the person is erased (privacy app) before the event is over. Every one
of these goes through `place_ended(registrations, reason=…)`, which runs the consequences
registered with `on_place_ended(func)`: `func(registrations, reason)` releases what those people held in its app (session places
and waiting lists, Cafés, B2B requests and meetings, visa letter) and tells whoever gains or
loses something by it.

Failure policy: consequences run in the caller's transaction, in the order they were
registered, and an exception is not caught. A consequence that fails rolls the ending back
with everything else, and the organiser or participant sees the error: the apps never
disagree about who holds a place (unlike the agenda's sources, where a failing source is
only left out of a page). Mails are queued in the same transaction, so nobody is told of a
change that did not happen.

`reason` is one of REASONS. The status of the registrations is already changed when the
consequences run (cancelled or refused; for a deletion, the row still exists until they
have run). Organisers' endings are recorded in the audit trail by whoever decides them (the
back-office actions, `domain.deletion`), in the same transaction.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)

CONSEQUENCES = []

REASONS = ("cancelled", "cancelled_by_organiser", "refused", "member_removed", "deleted", "erased")


def on_place_ended(func):
    """Register a consequence of a registration ending; usable as a decorator."""
    if func not in CONSEQUENCES:
        CONSEQUENCES.append(func)
    return func


def place_ended(registrations, *, reason):
    """Run every app's consequences for `registrations`, which no longer hold a place."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    registrations = list(registrations)
    if not registrations:
        return
    with transaction.atomic():
        for consequence in CONSEQUENCES:
            consequence(registrations, reason)
    logger.info(
        "place ended (%s) for %s: %s consequences run",
        reason,
        ", ".join(str(r.pk) for r in registrations),
        len(CONSEQUENCES),
    )
