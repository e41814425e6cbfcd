"""Slots a participant marks as busy, beside the program sessions they attend."""

from django.db import transaction

from ..models import BusyMark
from .instance import program_busy
from .slots import edition_slots


def slot_status(registration, slots=None):
    """[(slot, busy mark set?, taken by a session?)] for the person's edition."""
    slots = edition_slots(registration.edition) if slots is None else slots
    marks = list(BusyMark.objects.filter(registration=registration))
    sessions = program_busy(registration)
    return [
        (
            slot,
            any(slot.overlaps(m.start, m.end) for m in marks),
            any(slot.overlaps(start, end) for start, end in sessions),
        )
        for slot in slots
    ]


@transaction.atomic
def set_busy(registration, slot_ids):
    """The person is busy exactly in `slot_ids` among the edition's slots."""
    slots = edition_slots(registration.edition)
    wanted = {s.id for s in slots} & set(slot_ids)
    marks = BusyMark.objects.filter(registration=registration)
    for slot in slots:
        overlapping = [m for m in marks if slot.overlaps(m.start, m.end)]
        if slot.id in wanted and not overlapping:
            BusyMark.objects.create(registration=registration, start=slot.start, end=slot.end)
        elif slot.id not in wanted:
            BusyMark.objects.filter(pk__in=[m.pk for m in overlapping]).delete()
