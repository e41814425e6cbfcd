"""Visa invitation letters: requested by the participant, validated by an organiser."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notify
from ..models import Registration, VisaRequest
from . import RegistrationError

logger = logging.getLogger(__name__)


def can_request(registration):
    """Foreign participants (from another country than the venue's) with a confirmed place:
    a letter is worth nothing to someone waiting or awaiting approval."""
    venue = registration.edition.venue
    foreign = venue is None or registration.country != venue.country
    return foreign and registration.status == Registration.Status.CONFIRMED


@transaction.atomic
def request_letter(registration, data):
    """Create or update the request; a change after a decision asks for a new decision."""
    if not can_request(registration):
        raise RegistrationError(_("A visa letter can be asked for only with a confirmed place."))
    visa = VisaRequest.objects.select_for_update().filter(registration=registration).first()
    visa = visa or VisaRequest(registration=registration)
    for field, value in data.items():
        setattr(visa, field, value)
    visa.status = VisaRequest.Status.REQUESTED
    visa.decided_at = None
    visa.save()
    logger.info("visa letter requested for registration %s", registration.pk)
    return visa


@transaction.atomic
def decide(visa, *, validated, note=""):
    visa = VisaRequest.objects.select_for_update().select_related("registration").get(pk=visa.pk)
    if validated and visa.registration.status != Registration.Status.CONFIRMED:
        raise RegistrationError(
            _("A letter can be validated only for a confirmed place (this one is: %(status)s).")
            % {"status": visa.registration.get_status_display()}
        )
    visa.status = VisaRequest.Status.VALIDATED if validated else VisaRequest.Status.REFUSED
    visa.organiser_note = note or visa.organiser_note
    visa.decided_at = timezone.now()
    visa.save()
    notify.send_visa_decision(visa)
    logger.info("visa letter %s %s", visa.pk, visa.status)
    return visa


def withdraw_letters(registrations, reason):
    """A registration that ends loses its letter, validated or not (consequences registry):
    organisers see it withdrawn in the visa list, and the participant can no longer get it."""
    withdrawn = VisaRequest.objects.filter(
        registration__in=registrations,
        status__in=[VisaRequest.Status.REQUESTED, VisaRequest.Status.VALIDATED],
    ).update(status=VisaRequest.Status.WITHDRAWN, modified=timezone.now())
    if withdrawn:
        logger.info("visa letters of %s withdrawn (%s)", [r.pk for r in registrations], reason)
