"""Who comes to an edition: categories, custom questions, registrations, delegations, visas."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rencontres.editions.models import Edition


def new_access_key():
    return secrets.token_urlsafe(16)


class RegistrationSettings(models.Model):
    """Per-edition registration settings that the editions app does not own."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="registration_settings",
        verbose_name=_("edition"),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places for the whole edition. Empty: no limit. Beyond it: waiting list."),
    )
    letter_signatory = models.CharField(
        _("signatory of visa letters"),
        max_length=200,
        blank=True,
        help_text=_("Name and title, for example: the director of the organiser."),
    )

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")

    def __str__(self):
        return str(self.edition)


class Category(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="categories", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=120)
    code = models.SlugField(_("code"), max_length=40)
    quota = models.PositiveIntegerField(
        _("quota"), null=True, blank=True, help_text=_("Empty: no limit for this category.")
    )
    needs_approval = models.BooleanField(
        _("needs approval"),
        default=False,
        help_text=_("An organiser approves or refuses each registration (for example: press)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    invitation_only = models.BooleanField(
        _("on invitation only"),
        default=False,
        help_text=_(
            "Not offered on the public form (for example: ministers, ambassadors): people "
            "join it by accepting an invitation."
        ),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="category_code_unique")
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    """A question an organiser adds to an edition's registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        DATE = "date", _("Date")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="questions", verbose_name=_("edition")
    )
    label = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    @property
    def field_name(self):
        return f"question_{self.pk}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("choice"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label


class Delegation(models.Model):
    """A group registered in one go by its coordinator; it gets its places all together."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"), blank=True)
    coordinator = models.ForeignKey(
        "Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_delegations",
        verbose_name=_("coordinator"),
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


# Statuses of a registration that no longer holds anything (see consequences.py); the
# model repeats it as Registration.ENDED for callers that have the model at hand.
ENDED = ("cancelled", "refused")


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status__in=ENDED)

    def holding_places(self):
        """Registrations that take a place: confirmed, or awaiting an organiser's decision."""
        return self.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.PENDING_APPROVAL]
        )

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING_EMAIL = "pending_email", _("E-mail address not confirmed yet")
        PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        REFUSED = "refused", _("Refused")

    ENDED = ENDED

    class Civility(models.TextChoices):
        MRS = "mrs", _("Mrs")
        MR = "mr", _("Mr")

    class Language(models.TextChoices):
        FR = "fr", "Français"
        EN = "en", "English"

    class OrganisationType(models.TextChoices):
        COMMUNE = "commune", _("Commune (municipality)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        INTERCOMMUNALITY = "intercommunality", _("Intercommunality")
        FOREIGN_AUTHORITY = "foreign_authority", _("Foreign local authority")
        ASSOCIATION = "association", _("Association or NGO")
        STATE = "state", _("State services")
        COMPANY = "company", _("Company")
        INTERNATIONAL = "international", _("International organisation")
        RESEARCH = "research", _("Research or education")
        PRESS = "press", _("Press")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("category")
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("delegation"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING_EMAIL,
        db_index=True,
    )
    civility = models.CharField(_("civility"), max_length=5, choices=Civility.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language for mails"), max_length=2, choices=Language.choices, default=Language.FR
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices, blank=True
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city or territory"), max_length=200, blank=True)
    languages_spoken = models.CharField(_("languages spoken"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    data_consent = models.BooleanField(_("consents to the processing of personal data"))
    image_consent = models.BooleanField(_("consents to photos and videos"), default=False)
    directory_consent = models.BooleanField(
        _("appears in the participants' directory"), default=False
    )
    # Read by the partners' lead retrieval: only then may an exhibitor get the visitor's details.
    exhibitor_consent = models.BooleanField(
        _("shares their details with exhibitors who scan their badge"), default=False
    )
    answers = models.JSONField(_("answers to the edition's questions"), default=dict, blank=True)
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed on"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    # Set by "give a place now": this place may exceed the capacity or the quota (the reason is
    # in the audit trail), so that checks can tell an allowed excess from a bug.
    over_limit = models.BooleanField(_("place given over the limit"), default=False, editable=False)
    created = models.DateTimeField(_("registered on"), auto_now_add=True)
    modified = models.DateTimeField(_("modified on"), auto_now=True)
    # Optional, from the personal space: the organisers count arrivals and departures per day.
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created", "-pk"]
        constraints = [
            # Only live registrations: someone cancelled or refused may register again, and
            # the old record stays in the history.
            models.UniqueConstraint(
                "edition",
                Lower("email"),
                condition=~models.Q(status__in=ENDED),
                name="registration_email_unique_per_edition",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status", "waiting_since"]),
            models.Index("edition", Lower("email"), name="registration_email_lookup"),
        ]
        permissions = [
            ("decide_registration", _("Can approve, refuse and cancel registrations")),
            ("export_registration", _("Can export registrations (personal data)")),
            ("give_place", _("Can give a place now, over the limits")),
            ("manage_confirmation", _("Can confirm addresses and resend confirmation mails")),
            ("manage_waiting_list", _("Can move people within the waiting lists")),
            ("reactivate_registration", _("Can reactivate a cancelled or refused registration")),
            ("revoke_links", "Can revoke personal links and calendar feeds"),
            ("send_link_registration", _("Can send the link to a personal space again")),
            ("arrivals_departures", "Can see arrivals and departures per day and export them"),
        ]

    def __str__(self):
        return f"{self.full_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_confirmed(self):
        return self.status == self.Status.CONFIRMED

    @property
    def is_active(self):
        return self.status not in self.ENDED

    @property
    def reference(self):
        """A short reference printed on the confirmation and quoted to the organisers."""
        return f"R{self.edition.number}-{self.pk:05d}"

    @property
    def is_coordinator(self):
        return bool(self.delegation_id) and self.delegation.coordinator_id == self.pk

    @property
    def awaits_own_confirmation(self):
        """A delegation member who has not confirmed their own address yet: their personal
        space stays closed until they do."""
        return (
            self.email_confirmed_at is None and bool(self.delegation_id) and not self.is_coordinator
        )

    @property
    def waiting_position(self):
        """1 for the next to get a place; None when not on the waiting list. A delegation
        waits as one: its members share their position."""
        if self.status != self.Status.WAITING or self.waiting_since is None:
            return None
        ahead = Registration.objects.filter(
            edition_id=self.edition_id, status=self.Status.WAITING
        ).filter(
            models.Q(waiting_since__lt=self.waiting_since)
            | models.Q(waiting_since=self.waiting_since, pk__lt=self.pk)
        )
        if self.delegation_id:
            ahead = ahead.exclude(delegation_id=self.delegation_id)
        groups = ahead.exclude(delegation=None).values("delegation_id").distinct().count()
        return ahead.filter(delegation=None).count() + groups + 1


class VisaRequest(models.Model):
    """A foreign participant's request for a visa invitation letter."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        VALIDATED = "validated", _("Validated")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn: the registration has ended")

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="visa_request",
        verbose_name=_("registration"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    name_in_passport = models.CharField(_("full name as in the passport"), max_length=200)
    nationality = CountryField(_("nationality"))
    date_of_birth = models.DateField(_("date of birth"))
    place_of_birth = models.CharField(_("place of birth"), max_length=200)
    passport_number = models.CharField(_("passport number"), max_length=40)
    passport_issued_on = models.DateField(_("passport issued on"))
    passport_expires_on = models.DateField(_("passport expires on"))
    consulate = models.CharField(
        _("embassy or consulate where you apply"), max_length=200, blank=True
    )
    letter_language = models.CharField(
        _("language of the letter"),
        max_length=2,
        choices=Registration.Language.choices,
        default=Registration.Language.FR,
    )
    organiser_note = models.TextField(_("note to the participant"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created = models.DateTimeField(_("requested on"), auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        ordering = ["-created"]
        permissions = [
            ("decide_visarequest", _("Can validate or refuse visa requests and read the letters")),
        ]

    def __str__(self):
        return f"{self.name_in_passport} ({self.passport_number})"


class Invitation(models.Model):
    """A personal invitation to an edition. The person accepts it through their link (a
    registration is made then, by the registration rules) or declines it. VIP details live
    here: the desk's list and the sessions' reserved seats read them through the
    registration it made."""

    class Status(models.TextChoices):
        SENT = "sent", _("Invited, not opened yet")
        OPENED = "opened", _("Opened, no answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    UNANSWERED = (Status.SENT, Status.OPENED)

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("edition")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("category")
    )
    email = models.EmailField(_("e-mail"), max_length=254)
    civility = models.CharField(
        _("civility"), max_length=5, choices=Registration.Civility.choices, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    language = models.CharField(
        _("language for mails"),
        max_length=2,
        choices=Registration.Language.choices,
        default=Registration.Language.FR,
    )
    # Other fields of the registration form, pre-filled for the person (organisation,
    # function, country…): names of Registration fields → values.
    prefill = models.JSONField(_("pre-filled answers"), default=dict, blank=True)
    form_of_address = models.CharField(
        _("form of address"),
        max_length=120,
        blank=True,
        help_text=_(
            "The salutation of the invitation, as protocol wants it, for example "
            "“Monsieur le Ministre”. Empty: “Dear first name last name”."
        ),
    )
    vip = models.BooleanField(
        _("VIP"),
        default=False,
        help_text=_(
            "On the welcome desk's VIP list; may take the seats reserved in plenaries, as "
            "may their accompanying persons."
        ),
    )
    protocol_notes = models.TextField(
        _("protocol notes"),
        blank=True,
        help_text=_("Titles, precedence, who welcomes them, security: for the welcome desk."),
    )
    accompanying_allowed = models.PositiveSmallIntegerField(
        _("accompanying persons allowed"),
        default=0,
        help_text=_(
            "How many people the guest may register with them (each gets a place, counted "
            "in the capacity and the category's quota)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT, db_index=True
    )
    key = models.CharField(max_length=40, default=new_access_key, editable=False)
    registration = models.OneToOneField(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("registration"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    opened_at = models.DateTimeField(_("opened on"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    created = models.DateTimeField(_("invited on"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                "edition", Lower("email"), name="invitation_email_unique_per_edition"
            ),
        ]
        permissions = [
            ("remind_invitation", _("Can send an invitation's reminder now")),
            ("export_vip_list", _("Can download the VIP list for the welcome desk")),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} <{self.email}>"

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def organisation(self):
        return self.prefill.get("organisation", "")

    @property
    def is_answered(self):
        return self.status not in self.UNANSWERED
