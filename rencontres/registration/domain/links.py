"""Revoking personal links: a new access key stops every link, calendar feed and open session.

Links, feeds and sessions all carry (a prefix of) the registration's access key, so changing
the key is the one switch for all of them; "Lost your link?" then mails a link with the new
key.
"""

from ..models import Registration, new_access_key


def revoke_links(registration):
    """Sign this person out of every device; their next link must come by mail."""
    registration.access_key = new_access_key()
    registration.save(update_fields=["access_key", "modified"])


def revoke_edition_links(edition):
    """Revoke the links of everyone registered for `edition`; returns how many people."""
    registrations = list(Registration.objects.filter(edition=edition).only("pk"))
    for registration in registrations:
        registration.access_key = new_access_key()
    Registration.objects.bulk_update(registrations, ["access_key"], batch_size=500)
    return len(registrations)
