"""Who must confirm their login with a code from an authenticator app (TOTP, django-otp)."""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from rencontres.core.roles import ORGANISER_ROLE


def required(user):
    """Superusers and full organisers always; other staff when STAFF_TWO_FACTOR_REQUIRED."""
    if not user.is_staff:
        return False
    return (
        user.is_superuser
        or settings.STAFF_TWO_FACTOR_REQUIRED
        or user.groups.filter(name=ORGANISER_ROLE).exists()
    )


def applies(user):
    """Whoever has set up an authenticator confirms with it, even when it is optional."""
    return user.is_authenticated and (required(user) or user_has_device(user))


def pending_device(user):
    """The authenticator being set up: the same key until it is confirmed by a code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def confirmed_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True)
