"""Deleting a registration in the back-office: its place ends first, like any other ending.

The row goes (its mail log stays, unlinked), but only after the consequences have run and
the waiting list has been promoted: a deletion never leaves a seat, a meeting
or a place empty while someone waits for it. The audit trail keeps who deleted whom.
"""

import logging

from django.db import transaction

from rencontres.audit.log import record

from ..consequences import place_ended
from ..models import Registration
from .places import lock_edition
from .registering import _promote_and_tell

logger = logging.getLogger(__name__)


@transaction.atomic
def delete(registration, *, actor=None):
    edition = lock_edition(registration.edition_id)
    registration = Registration.objects.select_related("edition").get(pk=registration.pk)
    pk = registration.pk
    if registration.is_active:
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status"])
    # Harmless for a registration already ended: nothing is left to release.
    place_ended([registration], reason="deleted")
    record(actor, "registration.delete", target=registration)
    registration.delete()
    _promote_and_tell(edition)
    logger.info("edition %s: registration %s deleted", edition.number, pk)
