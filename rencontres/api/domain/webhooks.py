"""Webhooks: events become signed deliveries, sent from the task queue with retries.

A delivery is written, and its task queued, in the transaction of the change it reports (as
mails are): a change that rolls back sends nothing, and one that commits is never lost.

Signature: `X-Rencontres-Signature: sha256=<hex>` is the HMAC-SHA256, with the webhook's
secret, of `<timestamp>.<body>`, where `<timestamp>` is `X-Rencontres-Timestamp` (Unix
seconds). Receivers recompute it and refuse timestamps older than a few minutes (replays).
"""

import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rencontres.audit.log import record

from ..models import Delivery, Event, Webhook


def new_secret():
    return secrets.token_hex(32)


def check_url(url):
    """Refuse what a webhook must not reach: other schemes, and (unless the setting
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES allows it, for tests) loopback, private, link-local or
    reserved addresses, which would let the API reach the organiser's own network. Checked
    when saved and again before each delivery (a name may resolve elsewhere later)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("The address must start with http:// or https://."), code="scheme")
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("This host name does not resolve."), code="dns") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                _("This address points to a private or local network: refused."),
                code="private",
            )


def sign(secret, timestamp, body):
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def encode(payload):
    return json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def emit(organiser_id, event, data):
    """Queue `event` for every active webhook of the organiser that listens to it. `data` may
    be a function, called only when someone listens (most saves have no webhook)."""
    from ..tasks import queue

    hooks = [
        hook
        for hook in Webhook.objects.filter(organiser_id=organiser_id, active=True)
        if event in hook.events
    ]
    if not hooks:
        return []
    payload = {
        "event": event,
        "created": timezone.now(),
        "data": data() if callable(data) else data,
    }
    deliveries = [
        Delivery.objects.create(webhook=hook, event=event, payload=payload) for hook in hooks
    ]
    for delivery in deliveries:
        queue(delivery)
    return deliveries


def send_test(webhook, actor):
    from ..tasks import queue

    delivery = Delivery.objects.create(
        webhook=webhook,
        event=Event.TEST,
        payload={"event": Event.TEST, "created": timezone.now(), "data": {}},
    )
    queue(delivery)
    record(actor, "api.webhook_tested", target=webhook)
    return delivery
