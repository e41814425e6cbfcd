"""What a scanning device keeps for offline use: the edition's people and sessions.

Every registration of the edition is listed, whatever its status, so that a device offline
gives the same reasons as the server (cancelled, waiting…); a badge appears only as the
SHA-256 of its token, so a lost phone cannot print badges. Dietary needs are listed only for
people who consented to the processing of their data. A handful of queries whatever the size.
"""

from django.utils import timezone

from rencontres.program.models import Attendance, Session
from rencontres.registration.models import Registration

from ..models import Badge, CategoryColour, CheckIn
from .checkin import needs_signup


def build(edition):
    colours = dict(
        CategoryColour.objects.filter(category__edition=edition).values_list(
            "category_id", "colour"
        )
    )
    categories = [
        {"id": c.pk, "name": c.name, "colour": colours.get(c.pk, "")}
        for c in edition.categories.all()
    ]
    live, revoked = {}, {}
    for registration_id, token_hash, revoked_at in Badge.objects.filter(
        registration__edition=edition
    ).values_list("registration_id", "token_hash", "revoked_at"):
        (revoked if revoked_at else live).setdefault(registration_id, []).append(token_hash)
    entrance, present = {}, {}
    for registration_id, session_id, scanned_at, device in CheckIn.objects.filter(
        edition=edition
    ).values_list("registration_id", "session_id", "scanned_at", "device__name"):
        where = entrance if session_id is None else present.setdefault(session_id, {})
        where[registration_id] = [scanned_at.isoformat(), device or ""]
    people = [
        {
            "id": r["pk"],
            "first": r["first_name"],
            "last": r["last_name"],
            "org": r["organisation"],
            "email": r["email"],
            "category": r["category_id"],
            "status": r["status"],
            "badges": live.get(r["pk"], []),
            "revoked": revoked.get(r["pk"], []),
            "accessibility": r["accessibility_needs"],
            "dietary": r["dietary_needs"] if r["data_consent"] else "",
            "in": entrance.get(r["pk"]),
        }
        for r in Registration.objects.filter(edition=edition)
        .order_by("last_name", "first_name", "pk")
        .values(
            "pk",
            "first_name",
            "last_name",
            "organisation",
            "email",
            "category_id",
            "status",
            "accessibility_needs",
            "dietary_needs",
            "data_consent",
        )
    ]
    signed = {}
    for session_id, registration_id in Attendance.objects.filter(
        session__edition=edition, status=Attendance.Status.CONFIRMED
    ).values_list("session_id", "registration_id"):
        signed.setdefault(session_id, []).append(registration_id)
    sessions = [
        {
            "id": s.pk,
            "title": s.title,
            "start": s.start.isoformat(),
            "room": s.room.name if s.room else "",
            "signup": needs_signup(s),
            "signed": signed.get(s.pk, []),
            "present": present.get(s.pk, {}),
        }
        for s in Session.objects.filter(edition=edition).select_related("room").order_by("start")
    ]
    return {
        "now": timezone.now().isoformat(),
        "edition": edition.number,
        "editionName": str(edition),
        "categories": categories,
        "people": people,
        "sessions": sessions,
    }
