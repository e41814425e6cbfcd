"""Lead retrieval: an exhibitor's staff scan a visitor's badge, or pick them in the directory.

Only visitors who agreed to share their details with exhibitors (`exhibitor_consent`) become
leads; the exhibitor then sees their name, function, organisation and e-mail, and exports
its own leads, never another's. The badge is read by the on-site app's own rules
(`checkin.token_from`, `badges.find_badge`): a revoked badge or another edition's opens
nobody.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from rencontres.onsite.domain.badges import find_badge
from rencontres.onsite.domain.checkin import token_from
from rencontres.registration.models import Registration

from ..models import Lead
from . import PartnerError

# What an exhibitor may see of a lead, in the export's order.
LEAD_FIELDS = ["first_name", "last_name", "function", "organisation", "email"]


def visitor_from_badge(space, text):
    """The registration whose badge was read (its URL or its token), in this edition."""
    token, _refusal = token_from(text)
    badge = find_badge(token) if token else None
    if badge is None or badge.revoked_at is not None:
        raise PartnerError(_("This is not a valid badge of the meeting."))
    if badge.registration.edition_id != space.edition.pk:
        raise PartnerError(_("This badge is from another edition."))
    return badge.registration


def directory(space, query):
    """People of the edition who appear in the participants' directory, matching `query`."""
    words = query.split()
    if not words:
        return Registration.objects.none()
    people = Registration.objects.filter(
        edition_id=space.edition.pk,
        status=Registration.Status.CONFIRMED,
        directory_consent=True,
    )
    for word in words[:4]:
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organisation__icontains=word)
        )
    return people.order_by("last_name", "first_name")[:20]


def record_lead(space, registration):
    """Returns (lead, created); refuses visitors who did not consent or whose place ended."""
    if registration.edition_id != space.edition.pk or not registration.is_active:
        raise PartnerError(_("This person is not registered for this edition."))
    if not registration.exhibitor_consent:
        raise PartnerError(
            _(
                "%(name)s has not agreed to share their details with exhibitors: nothing is "
                "recorded."
            )
            % {"name": registration.full_name}
        )
    try:
        with transaction.atomic():
            return Lead.objects.get_or_create(space=space, registration=registration)
    except IntegrityError:
        # The same badge scanned twice at once: the first scan recorded it.
        return Lead.objects.get(space=space, registration=registration), False


def leads_of(space):
    """The exhibitor's leads that may still be shown: consent withdrawn, they disappear."""
    return (
        Lead.objects.filter(space=space, registration__exhibitor_consent=True)
        .exclude(registration__status__in=Registration.ENDED)
        .select_related("registration")
    )


def rows(space):
    for lead in leads_of(space):
        person = lead.registration
        yield [getattr(person, field) for field in LEAD_FIELDS] + [lead.created]
