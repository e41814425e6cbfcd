"""The honoured country: who of its delegation appears on its page, and the organisers' one
action giving its delegations a B2B priority."""

from django.db import transaction
from django.db.models import Q

from rencontres.audit.log import record
from rencontres.networking.models import MeetingRequest
from rencontres.registration.models import Registration

# What the B2B settings page suggests for the honoured country's delegation.
HONOURED_PRIORITY = 3


def _from_country(country, prefix=""):
    return Q(**{f"{prefix}country": country}) | Q(**{f"{prefix}delegation__country": country})


def delegation_in_directory(edition):
    """Confirmed participants from the honoured country (by their own country or their
    delegation's) who chose to appear in the participants' directory."""
    if not edition.honoured_country:
        return Registration.objects.none()
    return (
        Registration.objects.filter(
            _from_country(edition.honoured_country),
            edition=edition,
            status=Registration.Status.CONFIRMED,
            directory_consent=True,
        )
        .order_by("last_name", "first_name")
        .distinct()
    )


def give_b2b_priority(edition, actor, priority=HONOURED_PRIORITY):
    """Every live B2B request with someone from the honoured country on either side gets at
    least `priority`; returns how many requests changed. Recorded in the audit trail."""
    country = edition.honoured_country
    if not country:
        return 0
    with transaction.atomic():
        requests = (
            MeetingRequest.objects.filter(
                edition=edition,
                status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED],
                priority__lt=priority,
            )
            .filter(_from_country(country, "party_a__") | _from_country(country, "party_b__"))
            .distinct()
        )
        pks = list(requests.values_list("pk", flat=True))
        MeetingRequest.objects.filter(pk__in=pks).update(priority=priority)
        record(
            actor,
            "recognition.b2b_priority",
            edition=edition,
            country=str(country),
            priority=priority,
            count=len(pks),
        )
    return len(pks)
