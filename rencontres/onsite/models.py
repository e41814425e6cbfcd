"""The event day: badges and their QR codes, scanning devices, check-ins."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BadgeSettings(models.Model):
    """Per-edition settings of the event day."""

    class Layout(models.TextChoices):
        A6 = "a6", _("A6, one badge per page (badge printer)")
        A4 = "a4", _("A4 sheets of four badges with cut marks")

    edition = models.OneToOneField(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="badge_settings",
        verbose_name=_("edition"),
    )
    layout = models.CharField(
        _("badge layout"), max_length=2, choices=Layout.choices, default=Layout.A6
    )

    class Meta:
        verbose_name = _("badge settings")
        verbose_name_plural = _("badge settings")
        permissions = [
            ("print_badges", "Can print badges"),
            ("check_in", "Can check participants in"),
            ("send_certificates", "Can send certificates of attendance"),
        ]

    def __str__(self):
        return str(self.edition)


colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # followed by six hexadecimal digits: #1f6feb.")
)


class CategoryColour(models.Model):
    """The colour of a registration category's band on the badges."""

    category = models.OneToOneField(
        "registration.Category",
        on_delete=models.CASCADE,
        related_name="badge_colour",
        verbose_name=_("category"),
    )
    colour = models.CharField(
        _("colour"), max_length=7, validators=[colour_validator], help_text="#1f6feb"
    )

    class Meta:
        verbose_name = _("category colour")
        verbose_name_plural = _("category colours")

    def __str__(self):
        return f"{self.category}: {self.colour}"


class Badge(models.Model):
    """A printed badge. Only a hash of its QR token is stored, so the database cannot print it."""

    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="badges",
        verbose_name=_("registration"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created on"), default=timezone.now)
    printed_at = models.DateTimeField(_("printed on"), null=True, blank=True)
    # A reprint revokes the previous badge: its QR code stops opening the person.
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return str(self.registration)

    @property
    def is_live(self):
        return self.revoked_at is None


class Device(models.Model):
    """A phone or tablet that scans badges at a door."""

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="devices",
        verbose_name=_("edition"),
    )
    name = models.CharField(_("name"), max_length=80, help_text=_("For example: Main entrance."))
    created = models.DateTimeField(_("created on"), default=timezone.now)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("scanning device")
        verbose_name_plural = _("scanning devices")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class CheckIn(models.Model):
    """A person's arrival at the event (session empty) or at a session's door."""

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("edition"),
    )
    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("registration"),
    )
    session = models.ForeignKey(
        "program.Session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("session"),
    )
    device = models.ForeignKey(
        Device,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("device"),
    )
    badge = models.ForeignKey(
        Badge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("badge"),
    )
    # Chosen by the device: a retried sync never counts twice.
    client_id = models.UUIDField(unique=True)
    # The device's clock, clamped; when two scans compete, the earliest wins.
    scanned_at = models.DateTimeField(_("scanned at"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-scanned_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(session=None),
                name="one_entrance_check_in",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"], name="one_session_check_in"
            ),
        ]
        indexes = [models.Index(fields=["edition", "session", "scanned_at"])]

    def __str__(self):
        return f"{self.registration} — {self.scanned_at:%Y-%m-%d %H:%M}"


from .models_desk import WalkIn  # noqa: E402, F401
