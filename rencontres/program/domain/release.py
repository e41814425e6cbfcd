"""When a registration ends (registration's consequences registry): its sessions and Cafés.

Each session place or waiting-list entry is cancelled exactly as if the person had cancelled
it (signup.cancel: the next person waiting is promoted and mailed); places in sessions that
have already started are simply released, since nobody can be promoted into them any more.
Waiting-list entries go first, so that a place freed by one ended person is never handed to
another person ending in the same change.
"""

import logging

from django.utils import timezone

from ..models import Attendance, CafeChoice, CafePlacement
from .signup import cancel

logger = logging.getLogger(__name__)


def release_places(registrations, reason):
    now = timezone.now()
    ids = [r.pk for r in registrations]
    attendances = list(
        Attendance.objects.filter(registration_id__in=ids)
        .select_related("session", "registration")
        .order_by("session__start", "pk")
    )
    waiting_first = sorted(attendances, key=lambda a: a.status != Attendance.Status.WAITING)
    for attendance in waiting_first:
        if attendance.session.start > now:
            cancel(attendance.registration, attendance.session, now=now)
        else:
            attendance.delete()
    choices, _ = CafeChoice.objects.filter(registration_id__in=ids).delete()
    placements, _ = CafePlacement.objects.filter(registration_id__in=ids).delete()
    logger.info(
        "registrations %s ended (%s): %s sessions, %s café choices, %s café placements released",
        ids,
        reason,
        len(attendances),
        choices,
        placements,
    )
