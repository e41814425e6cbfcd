"""The task that sends a logged mail, retried with backoff while the SMTP server fails.

A mail is claimed ("sending") before it is sent, so two workers never send it both. A claim
left by a worker that died is taken over after MAIL_SENDING_TIMEOUT seconds by the watch
task queued with the claim, and a mail nobody claimed in that time (its task was taken by a
worker that died first) by the watch task queued with the mail: no mail stays "sending" or
"queued" for ever, and no cron job is needed.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
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


def sending_timeout():
    """Seconds after which a claim is taken for a dead worker's: well above the SMTP timeout,
    so that a live worker still talking to the server is never overtaken."""
    return getattr(settings, "MAIL_SENDING_TIMEOUT", 300)


def _claim(mail_id, *, stale_only=False):
    """Mark the mail "sending" for this worker; False when it is not ours to send."""
    now = timezone.now()
    timeout = timedelta_timeout()
    # Stale: claimed by a worker that died, or never claimed although its time is long past
    # (its task was taken by a worker that died before claiming it).
    stale = (
        Q(status=Mail.Status.SENDING, last_attempt_at__lte=now - timeout)
        | Q(status=Mail.Status.QUEUED, created__lte=now - timeout)
        | Q(status=Mail.Status.RETRYING, next_attempt_at__lte=now - timeout)
    )
    mails = Mail.objects.filter(
        Q(pk=mail_id), stale if stale_only else stale | Q(status__in=SENDABLE)
    )
    with transaction.atomic():
        if not mails.update(status=Mail.Status.SENDING, last_attempt_at=now):
            return False
        # Queued with the claim, in one transaction: if this worker dies, this sends it.
        recover_mail.using(run_after=now + timeout).enqueue(mail_id)
    return True


@task()
def recover_mail(mail_id):
    """Send a mail whose claim has gone stale or that nobody claimed in time (a worker died);
    otherwise do nothing."""
    if not _claim(mail_id, stale_only=True):
        return "nothing to recover"
    logger.warning("mail %s was left behind by a dead worker: sending it now", mail_id)
    return _send(mail_id)


@task()
def recover_mails(mail_ids):
    """`recover_mail` for the mails of a batch."""
    return [recover_mail.call(mail_id) for mail_id in mail_ids]


def _claim_batch(mail_ids):
    """Claim those of these mails that are ours to send (as `_claim`, one query for all)."""
    now = timezone.now()
    with transaction.atomic():
        # PostgreSQL: rows another worker is claiming are skipped; SQLite takes one writer.
        ids = list(
            Mail.objects.select_for_update(skip_locked=True)
            .filter(pk__in=mail_ids, status__in=SENDABLE)
            .values_list("pk", flat=True)
        )
        if ids:
            Mail.objects.filter(pk__in=ids).update(status=Mail.Status.SENDING, last_attempt_at=now)
            recover_mails.using(run_after=now + timedelta_timeout()).enqueue(ids)
    return ids


def timedelta_timeout():
    return datetime.timedelta(seconds=sending_timeout())


@task()
def send_batch(mail_ids):
    """Send mails over one SMTP connection (a message to a group): each is claimed, sent and
    marked sent on its own, so a dead worker costs only what was not sent yet. A mail the
    server refuses goes on with its own retries; when the server cannot be reached, the rest
    of the batch waits for its backoff and is tried again together."""
    sent = 0
    connection = mailers["default"]
    claimed = _claim_batch(mail_ids)
    try:
        opened = False
        for index, mail_id in enumerate(claimed):
            if not opened:
                try:
                    connection.open()
                    opened = True
                except Exception as error:  # noqa: BLE001 -- retried with the whole batch
                    _postpone(claimed[index:], error)
                    break
            if _send(mail_id, connection) == "sent":
                sent += 1
            else:
                # The connection may be broken: the next mail opens a fresh one.
                connection.close()
                opened = False
    finally:
        connection.close()
    return f"{sent} sent"


def _postpone(mail_ids, error):
    """The server is unreachable: these mails wait for their backoff, then go together."""
    from .mail import enqueue_batch

    max_attempts = getattr(settings, "MAIL_MAX_ATTEMPTS", 30)
    error_text = f"{type(error).__name__}: {error}"[:2000]
    mails = Mail.objects.filter(pk__in=mail_ids)
    mails.update(attempts=F("attempts") + 1, last_error=error_text)
    mails.filter(attempts__gte=max_attempts).update(status=Mail.Status.FAILED, next_attempt_at=None)
    waiting = list(mails.exclude(status=Mail.Status.FAILED).order_by("pk"))
    if waiting:
        run_after = timezone.now() + datetime.timedelta(seconds=backoff(waiting[0].attempts))
        Mail.objects.filter(pk__in=[mail.pk for mail in waiting]).update(
            status=Mail.Status.RETRYING, next_attempt_at=run_after
        )
        enqueue_batch(waiting, run_after=run_after)
    logger.warning("SMTP server unreachable, %s mails postponed: %s", len(mail_ids), error_text)


@task()
def send_mail(mail_id):
    # Claim the mail first, so a mail queued twice (retry + "send again") goes out once.
    if not _claim(mail_id):
        return "skipped"
    return _send(mail_id)


def _send(mail_id, connection=None):
    mail = Mail.objects.get(pk=mail_id)
    attempts = mail.attempts + 1
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={
            "Content-Language": mail.language,
            "Auto-Submitted": "auto-generated",
            **mail.headers,
        },
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for path in mail.attachments:
        message.attach_file(path)
    try:
        if connection is None:
            message.send()
        else:
            connection.send_messages([message])
    except Exception as error:  # noqa: BLE001 -- any failure is logged and retried
        return _failed(mail, attempts, error)
    Mail.objects.filter(pk=mail_id).update(
        status=Mail.Status.SENT, attempts=attempts, sent_at=timezone.now(), next_attempt_at=None
    )
    logger.info("mail %s sent to %s", mail_id, mail.to)
    return "sent"


def refusal(error):
    """The server's answer when it refuses this mail for good (a 5xx reply about the mail or
    its recipient), else None: connection errors, 4xx replies and refused logins (a setting
    to fix, after which every mail must still go) are worth retrying."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = list(error.recipients.items())
        if answers and all(code >= 500 for _to, (code, _text) in answers):
            return "; ".join(f"{to}: {code} {_decode(text)}" for to, (code, text) in answers)
        return None
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return None
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return f"{error.smtp_code} {_decode(error.smtp_error)}"
    return None


def _decode(text):
    return text.decode(errors="replace") if isinstance(text, bytes) else str(text)


def _failed(mail, attempts, error):
    from .mail import enqueue

    max_attempts = getattr(settings, "MAIL_MAX_ATTEMPTS", 30)
    refused = refusal(error)
    error_text = (refused or f"{type(error).__name__}: {error}")[:2000]
    if refused or attempts >= max_attempts:
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.FAILED,
            attempts=attempts,
            last_error=error_text,
            next_attempt_at=None,
        )
        logger.error(
            "mail %s failed (attempt %s), left for an organiser: %s", mail.pk, attempts, error_text
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
