"""Sending a partner the link to its space (and revoking the older ones)."""

from django.db import transaction

from rencontres.audit.log import record
from rencontres.comms.mail import queue_mail

from ..access import space_url
from ..models import new_key


@transaction.atomic
def send_space_link(space, *, by, renew=False):
    """Mail the contact a link to the space; `renew` first stops every link sent before."""
    if renew:
        space.access_key = new_key()
        space.save(update_fields=["access_key"])
    record(
        by,
        "partners.send_link",
        target=space,
        edition=space.edition,
        to=space.contact_email,
        renewed=renew,
    )
    return queue_mail(
        to=space.contact_email,
        template="partners/mail/space_link",
        context={
            "space": space,
            "partner": space.partner,
            "edition": space.edition,
            "space_link": space_url(space),
        },
        language=space.language,
        edition=space.edition,
    )
