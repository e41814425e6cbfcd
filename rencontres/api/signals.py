"""Which changes become webhook events. Signals rather than calls in each domain function:
every path that saves a registration (form, back-office, API, imports, promotions) is
covered, including those written later. Events are queued in the saving transaction."""

from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from rencontres.onsite.models import CheckIn
from rencontres.registration.models import Registration

from .domain.webhooks import emit
from .models import Event

PLACED = (Registration.Status.CONFIRMED,)
WAITING = (Registration.Status.WAITING, Registration.Status.PENDING_APPROVAL)


def registration_data(registration):
    from .schemas import RegistrationOut

    return RegistrationOut.from_orm(registration).model_dump(mode="json")


@receiver(post_init, sender=Registration)
def _remember_status(sender, instance, **kwargs):
    instance._status_loaded = instance.status


def _event(instance, created):
    before, now = instance._status_loaded, instance.status
    if created:
        return Event.REGISTRATION_CREATED
    if now in Registration.ENDED and before not in Registration.ENDED:
        return Event.REGISTRATION_CANCELLED
    if now in PLACED and before in WAITING:
        return Event.PLACE_GIVEN
    return Event.REGISTRATION_CHANGED


@receiver(post_save, sender=Registration)
def _registration_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # fixtures
        return
    event = _event(instance, created)
    instance._status_loaded = instance.status
    organiser_id = instance.edition.organiser_id
    emit(organiser_id, event, lambda: registration_data(instance))


@receiver(post_save, sender=CheckIn)
def _checked_in(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        emit(
            instance.edition.organiser_id,
            Event.CHECK_IN,
            {
                "id": instance.pk,
                "registration": instance.registration_id,
                "session": instance.session_id,
                "scanned_at": instance.scanned_at.isoformat(),
            },
        )
