"""The task that sends a logged mail, retried with backoff while the SMTP server fails."""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.utils import timezone

from .models import Mail

logger = logging.getLogger(__name__)

SENDABLE = [Mail.Status.QUEUED, Mail.Status.RETRYING, Mail.Status.FAILED]


def backoff(attempts):
    """Seconds before the next try: 30 s, 1 min, 2 min… capped at MAIL_RETRY_MAX_DELAY."""
    first = getattr(settings, "MAIL_RETRY_FIRST_DELAY", 30)
    cap = getattr(settings, "MAIL_RETRY_MAX_DELAY", 3600)
    return min(first * 2 ** max(attempts - 1, 0), cap)


@task()
def send_mail(mail_id):
    # Claim the mail first, so a mail queued twice (retry + "send again") goes out once.
    claimed = Mail.objects.filter(pk=mail_id, status__in=SENDABLE).update(
        status=Mail.Status.SENDING, last_attempt_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    mail = Mail.objects.get(pk=mail_id)
    attempts = mail.attempts + 1
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={"Content-Language": mail.language, "Auto-Submitted": "auto-generated"},
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 -- any failure is logged and retried
        return _failed(mail, attempts, error)
    Mail.objects.filter(pk=mail_id).update(
        status=Mail.Status.SENT, attempts=attempts, sent_at=timezone.now(), next_attempt_at=None
    )
    logger.info("mail %s sent to %s", mail_id, mail.to)
    return "sent"


def _failed(mail, attempts, error):
    from .mail import enqueue

    max_attempts = getattr(settings, "MAIL_MAX_ATTEMPTS", 30)
    error_text = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= max_attempts:
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.FAILED,
            attempts=attempts,
            last_error=error_text,
            next_attempt_at=None,
        )
        logger.error(
            "mail %s failed %s times, left for an organiser: %s", mail.pk, attempts, error_text
        )
        return "failed"
    run_after = timezone.now() + datetime.timedelta(seconds=backoff(attempts))
    Mail.objects.filter(pk=mail.pk).update(
        status=Mail.Status.RETRYING,
        attempts=attempts,
        last_error=error_text,
        next_attempt_at=run_after,
    )
    enqueue(mail, run_after=run_after)
    logger.warning(
        "mail %s failed (attempt %s), retry at %s: %s", mail.pk, attempts, run_after, error_text
    )
    return "retrying"
