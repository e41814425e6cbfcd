"""Messages that organisers write to a group of participants, kept as the edition's history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rencontres.core.uploads import PrivateStorage


def attachments_storage():
    # Attachments go to participants only, in their mails: the private storage of
    # core.uploads (PRIVATE_ROOT/messaging), which no URL serves.
    return PrivateStorage("messaging")


class Message(models.Model):
    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information (people may unsubscribe)")
        REGISTRATION = "registration", _("Needed for the registration (always sent)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Handed to the mail queue")

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("edition"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION
    )
    subject_fr = models.CharField(_("subject in French"), max_length=200, blank=True)
    body_fr = models.TextField(_("text in French"), blank=True)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    segment = models.JSONField(_("recipients' filters"), default=dict, blank=True)
    attachment = models.FileField(
        _("attachment (PDF, 5 MB at most)"),
        storage=attachments_storage,
        upload_to="%Y/%m/",
        blank=True,
    )
    scheduled_at = models.DateTimeField(
        _("send at"), null=True, blank=True, help_text=_("Empty: sent as soon as you click Send.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True)
    queued_at = models.DateTimeField(_("handed to the mail queue on"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created", "-pk"]
        permissions = [("send_message", "Can send messages to participants")]

    def __str__(self):
        return self.subject_fr or self.subject_en or str(_("(no subject)"))

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class Delivery(models.Model):
    """Which logged mail carried a message to which participant (the delivery report)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    mail = models.OneToOneField("comms.Mail", on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(
        "registration.Registration", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.message} → {self.mail.to}"


class Unsubscription(models.Model):
    """An address that asked for no more information messages of this edition."""

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="+", verbose_name=_("edition")
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscription")
        verbose_name_plural = _("unsubscriptions")
        constraints = [
            models.UniqueConstraint(fields=["edition", "email"], name="unsubscription_once")
        ]

    def __str__(self):
        return self.email


class Survey(models.Model):
    """The satisfaction survey of an edition, answered from the personal space after it."""

    edition = models.OneToOneField(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="survey",
        verbose_name=_("edition"),
    )
    intro_fr = models.TextField(_("introduction in French"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    is_open = models.BooleanField(
        _("open to answers"),
        default=False,
        help_text=_("Open it after the event, then send the invitation message."),
    )
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=False,
        help_text=_("Answers are kept without the name of who gave them (one answer each still)."),
    )
    rate_sessions = models.BooleanField(_("a rating for each session attended"), default=True)

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        permissions = [("export_survey", "Can export the comments of a survey")]

    def __str__(self):
        return str(self.edition)


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating from 1 to 5")
        CHOICE = "choice", _("One choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    label_fr = models.CharField(_("question in French"), max_length=300)
    label_en = models.CharField(_("question in English"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATING)
    choices_fr = models.TextField(_("choices in French, one a line"), blank=True)
    choices_en = models.TextField(_("choices in English, one a line, same order"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label_fr


class SurveyResponse(models.Model):
    """One person's answers. `respondent` is a keyed hash of the registration, so that each
    person answers once even when the survey is anonymous (then `registration` stays empty)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=64)
    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    language = models.CharField(_("language"), max_length=2)
    overall = models.PositiveSmallIntegerField(_("overall rating"))
    answers = models.JSONField(_("answers"), default=dict)
    session_ratings = models.JSONField(_("ratings of sessions"), default=dict)
    created = models.DateTimeField(_("answered on"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "respondent"], name="survey_answer_once")
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class AutomaticMail(models.Model):
    """An organiser's own text for one of the platform's automatic mails, for one edition.
    Without one (or without a version in a language), the default text of the templates and
    translation catalogs goes."""

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="automatic_mails",
        verbose_name=_("edition"),
    )
    key = models.CharField(_("mail"), max_length=80)
    subject_fr = models.CharField(_("subject in French"), max_length=200, blank=True)
    body_fr = models.TextField(_("text in French"), blank=True)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    modified = models.DateTimeField(_("modified on"), auto_now=True)

    class Meta:
        verbose_name = _("automatic mail")
        verbose_name_plural = _("automatic mails")
        ordering = ["edition", "key"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "key"], name="automatic_mail_once")
        ]

    def __str__(self):
        from .domain.automatic import label

        return str(label(self.key))
