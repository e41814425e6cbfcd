"""Organisers' API tokens and webhooks, with each delivery's log."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    READ_REGISTRATIONS = "registrations:read", _("Read registrations (and their sign-ups, mails)")
    WRITE_REGISTRATIONS = "registrations:write", _("Create and change registrations")
    WRITE_CHECKINS = "checkins:write", _("Record check-ins")
    READ_B2B = "b2b:read", _("Read B2B meetings")


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """Only a hash of the key is kept: the key is shown once, when the token is created."""

    organiser = models.ForeignKey(
        "editions.Organiser",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organiser"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “CRM”."))
    prefix = models.CharField(_("start of the key"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("permissions"), default=list)
    expires_at = models.DateTimeField(_("expires on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def allows(self, scope):
        return scope in self.scopes


class Event(models.TextChoices):
    REGISTRATION_CREATED = "registration.created", _("Registration created")
    REGISTRATION_CHANGED = "registration.changed", _("Registration changed")
    REGISTRATION_CANCELLED = "registration.cancelled", _("Registration cancelled or refused")
    PLACE_GIVEN = "place.given", _("Place given")
    CHECK_IN = "checkin.created", _("Check-in")
    TEST = "test", _("Test")


class Webhook(models.Model):
    organiser = models.ForeignKey(
        "editions.Organiser",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("organiser"),
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Shown to the organiser so that the receiver can check signatures.
    secret = models.CharField(_("signing secret"), max_length=64, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["pk"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will be tried again")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed for good")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created", "-pk"]
        default_permissions = ["view"]

    def __str__(self):
        return f"{self.event} → {self.webhook.url}"
