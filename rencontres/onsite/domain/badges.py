"""Badges and the tokens of their QR codes.

The QR code holds `SITE_URL/b/<token>`; only the token's SHA-256 is stored, so a leaked
database cannot print badges. A person has at most one live badge: issuing a new one revokes
the previous one, and the old QR code stops opening the person.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from rencontres.onsite.models import Badge
from rencontres.registration.models import Registration


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    return secrets.token_urlsafe(18)


def replace_badges(people, tokens, printed_at=None):
    """Store a new badge per person (with the hash of its token) and revoke their previous
    one, in one transaction with the people locked: two prints of the same person at once
    leave one live badge. Returns the new badges."""
    now = timezone.now()
    ids = [person.pk for person in people]
    with transaction.atomic():
        list(Registration.objects.select_for_update().filter(pk__in=ids).values_list("pk"))
        Badge.objects.filter(registration_id__in=ids, revoked_at=None).update(revoked_at=now)
        return Badge.objects.bulk_create(
            Badge(
                registration=person,
                token_hash=hash_token(token),
                created=now,
                printed_at=printed_at,
            )
            for person, token in zip(people, tokens, strict=True)
        )


def issue_badge(registration):
    """A new badge for `registration`: returns `(badge, token)`; the previous one is revoked."""
    token = new_token()
    (badge,) = replace_badges([registration], [token])
    return badge, token


def badge_url(token):
    # Without a language prefix: a printed badge serves whatever the phone's language.
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + reverse("onsite:badge", kwargs={"token": token})


def find_badge(token):
    """The badge (live or revoked) whose QR code holds `token`, or None."""
    if not token or len(token) > 100:
        return None
    return (
        Badge.objects.select_related("registration__edition", "registration__category")
        .filter(token_hash=hash_token(token))
        .first()
    )
