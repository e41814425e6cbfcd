"""Create the next edition by copying one: venue, partners, formats and texts, new dates."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils.translation import gettext as _

from ..models import Edition, Format, Partner

logger = logging.getLogger(__name__)

# Sent after the copy, so other apps copy what they own (the program, categories…):
# receivers get source, target and shift (a timedelta to add to the source's dates).
edition_copied = Signal()


class EditionCopyError(Exception):
    pass


def _shift(value, shift):
    return value + shift if value else None


def copy_row(instance, **overrides):
    """Save `instance` as a new row with `overrides` (for the apps' edition_copied receivers)."""
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for field, value in overrides.items():
        setattr(instance, field, value)
    instance.save()
    return instance


def _validation_message(error):
    return " ".join(message for messages in error.message_dict.values() for message in messages)


@transaction.atomic
def create_next_edition(source, start_date, end_date=None, *, number=None, **overrides):
    """A draft copy of `source` starting on `start_date`, numbered after the latest edition.

    The venue is shared; formats and partners are copied; registration dates keep their
    distance from the first day. Anything else (status, is_demo, texts) can be overridden
    by keyword. Raises EditionCopyError with a translated message.
    """
    # Locking the source serialises two organisers copying it at the same time (on SQLite
    # the IMMEDIATE transaction already does); the unique number is the final guard.
    source = Edition.objects.select_for_update().get(pk=source.pk)
    if end_date is None:
        end_date = start_date + (source.end_date - source.start_date)
    if end_date < start_date:
        raise EditionCopyError(_("The edition cannot end before it starts."))
    number = number or (Edition.objects.aggregate(latest=Max("number"))["latest"] or 0) + 1
    if Edition.objects.filter(number=number).exists():
        raise EditionCopyError(
            _("An edition numbered %(number)s already exists.") % {"number": number}
        )
    shift = start_date - source.start_date
    formats = list(Format.objects.filter(edition=source))
    partners = list(Partner.objects.filter(edition=source))
    target = Edition.objects.get(pk=source.pk)
    fields = {
        "number": number,
        "start_date": start_date,
        "end_date": end_date,
        "status": Edition.Status.DRAFT,
        "registration_opens": _shift(source.registration_opens, shift),
        "registration_closes": _shift(source.registration_closes, shift),
        "hashtag": source.hashtag.replace(str(source.start_date.year), str(start_date.year)),
        # What happened at the source edition is not true of the next one.
        "honoured_country": "",
        "review_fr": "",
        "review_en": "",
    }
    fields.update(overrides)
    for field, value in fields.items():
        setattr(target, field, value)
    # A registration closing after a shorter edition ends, for example.
    try:
        target.clean()
    except ValidationError as error:
        raise EditionCopyError(_validation_message(error)) from error
    try:
        with transaction.atomic():
            target = copy_row(target)
    except IntegrityError as error:
        raise EditionCopyError(
            _("An edition numbered %(number)s already exists.") % {"number": number}
        ) from error
    for row in formats:
        copy_row(row, edition=target)
    for row in partners:
        copy_row(row, edition=target)
    edition_copied.send(sender=Edition, source=source, target=target, shift=shift)
    logger.info("edition %s created from edition %s", target.number, source.number)
    return target
