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


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_badge(registration):
    """A new badge for `registration`: returns `(badge, token)`; the previous one is revoked."""
    now = timezone.now()
    Badge.objects.filter(registration=registration, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(18)
    badge = Badge.objects.create(
        registration=registration, token_hash=hash_token(token), created=now
    )
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
