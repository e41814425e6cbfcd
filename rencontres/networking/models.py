"""B2B meetings: networking profiles, meeting requests, availability, scheduler runs, meetings."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rencontres.core.uploads import random_name

from .storage import photo_storage

# Languages a participant may speak at a meeting (ISO 639-1), beyond the site's two.
SPOKEN_LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("de", _("German")),
    ("it", _("Italian")),
    ("zh", _("Chinese")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
    ("ja", _("Japanese")),
    ("vi", _("Vietnamese")),
]
SPOKEN_LANGUAGE_NAMES = dict(SPOKEN_LANGUAGES)


class Theme(models.Model):
    """A theme of cooperation (water, climate, culture…)."""

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme of cooperation")
        verbose_name_plural = _("themes of cooperation")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name


def _photo_path(instance, filename):
    # An unguessable name, on top of the access check of the view that serves it; the
    # extension is the one `clean_image` gave the re-encoded file.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return random_name("networking/photos", extension)


class ProfileQuerySet(models.QuerySet):
    def listed(self, edition):
        """Profiles shown in an edition's directory: opted in, registration confirmed."""
        from rencontres.registration.models import Registration

        return self.filter(
            opted_in=True,
            registration__edition=edition,
            registration__status=Registration.Status.CONFIRMED,
        )


class Profile(models.Model):
    """A participant's networking profile. Only opted-in profiles appear to others."""

    registration = models.OneToOneField(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="networking_profile",
        verbose_name=_("registration"),
    )
    opted_in = models.BooleanField(
        _("appear in the B2B directory"),
        default=False,
        help_text=_(
            "Other participants of the edition can then see this profile and ask for a meeting."
        ),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="profiles", verbose_name=_("themes of cooperation")
    )
    offers = models.ManyToManyField(
        Theme, blank=True, related_name="offered_by", verbose_name=_("the organisation offers")
    )
    seeks = models.ManyToManyField(
        Theme, blank=True, related_name="sought_by", verbose_name=_("the organisation seeks")
    )
    offers_details = models.TextField(
        _("what the organisation offers, in words"), max_length=600, blank=True
    )
    seeks_details = models.TextField(
        _("what the organisation seeks, in words"), max_length=600, blank=True
    )
    # Comma-separated ISO 639-1 codes ("fr,en"): filtered with a regex on both databases.
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    pitch = models.TextField(_("short pitch"), max_length=600, blank=True)
    # Private: served by networking:photo to the edition's participants and the organisers.
    photo = models.ImageField(_("photo"), upload_to=_photo_path, storage=photo_storage, blank=True)
    cooperating_countries = CountryField(
        _("countries the organisation already cooperates with"), multiple=True, blank=True
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("maximum number of meetings"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
        help_text=_("Leave empty for the edition's maximum."),
    )
    updated = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("networking profile")
        verbose_name_plural = _("networking profiles")
        ordering = ["registration__last_name", "registration__first_name"]

    def __str__(self):
        return str(self.registration)

    @property
    def language_codes(self):
        return [code for code in self.languages.split(",") if code]

    @property
    def language_names(self):
        return [str(SPOKEN_LANGUAGE_NAMES.get(code, code)) for code in self.language_codes]


class SchedulerSettings(models.Model):
    """How an edition's B2B blocks are cut into slots, the capacity of the B2B area, and
    what the scheduler puts first."""

    class Objective(models.TextChoices):
        PRIORITY = "priority", _("Priorities first")
        SERVE_MOST = "serve_most", _("As many people as possible first")

    edition = models.OneToOneField(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="b2b_settings",
        verbose_name=_("edition"),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of a meeting (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(120)],
    )
    tables = models.PositiveSmallIntegerField(
        _("tables in the B2B area"), default=20, validators=[MaxValueValidator(500)]
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("maximum number of meetings per person"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    time_limit = models.PositiveSmallIntegerField(
        _("scheduler time limit (seconds)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    objective = models.CharField(
        _("what the scheduler puts first"),
        max_length=20,
        choices=Objective.choices,
        default=Objective.PRIORITY,
        help_text=_(
            "Priorities first: the most weighted priorities, then as many people served as "
            "possible. As many people as possible first: at least one meeting for as many "
            "people as possible, then the priorities. Each run computes both, to compare."
        ),
    )

    class Meta:
        verbose_name = _("B2B settings")
        verbose_name_plural = _("B2B settings")

    def __str__(self):
        return str(self.edition)


class MeetingRequest(models.Model):
    """A request for a meeting between party A (the requester's side) and party B.

    A party of several people is a delegation: every member must be free at once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="meeting_requests",
        verbose_name=_("edition"),
    )
    requester = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="b2b_requests_made",
        verbose_name=_("requested by"),
    )
    party_a = models.ManyToManyField(
        "registration.Registration",
        related_name="b2b_requests_as_a",
        verbose_name=_("requesting side"),
    )
    party_b = models.ManyToManyField(
        "registration.Registration",
        related_name="b2b_requests_as_b",
        verbose_name=_("invited side"),
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_(
            "Set by the organisers: 1 is normal, higher is placed first (e.g. 3 for the honoured country's delegation)."
        ),
    )
    created = models.DateTimeField(_("sent on"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "registration.Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self):
        return _("Request %(number)s") % {"number": self.pk}

    @property
    def is_open(self):
        return self.status in (self.Status.PENDING, self.Status.ACCEPTED)


class BusyMark(models.Model):
    """A time when a participant is not available for meetings (besides program sessions)."""

    registration = models.ForeignKey(
        "registration.Registration",
        on_delete=models.CASCADE,
        related_name="b2b_busy_marks",
        verbose_name=_("registration"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))

    class Meta:
        verbose_name = _("unavailability")
        verbose_name_plural = _("unavailabilities")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "start"], name="busy_mark_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="busy_mark_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.registration} {self.start:%Y-%m-%d %H:%M}"


class ScheduleRun(models.Model):
    """One run of the scheduler: the instance it was given, its result, and its publication."""

    # A run or a publication this old without finishing has died with its worker.
    STALE_AFTER = datetime.timedelta(minutes=15)

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="b2b_runs",
        verbose_name=_("edition"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    keep_published = models.BooleanField(_("keep published meetings where possible"), default=True)

    class Source(models.TextChoices):
        SCHEDULER = "scheduler", _("Scheduler")
        IMPORT = "import", _("Imported file")

    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SCHEDULER
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    instance = models.JSONField(_("instance"), default=dict)
    keep = models.JSONField(_("published meetings to keep"), default=list)
    result = models.JSONField(_("schedule"), null=True, blank=True)
    objective_mode = models.CharField(
        _("what the schedule puts first"),
        max_length=20,
        choices=SchedulerSettings.Objective.choices,
        default=SchedulerSettings.Objective.PRIORITY,
    )
    # The same run with the other objective, so that organisers compare before publishing.
    alternative = models.JSONField(_("schedule with the other objective"), null=True, blank=True)
    objective = models.PositiveIntegerField(_("weighted objective"), null=True, blank=True)
    bound = models.PositiveIntegerField(_("proven bound"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    notified = models.PositiveIntegerField(_("people told of a change"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # Publication runs in the task worker: meetings first, then a mail to each person, a
    # batch at a time, so that the organisers see it progress and a new attempt resumes.
    publication_status = models.CharField(
        _("publication"), max_length=20, choices=Status.choices, blank=True
    )
    publication_requested = models.DateTimeField(_("publication asked on"), null=True, blank=True)
    publication_error = models.TextField(_("publication error"), blank=True)
    to_notify = models.JSONField(_("people still to tell"), default=list, blank=True)
    notify_template = models.CharField(_("mail to send"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-created", "-pk"]
        permissions = [
            ("run_scheduler", _("Can run the B2B scheduler and import schedules")),
            ("publish_schedule", _("Can publish B2B schedules")),
            (
                "export_schedule",
                _("Can download B2B instances, schedules and table plans (personal data)"),
            ),
        ]

    def __str__(self):
        return _("Run %(number)s") % {"number": self.pk}

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        return round(self.progress * 100)

    @property
    def is_publishing(self):
        """Queued or running, unless its worker died (it may then be asked again)."""
        return self.publication_status in (self.Status.QUEUED, self.Status.RUNNING) and (
            self.publication_requested is None
            or self.publication_requested >= timezone.now() - self.STALE_AFTER
        )

    @property
    def publication_percent(self):
        """Share of the people to tell who have their mail (the meetings come first)."""
        told = self.notified or 0
        total = told + len(self.to_notify)
        if self.publication_status == self.Status.DONE:
            return 100
        return round(100 * told / total) if total else 0


class Meeting(models.Model):
    """A published meeting: a request placed in a slot at a table of the B2B area."""

    request = models.OneToOneField(
        MeetingRequest, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("request")
    )
    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="b2b_meetings",
        verbose_name=_("edition"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    table = models.PositiveSmallIntegerField(_("table"), validators=[MinValueValidator(1)])
    run = models.ForeignKey(
        ScheduleRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("scheduler run"),
    )
    moved_by_hand = models.BooleanField(_("moved by hand"), default=False)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "table"]
        permissions = [("move_meeting", _("Can move a B2B meeting"))]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "start", "table"], name="meeting_table_once_per_slot"
            ),
        ]

    def __str__(self):
        return _("Table %(table)s, %(start)s") % {"table": self.table, "start": self.start}


class FreedMeeting(models.Model):
    """A published meeting cancelled since (a participant withdrew or lost their place): the
    organisers' B2B page lists these, so that a new run can give the slot to someone else."""

    class Reason(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Request withdrawn")
        PLACE_ENDED = "place_ended", _("Registration ended")

    edition = models.ForeignKey(
        "editions.Edition",
        on_delete=models.CASCADE,
        related_name="b2b_freed_meetings",
        verbose_name=_("edition"),
    )
    request = models.ForeignKey(
        MeetingRequest,
        on_delete=models.CASCADE,
        related_name="freed_meetings",
        verbose_name=_("request"),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    table = models.PositiveSmallIntegerField(_("table"))
    people = models.CharField(_("people"), max_length=1000)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    freed = models.DateTimeField(_("freed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("freed meeting")
        verbose_name_plural = _("freed meetings")
        ordering = ["start", "table"]

    def __str__(self):
        return _("Table %(table)s, %(start)s") % {"table": self.table, "start": self.start}
