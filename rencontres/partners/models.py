"""The partners' area of an edition: partners' spaces, stands, side events and leads.

Partners themselves are `editions.Partner` (shown on the public site); a partner that gets a
space here may be an exhibitor, receive staff places, hold stands, propose side events and
collect leads. Partners never have accounts: they use a magic link, like participants.
"""

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencontres.editions.models import Edition, Partner
from rencontres.program.models import Session


def new_key():
    return secrets.token_urlsafe(16)


def new_staff_code():
    # Short enough to read out on the phone, long enough not to be guessed.
    return secrets.token_urlsafe(9)


class Area(models.Model):
    """One edition's partners' area: its floor plan, its room and its staff category."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="partners_area",
        verbose_name=_("edition"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    floor_plan = models.ImageField(
        _("floor plan"),
        upload_to="partners/plans/",
        blank=True,
        width_field="plan_width",
        height_field="plan_height",
        help_text=_("JPEG, PNG or WebP. Stands are placed on it by their position in percent."),
    )
    plan_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    plan_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    room = models.ForeignKey(
        "program.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room of the side events"),
        help_text=_("Accepted side events take place there."),
    )
    staff_category = models.ForeignKey(
        "registration.Category",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category of the partners' staff"),
        help_text=_("Empty: the category with the code “partner”, created when first needed."),
    )

    class Meta:
        verbose_name = _("partners' area")
        verbose_name_plural = _("partners' areas")

    def __str__(self):
        return str(_("Partners' area of the %(edition)s") % {"edition": self.edition})

    def clean(self):
        errors = {}
        if self.room_id and self.room.edition_id != self.edition_id:
            errors["room"] = _("This room belongs to another edition.")
        if self.staff_category_id and self.staff_category.edition_id != self.edition_id:
            errors["staff_category"] = _("This category belongs to another edition.")
        if errors:
            raise ValidationError(errors)


class PartnerSpace(models.Model):
    """What a partner manages itself through its link, and what the organiser gives it."""

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, related_name="space", verbose_name=_("partner")
    )
    is_exhibitor = models.BooleanField(
        _("exhibitor"), default=False, help_text=_("Has a stand and collects leads.")
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), help_text=_("The link to the partner's space is sent there.")
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for mails"), max_length=2, choices=Language.choices, default=Language.FR
    )
    staff_places = models.PositiveIntegerField(
        _("staff places"),
        default=0,
        help_text=_("How many of its staff the partner may register itself."),
    )
    staff_code = models.CharField(
        _("staff invitation code"), max_length=20, unique=True, default=new_staff_code
    )
    access_key = models.CharField(max_length=40, default=new_key, editable=False)

    class Meta:
        verbose_name = _("partner's space")
        verbose_name_plural = _("partners' spaces")
        ordering = ["partner__order", "partner__pk"]
        permissions = [
            ("send_link_partnerspace", _("Can send partners the link to their space")),
        ]

    def __str__(self):
        return self.partner.name

    @property
    def edition(self):
        return self.partner.edition


class PartnerStaff(models.Model):
    """A registration made through a partner's invitation: one of its staff places."""

    space = models.ForeignKey(
        PartnerSpace, on_delete=models.CASCADE, related_name="staff", verbose_name=_("partner")
    )
    registration = models.OneToOneField(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="partner_staff",
        verbose_name=_("registration"),
    )

    class Meta:
        verbose_name = _("partner's staff member")
        verbose_name_plural = _("partners' staff members")

    def __str__(self):
        return f"{self.registration.full_name} ({self.space})"


class Stand(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="stands", verbose_name=_("edition")
    )
    number = models.CharField(_("number"), max_length=20)
    size = models.CharField(
        _("size"), max_length=60, blank=True, help_text=_("For example: 3 × 2 m.")
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("In words, for those who do not see the plan: “left of the entrance”."),
    )
    x = models.DecimalField(
        _("position from the left (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    y = models.DecimalField(
        _("position from the top (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    space = models.ForeignKey(
        PartnerSpace,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stands",
        verbose_name=_("exhibitor"),
    )

    class Meta:
        verbose_name = _("stand")
        verbose_name_plural = _("stands")
        ordering = ["edition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="stand_number_unique")
        ]

    def __str__(self):
        return str(_("Stand %(number)s") % {"number": self.number})

    def clean(self):
        if self.space_id and self.edition_id and self.space.partner.edition_id != self.edition_id:
            raise ValidationError({"space": _("This partner belongs to another edition.")})


class SideEvent(models.Model):
    """A side event a partner proposes; once accepted it is a session of the program."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CHANGES = "changes", _("Changes asked")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    class Format(models.TextChoices):
        TALK = "talk", _("Talk or presentation")
        WORKSHOP = "workshop", _("Workshop")
        ROUND_TABLE = "round_table", _("Round table")
        DEMONSTRATION = "demonstration", _("Demonstration")
        NETWORKING = "networking", _("Networking moment")
        OTHER = "other", _("Other")

    space = models.ForeignKey(
        PartnerSpace,
        on_delete=models.CASCADE,
        related_name="side_events",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), max_length=3000)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    duration = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    expected_audience = models.PositiveIntegerField(
        _("expected audience"),
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text=_("How many people you expect."),
    )
    language = models.CharField(_("language"), max_length=5, choices=Session.Language.choices)
    preferred_times = models.TextField(
        _("preferred times"), max_length=1000, help_text=_("For example: Thursday morning.")
    )
    signup_wanted = models.BooleanField(
        _("participants sign up"), default=False, help_text=_("Places are limited.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    organiser_message = models.TextField(_("message from the organisers"), blank=True)
    session = models.OneToOneField(
        "program.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="side_event",
        verbose_name=_("session of the program"),
    )
    created = models.DateTimeField(_("proposed on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("side event")
        verbose_name_plural = _("side events")
        ordering = ["-created", "-pk"]
        permissions = [
            ("decide_sideevent", _("Can accept, refuse or ask for changes to side events")),
        ]

    def __str__(self):
        return self.title

    @property
    def editable(self):
        """The partner may change it until the organisers decide, or when they ask to."""
        return self.status in (self.Status.PROPOSED, self.Status.CHANGES)


class Lead(models.Model):
    """A visitor an exhibitor met at its stand, who agreed to share their details."""

    space = models.ForeignKey(
        PartnerSpace, on_delete=models.CASCADE, related_name="leads", verbose_name=_("exhibitor")
    )
    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="leads",
        verbose_name=_("visitor"),
    )
    created = models.DateTimeField(_("met on"), default=timezone.now)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["space", "registration"], name="lead_once_per_space")
        ]

    def __str__(self):
        return f"{self.registration.full_name} → {self.space}"
