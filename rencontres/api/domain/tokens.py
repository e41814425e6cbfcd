"""API tokens: created with their key shown once, looked up by the key's hash, revoked."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from rencontres.audit.log import record

from ..models import ApiToken

KEY_PREFIX = "rct_"
# A token's last use is written at most this often: reads stay reads under load.
LAST_USE_PRECISION = 60


def _hash(key):
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create(organiser, *, name, scopes, actor, expires_at=None):
    """(token, key): the key exists only in this return value, never in the database."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organiser=organiser,
        name=name,
        prefix=key[:12],
        key_hash=_hash(key),
        scopes=sorted(scopes),
        expires_at=expires_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(actor, "api.token_created", target=token, scopes=token.scopes, organiser=organiser.pk)
    return token, key


def find(key):
    """The usable token with this key, or None (unknown, revoked or expired alike)."""
    if not key or not key.startswith(KEY_PREFIX):
        return None
    now = timezone.now()
    token = ApiToken.objects.usable(now).select_related("organiser").filter(key_hash=_hash(key))
    token = token.first()
    if token is not None and (
        token.last_used_at is None
        or (now - token.last_used_at).total_seconds() > LAST_USE_PRECISION
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def revoke(token, actor):
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        record(actor, "api.token_revoked", target=token)
