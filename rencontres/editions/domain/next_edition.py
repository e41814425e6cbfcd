"""Create the next edition by copying one: venue, partners, formats and texts, new dates."""

import datetime
import logging

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..models import Edition, Format, Partner

logger = logging.getLogger(__name__)

# Sent after the copy, so other apps copy what they own (the program, categories…):
# receivers get source, target and shift (a timedelta to add to the source's datetimes).
edition_copied = Signal()


class EditionCopyError(Exception):
    pass


def _shift(value, shift):
    return value + shift if value else None


def _copy_row(instance, **overrides):
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for field, value in overrides.items():
        setattr(instance, field, value)
    instance.save()
    return instance


@transaction.atomic
def create_next_edition(source, start_date, end_date=None, *, number=None, **overrides):
    """A draft copy of `source` starting on `start_date`.

    Registration dates keep their distance from the first day. Everything else (status,
    is_demo, texts) can be overridden by keyword.
    """
    if end_date is None:
        end_date = start_date + (source.end_date - source.start_date)
    if end_date < start_date:
        raise EditionCopyError(_("The edition cannot end before it starts."))
    number = number or (Edition.objects.order_by("-number").values_list("number", flat=True)[0] + 1)
    if Edition.objects.filter(number=number).exists():
        raise EditionCopyError(
            _("An edition numbered %(number)s already exists.") % {"number": number}
        )
    shift = start_date - source.start_date
    source_id = source.pk
    formats = list(Format.objects.filter(edition_id=source_id))
    partners = list(Partner.objects.filter(edition_id=source_id))
    target = Edition.objects.get(pk=source_id)
    fields = {
        "number": number,
        "start_date": start_date,
        "end_date": end_date,
        "status": Edition.Status.DRAFT,
        "registration_opens": _shift(target.registration_opens, shift),
        "registration_closes": _shift(target.registration_closes, shift),
        "hashtag": target.hashtag.replace(str(source.start_date.year), str(start_date.year)),
        "honoured_country": "",
        "created": None,
    }
    fields.update(overrides)
    target = _copy_row(target, **fields)
    for row in formats:
        _copy_row(row, edition=target)
    for row in partners:
        _copy_row(row, edition=target)
    edition_copied.send(
        sender=Edition,
        source=Edition.objects.get(pk=source_id),
        target=target,
        shift=datetime.timedelta(days=shift.days),
    )
    logger.info("edition %s created from edition %s", target.number, source.number)
    return target
