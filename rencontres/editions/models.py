import datetime
import zoneinfo
from urllib.parse import quote_plus

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Organiser(models.Model):
    """The association that runs the meeting (Cités Unies France in the demo)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn page"), blank=True)
    social_handle = models.CharField(_("social media handle"), max_length=60, blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisers/", blank=True)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    street = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"), default="FR")
    website = models.URLField(_("website"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.TextField(_("accessibility information"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def full_address(self):
        return ", ".join(p for p in [self.street, f"{self.postal_code} {self.city}".strip()] if p)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def map_url(self):
        """A link that opens the venue in OpenStreetMap (followed only when the visitor clicks)."""
        if self.has_coordinates:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        return "https://www.openstreetmap.org/search?query=" + quote_plus(
            f"{self.name}, {self.full_address}"
        )

    @property
    def map_embed_url(self):
        """OpenStreetMap's embeddable map, loaded only when the visitor asks for it."""
        if not self.has_coordinates:
            return ""
        lat, lon = float(self.latitude), float(self.longitude)
        bbox = f"{lon - 0.006:.6f},{lat - 0.003:.6f},{lon + 0.006:.6f},{lat + 0.003:.6f}"
        return (
            "https://www.openstreetmap.org/export/embed.html"
            f"?bbox={bbox}&layer=mapnik&marker={lat:.6f},{lon:.6f}"
        )


class AccessRoute(models.Model):
    class Mode(models.TextChoices):
        METRO = "metro", _("Metro")
        RER = "rer", _("RER")
        TRAM = "tram", _("Tram")
        BUS = "bus", _("Bus")
        CAR = "car", _("Car")
        BIKE = "bike", _("Bike")
        PARKING = "parking", _("Parking")
        WALK = "walk", _("On foot")
        # For visitors from other cities and countries: "details" says how to reach the venue.
        TRAIN = "train", _("Railway station")
        PLANE = "plane", _("Airport")

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="access_routes")
    mode = models.CharField(_("means of transport"), max_length=20, choices=Mode.choices)
    lines = models.CharField(
        _("lines"), max_length=100, blank=True, help_text=_("For example: 1, or 73, 82, 244.")
    )
    station = models.CharField(_("station or stop"), max_length=200, blank=True)
    exit = models.CharField(_("exit"), max_length=200, blank=True)
    details = models.TextField(_("details"), blank=True)
    walk_minutes = models.PositiveSmallIntegerField(
        _("walk (minutes)"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("access route")
        verbose_name_plural = _("access routes")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.get_mode_display()} {self.lines} {self.station}".strip()

    @property
    def group(self):
        """How the invitations group the routes: public transport, car, bike, on foot."""
        return ROUTE_GROUPS[self.mode]

    def facts(self):
        """The route as the invitations write it: line 1, station …, exit …, 8 min walk."""
        facts = []
        if self.lines:
            count = len([line for line in self.lines.split(",") if line.strip()])
            facts.append(
                ngettext("line %(lines)s", "lines %(lines)s", count) % {"lines": self.lines}
            )
        if self.station:
            if ROUTE_GROUPS[self.mode] == "transit":
                facts.append(gettext("station %(name)s") % {"name": self.station})
            else:
                facts.append(self.station)
        if self.exit:
            facts.append(gettext("exit %(exit)s") % {"exit": self.exit})
        if self.walk_minutes:
            facts.append(
                ngettext("%(minutes)s min walk", "%(minutes)s min walk", self.walk_minutes)
                % {"minutes": self.walk_minutes}
            )
        return facts


# The invitations' headings ("Venir en transports en commun / en voiture / en vélo").
ROUTE_GROUP_LABELS = {
    "afar": _("From railway stations and airports"),
    "transit": _("By public transport"),
    "car": _("By car"),
    "bike": _("By bike"),
    "walk": _("On foot"),
}
ROUTE_GROUPS = {
    "metro": "transit",
    "rer": "transit",
    "tram": "transit",
    "bus": "transit",
    "car": "car",
    "parking": "car",
    "bike": "bike",
    "walk": "walk",
    "train": "afar",
    "plane": "afar",
}


class EditionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=Edition.PUBLIC_STATUSES)

    def featured(self, today=None):
        """The current or next public edition, or the latest one when none is upcoming."""
        today = today or timezone.localdate()
        public = self.public()
        return (
            public.filter(end_date__gte=today).order_by("start_date").first()
            or public.order_by("-start_date").first()
        )


class Edition(models.Model):
    """One year's meeting."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.ARCHIVED)

    organiser = models.ForeignKey(
        Organiser, on_delete=models.PROTECT, related_name="editions", verbose_name=_("organiser")
    )
    number = models.PositiveSmallIntegerField(_("edition number"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_demo = models.BooleanField(
        _("demonstration edition"),
        default=False,
        help_text=_("Shown with a banner saying that it is a demonstration."),
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_(
            "For example: Rencontres de l'action internationale des collectivités territoriales"
        ),
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    editorial = models.TextField(_("editorial"), blank=True)
    signatory_name = models.CharField(_("signatory of the editorial"), max_length=200, blank=True)
    signatory_titles = models.TextField(
        _("signatory's titles"), blank=True, help_text=_("One title per line.")
    )
    signatory_photo = models.ImageField(
        _("signatory's photo"), upload_to="signatories/", blank=True
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="editions",
        verbose_name=_("venue"),
    )
    registration_opens = models.DateField(_("registration opens on"), null=True, blank=True)
    registration_closes = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("Last day on which people can register. Empty: until the first day."),
    )
    hashtag = models.CharField(_("hashtag"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    info_url = models.URLField(_("page on the organiser's website"), blank=True)
    event_url = models.URLField(_("dedicated website"), blank=True)
    press_contact_name = models.CharField(_("press contact"), max_length=200, blank=True)
    press_contact_role = models.CharField(_("press contact's role"), max_length=200, blank=True)
    press_contact_email = models.EmailField(_("press contact e-mail"), blank=True)
    honoured_country = CountryField(_("honoured country"), blank=True)
    ceremony_title = models.CharField(_("ceremony"), max_length=300, blank=True)
    award_title = models.CharField(_("label award"), max_length=300, blank=True)
    review = models.TextField(
        _("looking back"),
        blank=True,
        help_text=_("What happened at the edition, for its archived pages (press release)."),
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                name="edition_number_unique",
                violation_error_message=_("An edition with this number already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="edition_ends_after_start",
                violation_error_message=_("The edition cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(number)s edition (%(year)s)") % {
            "number": self.ordinal,
            "year": self.start_date.year,
        }

    def get_absolute_url(self):
        return reverse("editions:detail", kwargs={"number": self.number})

    @property
    def time_zone(self):
        """Where the edition takes place: its times are shown and exported in this zone
        (every edition so far is in Paris, the site's zone)."""
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def ordinal(self):
        if (get_language() or "fr").startswith("fr"):
            return f"{self.number}e" if self.number != 1 else "1re"
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(
            self.number % 10 if self.number % 100 not in (11, 12, 13) else 0, "th"
        )
        return f"{self.number}{suffix}"

    def clean(self):
        errors = {}
        # Checked here rather than by the constraint alone, so the message sits by the field.
        if self.number and Edition.objects.exclude(pk=self.pk).filter(number=self.number).exists():
            errors["number"] = _("An edition with this number already exists.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The edition cannot end before it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _("Registration cannot close before it opens.")
        if self.registration_closes and self.end_date and self.registration_closes > self.end_date:
            errors["registration_closes"] = _(
                "Registration cannot close after the last day of the edition."
            )
        if self.registration_opens and self.end_date and self.registration_opens > self.end_date:
            errors["registration_opens"] = _(
                "Registration cannot open after the last day of the edition."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def days(self):
        span = (self.end_date - self.start_date).days
        return [self.start_date + datetime.timedelta(days=i) for i in range(span + 1)]

    @property
    def is_past(self):
        return self.end_date < timezone.localdate()

    @property
    def registration_last_day(self):
        return self.registration_closes or self.start_date

    def registration_state(self, today=None):
        """'not_yet', 'open' or 'closed', from the edition's registration dates."""
        today = today or timezone.localdate()
        # After the last day registration is closed, even if it never opened.
        if today > self.registration_last_day:
            return "closed"
        if self.registration_opens is None or today < self.registration_opens:
            return "not_yet"
        return "open"

    @property
    def organiser_age(self):
        """Years since the organiser was founded, for anniversaries (50 in 2025)."""
        if self.organiser.founded_year:
            return self.start_date.year - self.organiser.founded_year
        return None

    @property
    def signatory_title_lines(self):
        return [line.strip() for line in self.signatory_titles.splitlines() if line.strip()]


class Format(models.Model):
    """A format of the meeting: plenary, regional meetings, workshops, Cafés, partners' area."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Thematic plenary session")
        REGIONAL = "regional", _("Regional meetings")
        WORKSHOPS = "workshops", _("Thematic workshops")
        CAFES = "cafes", _("Cafés des Rencontres")
        PARTNERS_AREA = "partners_area", _("Partners' dedicated area")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="formats")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("format of the meeting")
        verbose_name_plural = _("formats of the meeting")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title


class Partner(models.Model):
    # Declared in the order of the partners page: organiser first, supporters last.
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        CO_FUNDER = "co_funder", _("Co-funder")
        INSTITUTIONAL = "institutional", _("Institutional partner")
        PARTNER = "partner", _("Partner")
        SUPPORTER = "supporter", _("Supporter")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    logo = models.ImageField(_("logo"), upload_to="partners/", blank=True)
    url = models.URLField(_("website"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


# Headings of the partners' groups, in the invitations' words ("Avec le concours de").
PARTNER_HEADINGS = {
    Partner.Role.ORGANISER: _("Organised by"),
    Partner.Role.CO_FUNDER: _("Co-funded by"),
    Partner.Role.INSTITUTIONAL: _("Institutional partners"),
    Partner.Role.PARTNER: _("In partnership with"),
    Partner.Role.SUPPORTER: _("With the support of"),
}


def partners_by_role(partners):
    """[(heading, [partner…])…] in the order of Partner.Role, for the public pages."""
    rank = {value: index for index, value in enumerate(Partner.Role.values)}
    groups = {}
    for partner in sorted(partners, key=lambda p: (rank[p.role], p.order, p.pk)):
        groups.setdefault(partner.role, []).append(partner)
    return [(PARTNER_HEADINGS[role], members) for role, members in groups.items()]


class Hotel(models.Model):
    """A hotel the organisers recommend for an edition, with its negotiated rate."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="hotels", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    rate = models.CharField(
        _("negotiated rate"),
        max_length=200,
        blank=True,
        help_text=_("For example: 129 € a night, breakfast included."),
    )
    booking_code = models.CharField(_("booking code"), max_length=100, blank=True)
    details = models.TextField(_("details"), blank=True, help_text=_("Distance, deadline…"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("recommended hotel")
        verbose_name_plural = _("recommended hotels")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class VisaNote(models.Model):
    """What participants from one country should know about their visa for an edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="visa_notes", verbose_name=_("edition")
    )
    country = CountryField(_("country"))
    text = models.TextField(_("information"))

    class Meta:
        verbose_name = _("visa information")
        verbose_name_plural = _("visa information by country")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "country"], name="visa_note_once_per_country"
            )
        ]

    def __str__(self):
        return self.country.name
