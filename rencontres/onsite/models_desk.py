"""The on-site desk's mark on a registration made at the door (imported by models.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class WalkIn(models.Model):
    """A person registered at the on-site desk on the event day (the "registered on site" mark)."""

    registration = models.OneToOneField(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="walk_in",
        verbose_name=_("registration"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created = models.DateTimeField(_("registered on site at"), default=timezone.now)

    class Meta:
        app_label = "onsite"
        verbose_name = _("registration on site")
        verbose_name_plural = _("registrations on site")

    def __str__(self):
        return str(self.registration)
