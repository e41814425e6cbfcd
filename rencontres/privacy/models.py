"""Consents with the text each one was given for, erasure requests and each organiser's
retention periods and privacy notice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consent(models.TextChoices):
    """What a participant agrees to; the first four are fields of Registration."""

    DATA = "data", _("Processing of personal data to organise the meeting")
    IMAGE = "image", _("Photos and videos")
    DIRECTORY = "directory", _("Participants' directory")
    EXHIBITOR = "exhibitor", _("Sharing details with exhibitors")
    INFORMATION = "information", _("Information mails")


class ConsentText(models.Model):
    """A version of the text a consent is asked with. A new wording is a new version: what
    someone agreed to stays readable as it was."""

    kind = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text of the consent"))
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="consent_text_version")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class ConsentRecord(models.Model):
    """One consent given or withdrawn, with the version of its text: the history."""

    class Source(models.TextChoices):
        REGISTRATION = "registration", _("Registration form")
        PERSONAL_SPACE = "personal_space", _("Personal space")
        UNSUBSCRIBE_LINK = "unsubscribe", _("Unsubscribe link")

    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    given = models.BooleanField(_("given"))
    text = models.ForeignKey(
        ConsentText,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("text of the consent"),
    )
    source = models.CharField(_("from"), max_length=20, choices=Source.choices)
    at = models.DateTimeField(_("on"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent given or withdrawn")
        verbose_name_plural = _("consents given or withdrawn")
        ordering = ["registration", "-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {_('given') if self.given else _('withdrawn')}"


class ErasureRequest(models.Model):
    """A participant's request to be erased, processed by an organiser at once or on a date
    (the end of the event), or by the retention task."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done: anonymised")

    class Origin(models.TextChoices):
        PARTICIPANT = "participant", _("The participant")
        RETENTION = "retention", _("Retention period")

    registration = models.OneToOneField(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="erasure",
        verbose_name=_("registration"),
    )
    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    origin = models.CharField(
        _("asked by"), max_length=12, choices=Origin.choices, default=Origin.PARTICIPANT
    )
    scheduled_for = models.DateField(_("to process on"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed on"), null=True, blank=True)
    processed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("processed by"),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["status", "requested_at"]
        permissions = [("process_erasure", _("Can process erasure requests (anonymise people)"))]

    def __str__(self):
        return str(self.registration)


class PrivacySettings(models.Model):
    """An organiser's retention periods, privacy notice and data protection officer."""

    organiser = models.OneToOneField(
        "editions.Organiser",
        on_delete=models.CASCADE,
        related_name="privacy_settings",
        verbose_name=_("organiser"),
    )
    passport_days = models.PositiveSmallIntegerField(
        _("passport data deleted after (days)"),
        default=30,
        help_text=_("Days after the last day of the edition."),
    )
    anonymise_months = models.PositiveSmallIntegerField(
        _("participants anonymised after (months)"),
        default=12,
        help_text=_("Months after the last day of the edition."),
    )
    mail_months = models.PositiveSmallIntegerField(
        _("bodies of mails deleted after (months)"),
        default=6,
        help_text=_("Months after the last day of the edition."),
    )
    dpo = models.TextField(
        _("data protection officer"),
        blank=True,
        help_text=_("Name or service, postal address and e-mail to write to."),
    )
    notice = models.TextField(
        _("privacy notice, organiser's part"),
        blank=True,
        help_text=_(
            "Added to the default notice: other purposes, recipients or processors of yours."
        ),
    )

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")
        permissions = [
            ("export_register", _("Can export the register of processing activities")),
            ("view_retention", _("Can see what the retention periods will erase")),
        ]

    def __str__(self):
        return str(self.organiser)
