"""Meeting requests: send, accept or decline, cancel; organisers set priorities."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import FreedMeeting, Meeting, MeetingRequest, Profile
from . import NetworkingError
from .notify import tell

logger = logging.getLogger(__name__)

OPEN = [MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED]


def _lock(registration):
    """Serialise one participant's request changes (no duplicate requests from two tabs)."""
    from rencontres.registration.models import Registration

    return (
        Registration.objects.select_for_update().select_related("edition").get(pk=registration.pk)
    )


def can_take_part(registration):
    return (
        registration.is_confirmed
        and Profile.objects.filter(registration=registration, opted_in=True).exists()
    )


def requests_open(edition):
    return not edition.is_past


def open_requests_between(requester, target):
    """Pending or accepted requests with `requester` and `target` on opposite sides."""
    return MeetingRequest.objects.filter(status__in=OPEN).filter(
        party_a=requester, party_b=target
    ) | MeetingRequest.objects.filter(status__in=OPEN).filter(party_a=target, party_b=requester)


def delegation_colleagues(registration):
    """Confirmed members of the person's delegation, the person excepted."""
    if registration.delegation_id is None:
        return []
    return list(
        registration.delegation.members.filter(status=registration.Status.CONFIRMED)
        .exclude(pk=registration.pk)
        .order_by("last_name", "first_name")
    )


@transaction.atomic
def send_request(requester, target, message="", colleagues=(), their_colleagues=()):
    """`requester` (with `colleagues` of their delegation) asks to meet `target` (with
    `their_colleagues` of the target's delegation)."""
    requester = _lock(requester)
    edition = requester.edition
    if not requests_open(edition):
        raise NetworkingError(_("This edition has taken place: meeting requests are closed."))
    if not can_take_part(requester):
        raise NetworkingError(_("Turn on your networking profile before asking for a meeting."))
    if target.edition_id != edition.pk or not can_take_part(target) or target.pk == requester.pk:
        raise NetworkingError(_("This participant does not take meeting requests."))
    mine = {p.pk for p in delegation_colleagues(requester)}
    theirs = {p.pk for p in delegation_colleagues(target)}
    if any(p.pk not in mine for p in colleagues) or any(
        p.pk not in theirs for p in their_colleagues
    ):
        raise NetworkingError(_("Only members of the same delegation can join a meeting."))
    side_a = [requester, *colleagues]
    side_b = [target, *their_colleagues]
    if {p.pk for p in side_a} & {p.pk for p in side_b}:
        raise NetworkingError(_("Nobody can be on both sides of a meeting."))
    if open_requests_between(requester, target).exists():
        raise NetworkingError(
            _("You already have a request with %(name)s.") % {"name": target.full_name}
        )
    request = MeetingRequest.objects.create(
        edition=edition, requester=requester, message=message.strip()
    )
    request.party_a.set(side_a)
    request.party_b.set(side_b)
    for person in side_b:
        tell(person, "request_received", request=request, requester=requester)
    logger.info("meeting request %s: %s asks %s", request.pk, requester.pk, target.pk)
    return request


def _locked_request(request):
    return (
        MeetingRequest.objects.select_for_update()
        .select_related("edition", "requester")
        .get(pk=request.pk)
    )


@transaction.atomic
def answer_request(request, by, accept):
    """A member of the invited side accepts or declines a pending request."""
    request = _locked_request(request)
    if not request.party_b.filter(pk=by.pk).exists():
        raise NetworkingError(_("Only the invited side can answer this request."))
    if request.status != MeetingRequest.Status.PENDING:
        raise NetworkingError(_("This request has already been answered or cancelled."))
    request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    request.answered_at = timezone.now()
    request.answered_by = by
    request.save(update_fields=["status", "answered_at", "answered_by"])
    template = "request_accepted" if accept else "request_declined"
    for person in request.party_a.all():
        tell(person, template, request=request, answered_by=by)
    logger.info("meeting request %s %s by %s", request.pk, request.status, by.pk)
    return request


@transaction.atomic
def cancel_request(request, by):
    """Either side withdraws; a published meeting is removed and the others are told."""
    request = _locked_request(request)
    members = [*request.party_a.all(), *request.party_b.all()]
    if by.pk not in {p.pk for p in members}:
        raise NetworkingError(_("Only the people of this meeting can cancel it."))
    if request.status not in OPEN:
        raise NetworkingError(_("This request is already closed."))
    meeting = Meeting.objects.filter(request=request).first()
    request.status = MeetingRequest.Status.CANCELLED
    request.save(update_fields=["status"])
    if meeting is not None:
        free_meeting(meeting, FreedMeeting.Reason.WITHDRAWN, members)
    for person in members:
        if person.pk != by.pk:
            tell(person, "request_cancelled", request=request, cancelled_by=by, meeting=meeting)
    logger.info("meeting request %s cancelled by %s", request.pk, by.pk)
    return request


def free_meeting(meeting, reason, people):
    """Remove a published meeting, keeping a note of the freed slot for the organisers."""
    FreedMeeting.objects.create(
        edition_id=meeting.edition_id,
        request_id=meeting.request_id,
        start=meeting.start,
        end=meeting.end,
        table=meeting.table,
        people=", ".join(p.full_name for p in people)[:1000],
        reason=reason,
    )
    meeting.delete()


def requests_of(registration):
    """The person's requests, both sides, with their people and meetings loaded."""
    return (
        (
            MeetingRequest.objects.filter(party_a=registration)
            | MeetingRequest.objects.filter(party_b=registration)
        )
        .distinct()
        .select_related("requester", "meeting")
        .prefetch_related("party_a", "party_b")
        .order_by("-created", "-pk")
    )
