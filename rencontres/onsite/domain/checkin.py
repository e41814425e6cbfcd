"""Deciding a scan at a door (the entrance, or a session's) and recording the check-in.

A scan comes from a device with a client id that the device chose (a UUID), the time on the
device's clock and either a badge token or a registration picked by a search. The answer is
a `Verdict`: green (welcome), orange (already checked in; or, at a session's door, not
signed up but recorded) or red with the reason.

Concurrency: no lock is taken. The unique constraints of `CheckIn` (one client id; one
entrance check-in per registration; one per registration and session) make the second of two
simultaneous scans fail with an IntegrityError inside its own savepoint; it then reads the
winner. When two devices scanned the same badge (one of them offline), the earliest time on
the devices' clocks is kept, by a conditional UPDATE, so the order of arrival does not matter.
A replayed scan (same client id) gets the answer of the first time and records nothing more.
Device clocks are not trusted beyond a few minutes ahead: a time in the future is the server's.
"""

import datetime
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration

from ..models import Badge, CheckIn, Device
from .badges import hash_token

# A device clock may run a little ahead of the server; beyond this the scan is "now".
CLOCK_AHEAD = datetime.timedelta(minutes=2)
# An offline queue older than this is a clock set in the past, not a real wait.
CLOCK_BEHIND = datetime.timedelta(days=2)
LAST_SEEN_EVERY = datetime.timedelta(minutes=1)

# issue_badge's tokens are secrets.token_urlsafe(18): 24 characters of the URL-safe alphabet.
TOKEN = re.compile(r"[A-Za-z0-9_-]{24}")
# The path of a badge's URL: an optional prefix of the site, then /b/<token>.
BADGE_PATH = re.compile(r"(?:/[^/]+)*?/b/([^/]+)/?")

GREEN, ORANGE, RED = "green", "orange", "red"

# What the door says, by code: colour, big title, and the line under the name. The scanner's
# JavaScript gets the same texts in the page, so an offline decision reads like an online one.
ANSWERS = {
    "welcome": (GREEN, _("Welcome"), ""),
    "already": (ORANGE, _("Already checked in"), _("Checked in at %(time)s at %(device)s.")),
    "not_signed_up": (
        ORANGE,
        _("Not signed up for this session"),
        _("Recorded as present. Let them in if there is room."),
    ),
    "cancelled": (RED, _("Registration cancelled"), _("Do not let in: send to the desk.")),
    "waiting": (RED, _("On the waiting list"), _("No place yet: send to the desk.")),
    "refused": (RED, _("Registration refused"), _("Do not let in: send to the desk.")),
    "not_confirmed": (
        RED,
        _("Registration not confirmed"),
        _("The registration awaits a confirmation: send to the desk."),
    ),
    "revoked": (
        RED,
        _("Old badge"),
        _("This badge was replaced by a reprint: send to the desk."),
    ),
    "other_edition": (
        RED,
        _("Badge of another edition"),
        _("This badge is for the %(edition)s: send to the desk."),
    ),
    "unknown": (
        RED,
        _("Unknown badge"),
        _("No participant has this badge: send to the desk."),
    ),
    "forged": (
        RED,
        _("Forged or damaged badge"),
        _("This code was not printed by the platform: send to the desk."),
    ),
    "foreign": (
        RED,
        _("Not a badge"),
        _("This QR code is not a badge of the Rencontres."),
    ),
    "unknown_session": (
        RED,
        _("Unknown session"),
        _("Choose the session again: it is not in this edition's program."),
    ),
}

REFUSED_STATUSES = {
    Registration.Status.CANCELLED: "cancelled",
    Registration.Status.WAITING: "waiting",
    Registration.Status.REFUSED: "refused",
    Registration.Status.PENDING_EMAIL: "not_confirmed",
    Registration.Status.PENDING_APPROVAL: "not_confirmed",
}


@dataclass
class Verdict:
    code: str
    registration: Registration | None = None
    check_in: CheckIn | None = None
    params: dict = field(default_factory=dict)

    @property
    def colour(self):
        return ANSWERS[self.code][0]

    @property
    def title(self):
        return str(ANSWERS[self.code][1])

    @property
    def detail(self):
        text = ANSWERS[self.code][2]
        return str(text) % self.params if text else ""

    @property
    def recorded(self):
        """This scan is the one the database holds (first time or replay)."""
        return self.code in ("welcome", "not_signed_up")


def token_from(text):
    """The badge token in what a scanner read: the badge URL, or the bare token.

    Returns (token, None) or (None, "foreign") when the text is no badge at all.
    """
    text = (text or "").strip()
    if "://" in text:
        try:
            url = urlsplit(text)
        except ValueError:
            return None, "foreign"
        match = BADGE_PATH.fullmatch(url.path)
        if url.scheme in ("http", "https") and url.netloc and match:
            return match.group(1), None
        return None, "foreign"
    if text and "/" not in text and len(text) <= 100:
        return text, None
    return None, "foreign"


def clamp(scanned_at, now):
    """The device's time, unless it is in the future or implausibly old: then now."""
    if isinstance(scanned_at, str):
        try:
            scanned_at = parse_datetime(scanned_at.strip())
        except ValueError:  # well formed but impossible: 2026-13-45
            scanned_at = None
    if scanned_at is None:
        return now
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at, datetime.UTC)
    if scanned_at > now + CLOCK_AHEAD or scanned_at < now - CLOCK_BEHIND:
        return now
    return scanned_at


def parse_client_id(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def device_named(edition, name, now=None):
    """The edition's device of that name, created on its first scan; seen now."""
    now = now or timezone.now()
    name = " ".join((name or "").split())[:80] or str(_("Unnamed device"))
    device = next(iter(Device.objects.filter(edition=edition, name=name).order_by()[:1]), None)
    if device is None:
        return Device.objects.create(edition=edition, name=name, last_seen=now)
    # Written at most once a minute: a write per scan would queue the devices on SQLite's lock.
    if device.last_seen is None or now - device.last_seen > LAST_SEEN_EVERY:
        Device.objects.filter(pk=device.pk).update(last_seen=now)
    return device


class Known:
    """What scans need from the database, read in a few queries for a whole batch: a device's
    offline queue of 500 scans costs three reads, not 1,500. Whatever a scan records is added,
    so a person twice in one batch is answered "already" the second time."""

    def __init__(self, edition, tokens=(), registration_ids=()):
        hashes = {hash_token(token) for token in tokens if token and TOKEN.fullmatch(token)}
        ids = {pk for pk in registration_ids if pk is not None}
        self.badges = {}
        if hashes:
            # order_by(): the models' default orderings would only cost time here.
            badges = Badge.objects.select_related("registration__category").order_by()
            self.badges = {b.token_hash: b for b in badges.filter(token_hash__in=hashes)}
        self.registrations = {}
        if ids:
            people = Registration.objects.select_related("category").order_by()
            self.registrations = {r.pk: r for r in people.filter(pk__in=ids, edition=edition)}
        self.people = {b.registration_id for b in self.badges.values()} | set(self.registrations)
        self.check_ins = {}
        if self.people:
            rows = CheckIn.objects.select_related("device").filter(registration_id__in=self.people)
            rows = rows.order_by()
            self.check_ins = {(c.registration_id, c.session_id): c for c in rows}
        self._signed = None

    def check_in(self, registration, session):
        return self.check_ins.get((registration.pk, session.pk if session else None))

    def remember(self, check_in):
        self.check_ins[(check_in.registration_id, check_in.session_id)] = check_in

    def signed_up(self, registration, session):
        if registration.pk not in self.people:
            return _has_place(registration.pk, session.pk)
        if self._signed is None:
            self._signed = set(
                Attendance.objects.filter(
                    registration_id__in=self.people, status=Attendance.Status.CONFIRMED
                ).values_list("registration_id", "session_id")
            )
        return (registration.pk, session.pk) in self._signed


def identify(edition, known, *, token=None, registration_id=None):
    """(registration, badge, None) or (None|registration, None, code of a red answer)."""
    if registration_id is not None:
        registration = known.registrations.get(registration_id)
        return registration, None, None if registration else "unknown"
    if not token or not TOKEN.fullmatch(token):
        return None, None, "forged"
    badge = known.badges.get(hash_token(token))
    if badge is None:
        return None, None, "unknown"
    registration = badge.registration
    if registration.edition_id != edition.pk:
        return registration, badge, "other_edition"
    if badge.revoked_at is not None:
        return registration, badge, "revoked"
    return registration, badge, None


def _judge(edition, known, token, registration_id, session):
    """(red verdict or None, registration, badge): everything but recording."""
    if session is not None and session.edition_id != edition.pk:
        return Verdict("unknown_session"), None, None
    registration, badge, refusal = identify(
        edition, known, token=token, registration_id=registration_id
    )
    if refusal == "other_edition":
        return Verdict(refusal, registration, params={"edition": registration.edition}), None, None
    if refusal:
        return Verdict(refusal, registration), None, None
    if code := REFUSED_STATUSES.get(registration.status):
        return Verdict(code, registration), None, None
    return None, registration, badge


def preview(edition, token):
    """What checking this badge in at the entrance would answer, recording nothing."""
    if edition is None:
        return Verdict("unknown")
    known = Known(edition, tokens=[token])
    refusal, registration, _badge = _judge(edition, known, token, None, None)
    if refusal:
        return refusal
    if existing := known.check_in(registration, None):
        return Verdict("already", registration, existing, params=_when_and_where(existing))
    return Verdict("welcome", registration)


def scan(
    edition,
    *,
    client_id,
    token=None,
    registration_id=None,
    session=None,
    device=None,
    scanned_at=None,
    user=None,
    now=None,
    known=None,
):
    """Decide one scan and record the check-in when the person may come in."""
    now = now or timezone.now()
    if known is None:
        known = Known(edition, tokens=[token], registration_ids=[registration_id])
    refusal, registration, badge = _judge(edition, known, token, registration_id, session)
    if refusal:
        return refusal
    scanned_at = clamp(scanned_at, now)
    verdict = _record(
        edition, known, registration, badge, session, device, client_id, scanned_at, user, now
    )
    if verdict.check_in is not None:
        known.remember(verdict.check_in)
    return verdict


def _record(edition, known, registration, badge, session, device, client_id, scanned_at, user, now):
    fields = {
        "scanned_at": scanned_at,
        "device": device,
        "badge": badge,
        "by": user if getattr(user, "is_authenticated", False) else None,
    }
    # Most scans of a known person find the check-in already there: answered by a read,
    # without taking the write lock. A race is settled by the constraints below.
    if (existing := known.check_in(registration, session)) is not None:
        if existing.client_id == client_id:
            return _recorded(known, registration, session, existing)  # a replay
        if existing.scanned_at <= scanned_at:
            return Verdict("already", registration, existing, params=_when_and_where(existing))
    try:
        with transaction.atomic():
            check_in = CheckIn.objects.create(
                edition=edition,
                registration=registration,
                session=session,
                client_id=client_id,
                received_at=now,
                **fields,
            )
        return _recorded(known, registration, session, check_in)
    except IntegrityError:
        pass
    same_scan = CheckIn.objects.select_related("device").filter(client_id=client_id).first()
    if same_scan is not None:
        # A replay: the first answer again, nothing more recorded.
        return _recorded(known, same_scan.registration, same_scan.session, same_scan)
    existing = CheckIn.objects.select_related("device").get(
        registration=registration, session=session
    )
    # Two devices scanned the same badge: the earliest scan is the arrival.
    if existing.scanned_at > scanned_at and CheckIn.objects.filter(
        pk=existing.pk, scanned_at__gt=scanned_at
    ).update(client_id=client_id, **fields):
        existing.refresh_from_db()
        return _recorded(known, registration, session, existing)
    return Verdict("already", registration, existing, params=_when_and_where(existing))


def _recorded(known, registration, session, check_in):
    if session is not None and needs_signup(session) and not known.signed_up(registration, session):
        return Verdict("not_signed_up", registration, check_in)
    return Verdict("welcome", registration, check_in)


def _when_and_where(check_in):
    return {
        "time": formats.time_format(timezone.localtime(check_in.scanned_at), "H:i"),
        "device": check_in.device.name if check_in.device else "—",
    }


def needs_signup(session):
    """Cafés are assigned, other sessions may require a sign-up; the rest are for everyone."""
    return session.signup_required or session.kind == Session.Kind.CAFE


def _has_place(registration_id, session_id):
    return Attendance.objects.filter(
        session_id=session_id, registration_id=registration_id, status=Attendance.Status.CONFIRMED
    ).exists()


def sync(edition, scans, *, device_name, user=None, now=None):
    """Decide a batch of scans sent by a device (live or replayed from its offline queue).

    Each scan is a dict: client_id, token or registration, session (id or null), scanned_at.
    Each gets its own transaction, so two devices syncing never wait on each other's batch.
    """
    now = now or timezone.now()
    device = device_named(edition, device_name, now)
    sessions = None
    parsed = []
    for item in scans:
        item = item if isinstance(item, dict) else {}
        client_id = parse_client_id(item.get("client_id"))
        if client_id is None:
            parsed.append((item.get("client_id"), Verdict("forged")))
            continue
        session = None
        if item.get("session") not in (None, ""):
            if sessions is None:
                sessions = {s.pk: s for s in Session.objects.filter(edition=edition)}
            session = sessions.get(_int(item.get("session")))
            if session is None:
                parsed.append((str(client_id), Verdict("unknown_session")))
                continue
        kwargs = {"client_id": client_id, "session": session}
        if item.get("registration") not in (None, ""):
            kwargs["registration_id"] = _int(item.get("registration"))
            if kwargs["registration_id"] is None:
                parsed.append((str(client_id), Verdict("unknown")))
                continue
        else:
            token, refusal = token_from(str(item.get("token") or ""))
            if refusal:
                parsed.append((str(client_id), Verdict(refusal)))
                continue
            kwargs["token"] = token
        scanned_at = item.get("scanned_at")
        kwargs["scanned_at"] = scanned_at if isinstance(scanned_at, str) else None
        parsed.append((str(client_id), kwargs))
    scans_to_decide = [kwargs for _, kwargs in parsed if isinstance(kwargs, dict)]
    known = Known(
        edition,
        tokens=[k.get("token") for k in scans_to_decide],
        registration_ids=[k.get("registration_id") for k in scans_to_decide],
    )
    return [
        (client_id, verdict)
        if isinstance(verdict, Verdict)
        else (client_id, scan(edition, device=device, user=user, now=now, known=known, **verdict))
        for client_id, verdict in parsed
    ]


def _int(value):
    """A database id from a device, or None (SQLite's integers stop at 2**63)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def answer(client_id, verdict):
    """A verdict as the scanner's JavaScript reads it."""
    registration = verdict.registration
    data = {
        "client_id": client_id,
        "code": verdict.code,
        "colour": verdict.colour,
        "title": verdict.title,
        "detail": verdict.detail,
        "person": registration.pk if registration else None,
        "name": registration.full_name if registration else "",
        "category": registration.category.name if registration else "",
    }
    if verdict.check_in is not None:
        data["at"] = verdict.check_in.scanned_at.isoformat()
        data["device"] = verdict.check_in.device.name if verdict.check_in.device else ""
    return data


def counters(edition, session=None):
    """Checked in / expected, by category and by hour (local time), for the entrance or a
    session. Expected: confirmed registrations, or a session's confirmed places."""
    check_ins = CheckIn.objects.filter(edition=edition, session=session)
    if session is None:
        expected = Registration.objects.filter(
            edition=edition, status=Registration.Status.CONFIRMED
        )
    else:
        expected = Registration.objects.filter(
            attendances__session=session, attendances__status=Attendance.Status.CONFIRMED
        )
    expected_by = dict(
        expected.values_list("category_id").annotate(n=Count("pk")).values_list("category_id", "n")
    )
    checked_by = dict(
        check_ins.values_list("registration__category_id")
        .annotate(n=Count("pk"))
        .values_list("registration__category_id", "n")
    )
    by_hour = {}
    for scanned_at in check_ins.values_list("scanned_at", flat=True):
        hour = timezone.localtime(scanned_at).strftime("%Y-%m-%d %H:00")
        by_hour[hour] = by_hour.get(hour, 0) + 1
    categories = [
        {
            "name": category.name,
            "checked_in": checked_by.get(category.pk, 0),
            "expected": expected_by.get(category.pk, 0),
        }
        for category in edition.categories.all()
        if category.pk in checked_by or category.pk in expected_by
    ]
    return {
        "checked_in": sum(checked_by.values()),
        "expected": sum(expected_by.values()),
        "categories": categories,
        "hours": [{"hour": hour, "count": by_hour[hour]} for hour in sorted(by_hour)],
    }


def present_by_session(edition):
    """{session id: people scanned at its door}, with None for the entrance: what the
    organisers' dashboard and press figures count as real attendance."""
    return dict(
        CheckIn.objects.filter(edition=edition)
        .values_list("session_id")
        .annotate(n=Count("registration", distinct=True))
        .values_list("session_id", "n")
    )
