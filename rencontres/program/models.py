"""The program of an edition: rooms, speakers, themes and sessions."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rencontres.core.uploads import PrivateStorage, random_name
from rencontres.editions.models import Edition
from rencontres.registration.models import new_access_key


class Room(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    is_placeholder = models.BooleanField(
        _("provisional name"),
        default=False,
        help_text=_("A neutral name (Room 1…) until the venue's room is known."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: not known.")
    )
    accessibility = models.TextField(_("accessibility notes"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="themes", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class Speaker(models.Model):
    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("edition")
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    # The speaker's own space (a magic link like the participants'): where they complete
    # what the program needs and send their documents.
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language for mails"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)
    photo_rights_at = models.DateTimeField(
        _("photo rights confirmed on"), null=True, blank=True, editable=False
    )
    travel_needs = models.TextField(_("travel needs"), blank=True)
    arrival = models.DateField(_("arrival"), null=True, blank=True)
    departure = models.DateField(_("departure"), null=True, blank=True)
    link_sent_at = models.DateTimeField(_("link sent on"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("last reminder on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name", "pk"]
        permissions = [
            ("send_speaker_links", "Can send speakers their links and reminders"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "program:speaker", kwargs={"number": self.edition.number, "speaker_id": self.pk}
        )


class Session(models.Model):
    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcoming of the participants")
        OPENING = "opening", _("Opening ceremony")
        PLENARY = "plenary", _("Plenary session")
        WORKSHOP = "workshop", _("Thematic workshop")
        REGIONAL = "regional_meeting", _("Regional meeting")
        CAFE = "cafe", _("Café des Rencontres")
        B2B = "b2b", _("B2B meetings")
        BREAK = "break", _("Break")
        MEAL = "meal", _("Meal")
        CEREMONY = "ceremony", _("Ceremony honouring one Country")
        AWARD = "award", _("Label award ceremony")
        FAREWELL = "farewell", _("Farewell drink")
        SIDE_EVENT = "side_event", _("Side event")

    # Sessions for everyone: they appear in every personal agenda without sign-up.
    FOR_EVERYONE = frozenset(
        {
            Kind.WELCOME,
            Kind.OPENING,
            Kind.PLENARY,
            Kind.BREAK,
            Kind.MEAL,
            Kind.CEREMONY,
            Kind.AWARD,
            Kind.FAREWELL,
        }
    )

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")
        INTERPRETATION = "fr_en", _("French and English, with interpretation")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("edition")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("room"),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="sessions", verbose_name=_("themes")
    )
    speakers = models.ManyToManyField(
        Speaker, through="SessionSpeaker", blank=True, related_name="sessions"
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit but the room's.")
    )
    signup_required = models.BooleanField(_("sign-up required"), default=False)
    signup_closes = models.DateTimeField(
        _("sign-up closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: sign-up stays open until the session starts."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Among sessions that start at the same time.")
    )
    reserved_seats = models.PositiveIntegerField(
        _("seats reserved for VIPs"),
        default=0,
        help_text=_(
            "Part of the places that public sign-up cannot take: only VIP guests and their "
            "accompanying persons (see Invitations) may have them."
        ),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["start", "order", "pk"]
        indexes = [models.Index(fields=["edition", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="session_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "program:session", kwargs={"number": self.edition.number, "session_id": self.pk}
        )

    @property
    def places(self):
        """How many people may attend: the session's limit, else the room's, else None."""
        if self.capacity is not None:
            return self.capacity
        return self.room.capacity if self.room_id and self.room else None

    @property
    def signup_deadline(self):
        return self.signup_closes or self.start

    def signup_is_open(self, now=None):
        return self.signup_required and (now or timezone.now()) < self.signup_deadline

    @property
    def for_everyone(self):
        return self.kind in self.FOR_EVERYONE

    @property
    def local_day(self):
        return timezone.localtime(self.start).date()

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        if self.start and self.end and self.edition_id:
            edition = self.edition
            first = timezone.make_aware(
                datetime.datetime.combine(edition.start_date, datetime.time.min)
            )
            last = timezone.make_aware(
                datetime.datetime.combine(
                    edition.end_date + datetime.timedelta(days=1), datetime.time.min
                )
            )
            if not (first <= self.start < last and self.end <= last):
                errors["start"] = _(
                    "The session must take place during the edition's days (%(days)s)."
                ) % {"days": ", ".join(day.strftime("%d/%m/%Y") for day in edition.days)}
        if self.room_id and self.edition_id and self.room.edition_id != self.edition_id:
            errors["room"] = _("This room belongs to another edition.")
        elif (
            self.room_id and self.capacity and self.capacity > (self.room.capacity or self.capacity)
        ):
            errors["capacity"] = _(
                "The room %(room)s holds %(room_capacity)s people: the session cannot take more."
            ) % {"room": self.room.name, "room_capacity": self.room.capacity}
        if self.reserved_seats and self.places is not None and self.reserved_seats > self.places:
            errors["reserved_seats"] = _(
                "The session has %(places)d places: it cannot reserve more."
            ) % {"places": self.places}
        if self.signup_closes and self.start and self.signup_closes > self.start:
            errors["signup_closes"] = _("Sign-up must close before the session starts.")
        if errors:
            raise ValidationError(errors)


class SessionSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_roles")
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="session_roles", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker of the session")
        verbose_name_plural = _("speakers of the session")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="session_speaker_once")
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()})"

    def clean(self):
        if (
            self.session_id
            and self.speaker_id
            and self.speaker.edition_id != self.session.edition_id
        ):
            raise ValidationError({"speaker": _("This speaker belongs to another edition.")})


class CafeRound(models.Model):
    """The Cafés des Rencontres of an edition: ranked choices, then an assignment."""

    edition = models.OneToOneField(
        Edition, on_delete=models.CASCADE, related_name="cafe_round", verbose_name=_("edition")
    )
    choices_close = models.DateTimeField(
        _("choices close at"), help_text=_("Participants rank three cafés until then.")
    )
    assigned_at = models.DateTimeField(_("assignment run at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Cafés des Rencontres round")
        verbose_name_plural = _("Cafés des Rencontres rounds")
        permissions = [
            ("run_cafes", _("Can run and adjust the Cafés assignment")),
            ("publish_cafes", _("Can publish the Cafés assignment")),
        ]

    def __str__(self):
        return str(_("Cafés des Rencontres of the %(edition)s") % {"edition": self.edition})

    def cafes(self):
        return self.edition.sessions.filter(kind=Session.Kind.CAFE)

    def choices_are_open(self, now=None):
        return self.published_at is None and (now or timezone.now()) < self.choices_close


class Attendance(models.Model):
    """A person's place in a session, or their place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")

    class Source(models.TextChoices):
        SELF = "self", _("Signed up")
        ORGANISER = "organiser", _("Assigned by the organisers")
        CAFE = "cafe", _("Cafés assignment")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    created = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["created", "pk"]
        permissions = [
            ("assign_attendance", _("Can assign people to sessions and move them")),
            ("export_attendance", _("Can download attendance lists (personal data)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"], name="attendance_once_per_session"
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created"])]

    def __str__(self):
        return f"{self.registration.full_name} – {self.session}"


class CafeChoice(models.Model):
    """One of the three cafés a participant ranks (1 = first choice)."""

    cafe_round = models.ForeignKey(CafeRound, on_delete=models.CASCADE, related_name="choices")
    registration = models.ForeignKey(
        "registration.Registration", on_delete=models.CASCADE, related_name="cafe_choices"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="cafe_choices", verbose_name=_("café")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("café choice")
        verbose_name_plural = _("café choices")
        ordering = ["registration", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe_round", "registration", "rank"], name="cafe_choice_rank_once"
            ),
            models.UniqueConstraint(
                fields=["cafe_round", "registration", "session"], name="cafe_choice_cafe_once"
            ),
        ]

    def __str__(self):
        return f"{self.registration.full_name}: {self.rank}. {self.session}"


class CafePlacement(models.Model):
    """The café the assignment gives a participant, before the organisers publish it."""

    cafe_round = models.ForeignKey(CafeRound, on_delete=models.CASCADE, related_name="placements")
    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="cafe_placements",
        verbose_name=_("participant"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="cafe_placements", verbose_name=_("café")
    )
    rank = models.PositiveSmallIntegerField(
        _("choice obtained"), null=True, blank=True, help_text=_("Empty: none of their choices.")
    )

    class Meta:
        verbose_name = _("café placement")
        verbose_name_plural = _("café placements")
        ordering = ["session", "registration__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cafe_round", "registration"], name="cafe_placement_once"
            )
        ]

    def __str__(self):
        return f"{self.registration.full_name} → {self.session}"


def speaker_document_name(instance, filename):
    return random_name("documents", "pdf")


class SpeakerDocument(models.Model):
    """Slides or a document a speaker sends for a session: kept privately, shown on the
    session's public page once it has ended, and only if the speaker agreed."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="documents", verbose_name=_("speaker")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="documents", verbose_name=_("session")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), storage=PrivateStorage("speakers"), upload_to=speaker_document_name
    )
    publish = models.BooleanField(
        _("publish on the session's page after the session"), default=False
    )
    uploaded_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("speaker's document")
        verbose_name_plural = _("speakers' documents")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_public(self):
        return self.publish and self.session.end <= timezone.now()
