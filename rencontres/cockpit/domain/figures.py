"""The figures of an edition's dashboard, computed in a fixed handful of queries.

Registrations are read once (a few columns of each row) and counted in Python: with 5,000
registrations that is faster than one GROUP BY query per figure, and the number of queries
does not grow with the number of countries or categories.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from rencontres.comms.models import Mail
from rencontres.networking.models import Meeting, MeetingRequest
from rencontres.program.models import CafeChoice, CafePlacement, Session
from rencontres.registration.models import (
    Category,
    Registration,
    RegistrationSettings,
    VisaRequest,
)

from .. import extensions
from ..extensions import Todo
from . import links

Status = Registration.Status
HOLDING = (Status.CONFIRMED, Status.PENDING_APPROVAL)
UNCONFIRMED_TOO_LONG = datetime.timedelta(days=7)


@dataclass
class Row:
    """One line of a breakdown: a label, a count and the list behind it."""

    label: str
    count: int
    url: str = ""
    key: str = ""


@dataclass
class SessionFill:
    session: Session
    taken: int
    waiting: int
    places: int | None
    present: int | None = None
    url: str = ""

    @property
    def percent(self):
        return round(100 * self.taken / self.places) if self.places else None

    @property
    def free(self):
        return max(self.places - self.taken, 0) if self.places is not None else None


@dataclass
class Dashboard:
    edition: object
    total: int
    by_status: list
    by_category: list
    by_country: list
    by_organisation_type: list
    by_language: list
    timeline: list
    delegations: int
    delegation_members: int
    capacity: int | None
    holding: int
    waiting: int
    unconfirmed: int
    sessions: list
    attendance: dict
    cafes: dict
    b2b: dict
    mails: list
    todos: list
    sections: list = field(default_factory=list)
    missing_parts: bool = False

    @property
    def capacity_left(self):
        return max(self.capacity - self.holding, 0) if self.capacity is not None else None


def _rows(counter, labels, url_for, order=None):
    # Most first; ties by label, so that the order never depends on the database's.
    keys = (
        order
        if order is not None
        else sorted(counter, key=lambda key: (-counter[key], str(labels.get(key, key) or "")))
    )
    return [
        Row(str(labels.get(key, key) or _("Not given")), counter[key], url_for(key), str(key))
        for key in keys
        if counter[key]
    ]


def timeline(edition, created_by_status, today=None):
    """[(day, {status: registrations made up to that day, by their current status})] from
    the opening of registration (or the first registration) to today or the edition's last
    day."""
    if not created_by_status:
        return []
    today = today or timezone.localdate()
    days_seen = [day for day, _status in created_by_status]
    first, last = min(days_seen), max(days_seen)
    start = min(edition.registration_opens or first, first)
    # Up to today, or the last day of a past edition, and never before the last registration.
    end = max(min(today, edition.end_date), last)
    per_day = Counter(created_by_status)
    running = Counter()
    days = []
    day = start
    while day <= end:
        for status, _label in Status.choices:
            running[status] += per_day[(day, status)]
        days.append((day, dict(running)))
        day += datetime.timedelta(days=1)
    return days


def _parse_moment(text):
    """A stored datetime read as text: SQLite keeps naive UTC, PostgreSQL adds its offset."""
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def dashboard(edition, today=None):
    now = timezone.now()
    today = today or timezone.localdate()
    rows = list(
        Registration.objects.filter(edition=edition)
        .order_by()
        .values_list(
            "status",
            "category_id",
            "country",
            "organisation_type",
            "language",
            # As text, parsed below: Django's converter costs ~15 µs a row, 75 ms for 5,000.
            Cast("created", output_field=CharField()),
            "delegation_id",
        )
    )
    active = [r for r in rows if r[0] not in (Status.CANCELLED, Status.REFUSED)]
    status_counts = Counter(r[0] for r in rows)
    category_counts = Counter(r[1] for r in active)
    country_counts = Counter(r[2] for r in active)
    type_counts = Counter(r[3] for r in active)
    language_counts = Counter(r[4] for r in active)
    zone = timezone.get_current_timezone()
    moments = [_parse_moment(r[5]) for r in rows]
    created = [
        (moment.astimezone(zone).date(), r[0]) for moment, r in zip(moments, rows, strict=True)
    ]
    week_ago = now - UNCONFIRMED_TOO_LONG
    old_unconfirmed = sum(
        1
        for moment, r in zip(moments, rows, strict=True)
        if r[0] == Status.PENDING_EMAIL and moment < week_ago
    )
    members = Counter(r[6] for r in active if r[6])

    categories = list(Category.objects.filter(edition=edition))
    category_names = {c.pk: c.name for c in categories}
    capacity = edition_capacity(edition)
    holding = sum(status_counts[s] for s in HOLDING)
    # Delegations with at least one registration: read from the rows, no query of its own.
    delegations = len({r[6] for r in rows if r[6]})

    regs = lambda **f: links.registrations(edition, **f)  # noqa: E731
    by_status = _rows(
        status_counts,
        dict(Status.choices),
        lambda s: regs(status__exact=s),
        order=[s for s, _l in Status.choices],
    )
    by_category = _rows(
        category_counts,
        category_names,
        lambda c: regs(category__id__exact=c),
        order=[c.pk for c in categories],
    )
    # Names of the countries present only: the full list is sorted by name on each call.
    country_names = {code: countries.name(code) for code in country_counts}
    by_country = _rows(country_counts, country_names, lambda c: regs(country=c))
    by_type = _rows(
        type_counts,
        dict(Registration.OrganisationType.choices),
        lambda t: regs(organisation_type=t),
    )
    by_language = _rows(
        language_counts, dict(Registration.Language.choices), lambda code: regs(language=code)
    )

    attendance, attendance_failed = extensions.attendance(edition)
    sessions = session_fills(edition, attendance)
    cafes = cafe_figures(edition)
    b2b = b2b_figures(edition)
    mail_counts = count_by(Mail.objects.filter(edition=edition), "status")
    mails = [
        Row(
            str(label),
            mail_counts.get(code, 0),
            links.changelist("comms.mail", edition__id__exact=edition.pk, status__exact=code),
            code,
        )
        for code, label in Mail.Status.choices
    ]
    visas = VisaRequest.objects.filter(
        registration__edition=edition, status=VisaRequest.Status.REQUESTED
    ).count()

    waiting = status_counts[Status.WAITING]
    left = max(capacity - holding, 0) if capacity is not None else None
    waiting_with_room = waiting if waiting and (left is None or left > 0) else 0
    sessions_with_room = [s for s in sessions if s.waiting and (s.free is None or s.free > 0)]

    def todo(text, count, url):
        return Todo(text % {"count": count}, count, url)

    approval = status_counts[Status.PENDING_APPROVAL]
    failed_mails = mail_counts.get(Mail.Status.FAILED, 0)
    todos = [
        todo(
            ngettext(
                "%(count)s registration awaiting approval",
                "%(count)s registrations awaiting approval",
                approval,
            ),
            approval,
            regs(status__exact=Status.PENDING_APPROVAL),
        ),
        todo(
            ngettext(
                "%(count)s visa letter request to review",
                "%(count)s visa letter requests to review",
                visas,
            ),
            visas,
            links.changelist(
                "registration.visarequest",
                registration__edition__id__exact=edition.pk,
                status__exact=VisaRequest.Status.REQUESTED,
            ),
        ),
        todo(
            ngettext(
                "%(count)s mail failed",
                "%(count)s mails failed",
                failed_mails,
            ),
            failed_mails,
            links.changelist(
                "comms.mail", edition__id__exact=edition.pk, status__exact=Mail.Status.FAILED
            ),
        ),
        todo(
            ngettext(
                "%(count)s person waits for the edition while places are free",
                "%(count)s people wait for the edition while places are free",
                waiting_with_room,
            ),
            waiting_with_room,
            regs(status__exact=Status.WAITING),
        ),
        todo(
            ngettext(
                "%(count)s session has free places and a waiting list",
                "%(count)s sessions have free places and a waiting list",
                len(sessions_with_room),
            ),
            len(sessions_with_room),
            links.changelist("program.session", edition__id__exact=edition.pk),
        ),
        todo(
            ngettext(
                "%(count)s address unconfirmed for more than a week",
                "%(count)s addresses unconfirmed for more than a week",
                old_unconfirmed,
            ),
            old_unconfirmed,
            regs(
                status__exact=Status.PENDING_EMAIL,
                created__lt=week_ago.isoformat(timespec="seconds"),
            ),
        ),
    ]
    other_todos, todos_failed = extensions.todos(edition)
    other_sections, sections_failed = extensions.sections(edition)
    return Dashboard(
        edition=edition,
        total=len(active),
        by_status=by_status,
        by_category=by_category,
        by_country=by_country,
        by_organisation_type=by_type,
        by_language=by_language,
        timeline=timeline(edition, created, today),
        delegations=delegations,
        delegation_members=sum(members.values()),
        capacity=capacity,
        holding=holding,
        waiting=waiting,
        unconfirmed=status_counts[Status.PENDING_EMAIL],
        sessions=sessions,
        attendance=attendance,
        cafes=cafes,
        b2b=b2b,
        mails=mails,
        todos=[t for t in todos + other_todos if t.count],
        sections=other_sections,
        missing_parts=attendance_failed or todos_failed or sections_failed,
    )


def count_by(queryset, field):
    """{value of `field`: rows} in one GROUP BY query."""
    return dict(
        queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n")
    )


def edition_capacity(edition):
    """The edition's capacity (None: no limit). The dashboard's edition comes with its
    settings (select_related), which spares a query."""
    try:
        return edition.registration_settings.capacity
    except RegistrationSettings.DoesNotExist:
        return None


def session_fills(edition, attendance=None):
    attendance = attendance or {}
    sessions = (
        Session.objects.filter(edition=edition)
        .select_related("room")
        .annotate(
            taken=Count("attendances", filter=Q(attendances__status="confirmed")),
            waiting=Count("attendances", filter=Q(attendances__status="waiting")),
        )
        .order_by("start", "order", "pk")
    )
    return [
        SessionFill(
            session,
            session.taken,
            session.waiting,
            session.places,
            attendance.get(session.pk) if attendance else None,
            links.changelist("program.attendance", session__id__exact=session.pk),
        )
        for session in sessions
    ]


def cafe_figures(edition):
    """People who ranked cafés, people placed, and how many got their 1st, 2nd, 3rd choice."""
    chose = (
        CafeChoice.objects.filter(cafe_round__edition=edition)
        .values("registration_id")
        .distinct()
        .count()
    )
    ranks = Counter(
        CafePlacement.objects.filter(cafe_round__edition=edition).values_list("rank", flat=True)
    )
    placed = sum(ranks.values())
    share = lambda n: round(100 * n / placed) if placed else 0  # noqa: E731
    return {
        "chose": chose,
        "placed": placed,
        "ranks": [
            (label, ranks[rank], share(ranks[rank]))
            for rank, label in ((1, _("1st choice")), (2, _("2nd choice")), (3, _("3rd choice")))
        ],
        "other": ranks[None],
    }


def b2b_figures(edition):
    """Requests by status, meetings scheduled, people served and people with no meeting
    among those who have an accepted request."""
    by_status = count_by(MeetingRequest.objects.filter(edition=edition), "status")
    through_a = MeetingRequest.party_a.through
    through_b = MeetingRequest.party_b.through
    accepted = Q(meetingrequest__edition=edition, meetingrequest__status="accepted")
    people = defaultdict(set)
    both_sides = (
        through_a.objects.filter(accepted)
        .values_list("meetingrequest_id", "registration_id")
        .union(
            through_b.objects.filter(accepted).values_list("meetingrequest_id", "registration_id")
        )
    )
    for request_id, person in both_sides:
        people[request_id].add(person)
    scheduled = set(Meeting.objects.filter(edition=edition).values_list("request_id", flat=True))
    with_request = set().union(*people.values()) if people else set()
    served = set().union(*(people[r] for r in scheduled if r in people)) if scheduled else set()
    return {
        "requests": sum(by_status.values()),
        "by_status": [
            Row(
                str(label),
                by_status.get(code, 0),
                links.changelist(
                    "networking.meetingrequest", edition__id__exact=edition.pk, status__exact=code
                ),
            )
            for code, label in MeetingRequest.Status.choices
        ],
        "accepted": by_status.get("accepted", 0),
        "scheduled": len(scheduled),
        "served": len(served),
        "without": len(with_request - served),
        # Published meetings are listed on the B2B page of the edition.
        "meetings_url": reverse("admin:networking_dashboard", args=[edition.pk]),
    }


def card(edition):
    """The few figures of an edition's card on the back-office home (two queries)."""
    counts = count_by(Registration.objects.filter(edition=edition), "status")
    capacity = edition_capacity(edition)
    holding = sum(counts.get(s, 0) for s in HOLDING)
    return {
        "confirmed": counts.get(Status.CONFIRMED, 0),
        "approval": counts.get(Status.PENDING_APPROVAL, 0),
        "waiting": counts.get(Status.WAITING, 0),
        "unconfirmed": counts.get(Status.PENDING_EMAIL, 0),
        "capacity": capacity,
        "left": max(capacity - holding, 0) if capacity is not None else None,
    }
