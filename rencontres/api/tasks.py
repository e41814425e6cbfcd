"""Sending webhook deliveries, retried with backoff while the receiver fails."""

import datetime
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from .domain.webhooks import check_url, encode, sign
from .models import Delivery

logger = logging.getLogger(__name__)


def backoff(attempts):
    """30 s, 1 min, 2 min… capped at an hour."""
    return min(30 * 2 ** max(attempts - 1, 0), 3600)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to an address check_url refused: treated as a failure.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


@task()
def deliver(delivery_id):
    with transaction.atomic():
        # Claimed under a row lock: a delivery queued twice (retry and "send again") goes once.
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING])
            .first()
        )
        if delivery is None:
            return "nothing to send"
        attempts = delivery.attempts + 1
        Delivery.objects.filter(pk=delivery_id).update(
            attempts=attempts, last_attempt_at=timezone.now()
        )
    hook = delivery.webhook
    body = encode(delivery.payload)
    timestamp = str(int(time.time()))
    code, error = None, ""
    try:
        check_url(hook.url)
        request = urllib.request.Request(  # noqa: S310 (check_url allows http and https only)
            hook.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Rencontres-Webhooks/1",
                "X-Rencontres-Event": delivery.event,
                "X-Rencontres-Delivery": str(delivery.pk),
                "X-Rencontres-Timestamp": timestamp,
                "X-Rencontres-Signature": sign(hook.secret, timestamp, body),
            },
        )
        with _opener.open(request, timeout=getattr(settings, "WEBHOOK_TIMEOUT", 5)) as response:
            code = response.status
    except urllib.error.HTTPError as failure:
        code, error = failure.code, f"HTTP {failure.code}"
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    except (OSError, ValueError) as failure:  # refused, timed out, unreachable
        error = f"{type(failure).__name__}: {failure}"[:1000]
    if code is not None and 200 <= code < 300:
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.DELIVERED, response_code=code, error="", next_attempt_at=None
        )
        return f"delivered ({code})"
    return _failed(delivery_id, attempts, code, error)


def stale_after():
    """Seconds after which a delivery nobody finished is taken for a dead worker's: far above
    the receiver's timeout, so that a live attempt is never overtaken."""
    return datetime.timedelta(seconds=getattr(settings, "WEBHOOK_STALE_AFTER", 300))


@task()
def recover_delivery(delivery_id):
    """Queued with each delivery: sends it if it is still waiting long after its time (its
    task was taken by a worker that died, before or while sending), otherwise does nothing.
    Deliveries are at least once: receivers drop a repeated X-Rencontres-Delivery."""
    limit = timezone.now() - stale_after()
    left = Delivery.objects.filter(pk=delivery_id).filter(
        Q(status=Delivery.Status.PENDING, created__lte=limit)
        & (Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=limit))
        | Q(status=Delivery.Status.RETRYING, next_attempt_at__lte=limit)
    )
    if not left.exists():
        return "nothing to recover"
    logger.warning("webhook delivery %s was left behind by a dead worker: sending it", delivery_id)
    return deliver.call(delivery_id)


def queue(delivery, run_after=None):
    """The delivery's task and its watch, in the current transaction."""
    task_ = deliver.using(run_after=run_after) if run_after else deliver
    task_.enqueue(delivery.pk)
    recover_delivery.using(run_after=(run_after or timezone.now()) + stale_after()).enqueue(
        delivery.pk
    )


def _failed(delivery_id, attempts, code, error):
    max_attempts = getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8)
    fields = {"response_code": code, "error": error}
    if attempts >= max_attempts:
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED, next_attempt_at=None, **fields
        )
        logger.warning("webhook delivery %s failed for good: %s", delivery_id, error)
        return "failed"
    when = timezone.now() + datetime.timedelta(seconds=backoff(attempts))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.RETRYING, next_attempt_at=when, **fields
        )
        queue(Delivery(pk=delivery_id), run_after=when)
    logger.info("webhook delivery %s failed (%s), retry at %s", delivery_id, error, when)
    return "retrying"
