"""When a registration ends (registration's consequences registry): B2B requests and meetings.

Each open request (pending or accepted) the person is in loses them. When nobody of their
side is left, the request is withdrawn, and a published meeting of it is cancelled: its slot
goes to the organisers' list of freed meetings, and each person of the other side gets a
mail in their own language. When colleagues of their delegation remain on their side, the
request and its meeting go on without the person.

They leave the directory without anything to do here: only confirmed registrations are
listed (Profile.objects.listed).
"""

import logging

from django.db.models import Q

from ..models import FreedMeeting, Meeting, MeetingRequest
from .notify import tell
from .requests import OPEN, free_meeting
from .scheduling import _lock_settings

logger = logging.getLogger(__name__)


def withdraw(registrations, reason):
    ended = {r.pk for r in registrations}
    found = (
        MeetingRequest.objects.filter(status__in=OPEN)
        .filter(Q(party_a__in=ended) | Q(party_b__in=ended))
        .values_list("pk", flat=True)
        .distinct()
    )
    ids = sorted(set(found))
    if not ids:
        return
    # The same lock as publications and moves: they never interleave with this.
    _lock_settings(registrations[0].edition)
    requests = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status__in=OPEN)
        .select_related("edition")
        .prefetch_related("party_a", "party_b")
        .order_by("pk")
    )
    withdrawn = []
    for request in requests:
        sides = [list(request.party_a.all()), list(request.party_b.all())]
        if all(any(p.pk not in ended for p in side) for side in sides):
            request.party_a.remove(*[p for p in sides[0] if p.pk in ended])
            request.party_b.remove(*[p for p in sides[1] if p.pk in ended])
            continue
        withdrawn.append(request.pk)
        request.status = MeetingRequest.Status.CANCELLED
        request.save(update_fields=["status"])
        meeting = Meeting.objects.filter(request=request).first()
        if meeting is None:
            continue
        free_meeting(meeting, FreedMeeting.Reason.PLACE_ENDED, [*sides[0], *sides[1]])
        for side, other in ((sides[0], sides[1]), (sides[1], sides[0])):
            gone = [p for p in other if p.pk in ended]
            for person in side:
                if gone and person.pk not in ended:
                    tell(
                        person,
                        "meeting_cancelled",
                        meeting=meeting,
                        gone_names=", ".join(p.full_name for p in gone),
                        gone_count=len(gone),
                    )
    logger.info("registrations %s ended (%s): requests %s withdrawn", ended, reason, withdrawn)
