"""Sending a message: a test to the organiser, then every recipient through the mail queue.

`send` records the decision and queues `queue_message`, at once or at the set time. That task
claims the message (its status moves on in the same transaction, so a task run twice queues
nothing the second time), logs one Mail per recipient with its Delivery row, and spreads the
mails over time at MESSAGING_MAILS_PER_SECOND so that a large message does not flood the SMTP
server nor delay the mails of registration queued meanwhile; each batch of BATCH mails is one task
that sends them over one SMTP connection.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rencontres.audit.log import record
from rencontres.comms.mail import build_mail, enqueue_batch, queue_mail
from rencontres.comms.models import Mail

from ..models import Delivery, Message, Unsubscription
from . import render, segment

UNSUBSCRIBE_SALT = "rencontres.messaging.unsubscribe"
# Mails sent together over one SMTP connection by one task.
BATCH = 50


class SendError(Exception):
    pass


def rate():
    return getattr(settings, "MESSAGING_MAILS_PER_SECOND", 50)


def recipients(message):
    return segment.recipients(
        message.edition,
        message.segment,
        information=message.kind == Message.Kind.INFORMATION,
    )


def unsubscribe_token(registration):
    return signing.dumps(
        [registration.edition_id, registration.email.lower()], salt=UNSUBSCRIBE_SALT
    )


def read_unsubscribe_token(token):
    """(edition id, address) of an unsubscribe link, or None when it is forged."""
    try:
        edition_id, email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return edition_id, email


def unsubscribe_url(registration):
    with translation.override(registration.language):
        path = reverse("messaging:unsubscribe", kwargs={"token": unsubscribe_token(registration)})
    return settings.SITE_URL + path


def unsubscribe(edition_id, email):
    Unsubscription.objects.get_or_create(edition_id=edition_id, email=email.lower())


def _mail_options(message, registration):
    """Context, headers and attachments of the mail of this message to this participant."""
    headers, link = {}, ""
    if message.kind == Message.Kind.INFORMATION:
        link = unsubscribe_url(registration)
        # RFC 2369 and RFC 8058: mail clients offer "unsubscribe" in one click (a POST).
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return {
        "template": render.TEMPLATE,
        "context": render.context(message, registration, link),
        "language": registration.language,
        "headers": headers,
        "attachments": [message.attachment.path] if message.attachment else [],
    }


def preview(message, language):
    """(registration, (subject, text, html)) for a real recipient writing in this language."""
    registration = (
        recipients(message)
        .filter(language=language)
        .select_related("edition")
        .order_by("pk")
        .first()
    )
    if registration is None:
        return None, None
    options = _mail_options(message, registration)
    return registration, render.render_mail(options["template"], options["context"], language)


def send_test(message, user):
    """One mail per language to the organiser, each filled in for a real recipient."""
    if not user.email:
        raise SendError(_("Your account has no e-mail address: add one to receive the test."))
    sent = 0
    for language in ("fr", "en"):
        registration = recipients(message).filter(language=language).order_by("pk").first()
        if registration is None:
            continue
        options = _mail_options(message, registration)
        queue_mail(to=user.email, edition=message.edition, **options)
        sent += 1
    if not sent:
        raise SendError(_("No one matches these filters."))
    return sent


def send(message, user):
    """Send the message now or at its set time, as `user` decided; recorded in the audit."""
    now = timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if not locked.is_draft:
            raise SendError(_("This message has already been sent."))
        if locked.scheduled_at and locked.scheduled_at < now:
            raise SendError(_("The time to send it is in the past: change it or empty it."))
        count = recipients(locked).count()
        if not count:
            raise SendError(_("No one matches these filters."))
        Message.objects.filter(pk=locked.pk).update(
            status=Message.Status.SCHEDULED, sent_by=user, recipient_count=count
        )
        record(
            user,
            "messaging.send",
            target=locked,
            edition=locked.edition,
            recipients=count,
            scheduled_at=locked.scheduled_at.isoformat() if locked.scheduled_at else None,
            segment=locked.segment,
        )
        when = locked.scheduled_at
        transaction.on_commit(
            lambda: (queue_message.using(run_after=when) if when else queue_message).enqueue(
                locked.pk
            )
        )
    return count


@task()
def queue_message(message_id):
    """Log one mail per recipient, then queue them in batches spread over time (the task a
    sent or scheduled message runs)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("edition").get(pk=message_id)
        if message.status != Message.Status.SCHEDULED:
            return "already queued"
        people = list(recipients(message).select_related("edition").order_by("pk"))
        mails = Mail.objects.bulk_create(
            [
                build_mail(
                    to=registration.email,
                    registration=registration,
                    edition=message.edition,
                    reply_to=message.edition.contact_email,
                    **_mail_options(message, registration),
                )
                for registration in people
            ],
            batch_size=500,
        )
        Delivery.objects.bulk_create(
            [
                Delivery(message=message, mail=mail, registration=registration)
                for mail, registration in zip(mails, people, strict=True)
            ],
            batch_size=500,
        )
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.QUEUED, queued_at=timezone.now(), recipient_count=len(people)
        )
        start = timezone.now()
        for index in range(0, len(mails), BATCH):
            batch = mails[index : index + BATCH]
            run_after = start + datetime.timedelta(seconds=index / rate()) if index else None
            # In the transaction, as queue_mail does: no mail without its task after a crash.
            enqueue_batch(batch, run_after=run_after)
    return f"{len(people)} mails queued"


def report(message):
    """Counts of the message's mails by status, and the failed ones with the server's answer."""
    mails = Mail.objects.filter(pk__in=Delivery.objects.filter(message=message).values("mail_id"))
    counts = dict(mails.values_list("status").annotate(n=Count("pk")).order_by())
    total = message.recipient_count or 0
    sent = counts.get(Mail.Status.SENT, 0)
    failed = counts.get(Mail.Status.FAILED, 0)
    return {
        "total": total,
        "sent": sent,
        "failed": failed,
        "waiting": max(total - sent - failed, 0),
        "percent": round(100 * (sent + failed) / total) if total else 0,
        "active": message.status != Message.Status.QUEUED or sent + failed < total,
        "failures": list(
            mails.filter(status=Mail.Status.FAILED).values("to", "last_error", "attempts")[:200]
        ),
    }
