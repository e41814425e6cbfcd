"""The meeting slots of an edition: the program's B2B blocks cut into slots of fixed length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Slot:
    id: str  # local start time, minute precision: stable across runs and slot lengths
    start: datetime.datetime
    end: datetime.datetime

    def overlaps(self, start, end):
        return start < self.end and end > self.start


def slot_id(start):
    return timezone.localtime(start).strftime("%Y-%m-%dT%H:%M")


def merge_blocks(blocks):
    """Overlapping or touching (start, end) intervals merged, sorted by start."""
    merged = []
    for start, end in sorted(blocks):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def cut_blocks(blocks, minutes):
    """Slots of `minutes` in each block; a remainder shorter than a slot is left unused."""
    length = datetime.timedelta(minutes=minutes)
    slots = []
    for block_start, block_end in merge_blocks(blocks):
        start = block_start
        while start + length <= block_end:
            slots.append(Slot(slot_id(start), start, start + length))
            start += length
    return slots


def b2b_blocks(edition):
    from rencontres.program.models import Session

    return list(
        Session.objects.filter(edition=edition, kind=Session.Kind.B2B).values_list("start", "end")
    )


def edition_slots(edition, settings=None):
    from .settings import settings_for

    settings = settings or settings_for(edition)
    return cut_blocks(b2b_blocks(edition), settings.slot_minutes)
