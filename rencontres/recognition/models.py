"""The label "Territoires unis et solidaires face aux crises" (call, applications, jury,
laureates), the honoured country and the acknowledgements of a ceremony."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rencontres.core.uploads import PrivateStorage, random_name

SCORE_MAX = 10


def _access_key():
    return secrets.token_urlsafe(24)


def _document_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return random_name("label", extension)


class LabelCall(models.Model):
    """An edition's call for applications to the label."""

    edition = models.OneToOneField(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="label_call",
        verbose_name=_("edition"),
    )
    title = models.CharField(_("title of the label"), max_length=300)
    rules = models.TextField(_("rules"), blank=True)
    documents_required = models.TextField(
        _("documents required"),
        blank=True,
        help_text=_("What applicants must attach, one document per line."),
    )
    opens = models.DateField(_("applications open on"), null=True, blank=True)
    closes = models.DateField(
        _("applications close on"),
        null=True,
        blank=True,
        help_text=_("Last day on which applications can be sent, completed or withdrawn."),
    )
    published_at = models.DateTimeField(_("results published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("label call")
        verbose_name_plural = _("label calls")
        ordering = ["-edition__start_date"]
        permissions = [
            ("rank_applications", "Can see the ranking of label applications"),
            ("award_label", "Can choose laureates and publish the label's results"),
            ("invite_jury", "Can invite jury members of the label"),
        ]

    def __str__(self):
        return f"{self.title} ({self.edition})"

    def clean(self):
        if self.opens and self.closes and self.closes < self.opens:
            raise ValidationError({"closes": _("Applications cannot close before they open.")})

    def state(self, today=None):
        """'not_yet', 'open' or 'closed' (a call without dates is not open yet)."""
        today = today or timezone.localdate()
        if self.closes and today > self.closes:
            return "closed"
        if self.opens is None or self.closes is None or today < self.opens:
            return "not_yet"
        return "open"

    @property
    def is_open(self):
        return self.state() == "open"

    @property
    def document_lines(self):
        return [line.strip() for line in self.documents_required.splitlines() if line.strip()]


class Criterion(models.Model):
    call = models.ForeignKey(LabelCall, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class CallQuestion(models.Model):
    call = models.ForeignKey(LabelCall, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question of the call")
        verbose_name_plural = _("questions of the call")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Award(models.TextChoices):
        NONE = "", _("Not selected")
        LAUREATE = "laureate", _("Laureate")
        MENTION = "mention", _("Mention")

    call = models.ForeignKey(
        LabelCall, on_delete=models.CASCADE, related_name="applications", verbose_name=_("call")
    )
    authority = models.CharField(_("local authority"), max_length=200)
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    elected_official = models.CharField(
        _("elected official in charge"),
        max_length=200,
        help_text=_(
            "Name and function, e.g. Jeanne Martin, deputy mayor for international action."
        ),
    )
    language = models.CharField(
        _("language of the mails"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    project_title = models.CharField(_("title of the project"), max_length=300)
    partners_abroad = models.TextField(_("partners abroad"), max_length=2000)
    crisis = models.TextField(_("crisis addressed"), max_length=4000)
    results = models.TextField(_("results"), max_length=4000)
    # {question pk (str): answer}: questions are few and read with the application.
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    award = models.CharField(_("distinction"), max_length=20, choices=Award.choices, blank=True)
    access_key = models.CharField(max_length=64, default=_access_key, editable=False)
    submitted_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    modified = models.DateTimeField(_("modified on"), auto_now=True)

    class Meta:
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")
        ordering = ["submitted_at", "pk"]
        permissions = [("download_documents", "Can download the documents of applications")]

    def __str__(self):
        return f"{self.reference} — {self.authority} — {self.project_title}"

    @property
    def reference(self):
        return f"L{self.call.edition.number}-{self.pk:03d}"

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    def answer_list(self):
        """[(question, answer)…] in the call's order."""
        return [
            (question, self.answers.get(str(question.pk), ""))
            for question in self.call.questions.all()
        ]


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    # Private: served only to the applicant (their link), jurors without conflict, organisers.
    file = models.FileField(
        _("file"), upload_to=_document_path, storage=PrivateStorage("recognition")
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded", "pk"]

    def __str__(self):
        return self.name


class Juror(models.Model):
    call = models.ForeignKey(
        LabelCall, on_delete=models.CASCADE, related_name="jurors", verbose_name=_("call")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="label_juries",
        verbose_name=_("account"),
    )
    authority = models.CharField(
        _("their local authority or organisation"), max_length=200, blank=True
    )
    country = CountryField(_("their country"), blank=True)
    conflicts = models.ManyToManyField(
        Application,
        blank=True,
        related_name="conflicted_jurors",
        verbose_name=_("declared conflicts of interest"),
    )
    conflicts_declared_at = models.DateTimeField(_("conflicts declared on"), null=True, blank=True)
    invited_at = models.DateTimeField(_("invited on"), auto_now_add=True)

    class Meta:
        verbose_name = _("jury member")
        verbose_name_plural = _("jury members")
        ordering = ["user__last_name", "user__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="juror_once_per_call")]

    def __str__(self):
        return self.user.get_full_name() or self.user.username


class Review(models.Model):
    """A juror's scores and comment on one application."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="reviews")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    comment = models.TextField(_("comment"), blank=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["juror", "application"], name="review_once_per_juror")
        ]
        permissions = [("score_application", "Can score label applications (jury)")]

    def __str__(self):
        return f"{self.juror} — {self.application.reference}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class HonouredCountry(models.Model):
    """What the public page of the edition's honoured country (Edition.honoured_country) shows
    beside the country itself."""

    edition = models.OneToOneField(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="honoured_country_page",
        verbose_name=_("edition"),
    )
    institutions = models.TextField(
        _("institutions representing the country"), blank=True, help_text=_("One per line.")
    )
    plenary = models.ForeignKey(
        "program.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plenary in the program"),
    )
    partners = models.ManyToManyField(
        "editions.Partner",
        blank=True,
        related_name="+",
        verbose_name=_("partners from the country"),
    )
    look_back = models.TextField(_("looking back"), blank=True)

    class Meta:
        verbose_name = _("honoured country")
        verbose_name_plural = _("honoured countries")
        permissions = [
            ("give_b2b_priority", "Can give the honoured country's delegations a B2B priority")
        ]

    def __str__(self):
        return f"{self.edition.honoured_country.name or '—'} ({self.edition})"

    @property
    def institution_lines(self):
        return [line.strip() for line in self.institutions.splitlines() if line.strip()]


class Acknowledgement(models.Model):
    """Local authorities thanked at a ceremony (the "Relais de la coop déc'" in 2025)."""

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="acknowledgements",
        verbose_name=_("edition"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    session = models.ForeignKey(
        "program.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ceremony in the program"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class ThankedAuthority(models.Model):
    acknowledgement = models.ForeignKey(
        Acknowledgement, on_delete=models.CASCADE, related_name="authorities"
    )
    name = models.CharField(_("local authority"), max_length=200)
    country = CountryField(_("country"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("local authority thanked")
        verbose_name_plural = _("local authorities thanked")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name
