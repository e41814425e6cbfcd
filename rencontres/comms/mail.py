"""Queue a mail: render it in the recipient's language, log it, send it from the task worker.

The Mail row is the delivery log and the source of truth: the task only carries its id, so
a mail whose task is lost can always be sent again from the admin.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Mail

logger = logging.getLogger(__name__)


# Functions that may replace a mail's text by an organiser's own (messaging's editable
# automatic mails): each takes (template, context, language) and returns (subject, text,
# html) or None. A failing one is logged and skipped: the default text goes, a mail never
# stays unsent because of a customisation.
CUSTOMISERS = []


def add_customiser(function):
    if function not in CUSTOMISERS:
        CUSTOMISERS.append(function)


def render_mail(template, context, language):
    """(subject, text, html) of `<template>_subject.txt`, `<template>.txt`, `<template>.html`,
    unless an organiser has written their own text for this mail."""
    for customise in CUSTOMISERS:
        try:
            custom = customise(template, context, language)
        except Exception:
            logger.exception("customised text of %s failed: the default text is used", template)
            continue
        if custom is not None:
            return custom
    return render_default(template, context, language)


def render_default(template, context, language):
    context = {"SITE_URL": settings.SITE_URL, "language": language, **context}
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    # A subject is one line: a newline in it would be a header injection.
    subject = " ".join(subject.split())[:300]
    return subject, text.strip() + "\n", html


def build_mail(
    *,
    to,
    template,
    context,
    language,
    registration=None,
    edition=None,
    reply_to="",
    headers=None,
    attachments=(),
):
    """The rendered mail, not saved yet (a message to a group saves them all at once)."""
    subject, text, html = render_mail(template, context, language)
    return Mail(
        to=to,
        subject=subject,
        body_text=text,
        body_html=html,
        language=language,
        template=template,
        reply_to=reply_to or "",
        registration=registration,
        edition=edition,
        headers=headers or {},
        attachments=list(attachments),
    )


def queue_mail(**fields):
    """Render and log a mail now; the worker sends it once the current transaction commits.
    Takes the arguments of `build_mail`.

    The task is queued in the same transaction as the mail (the tasks live in the database,
    so no worker sees it before the commit): a process killed right after the commit cannot
    leave a logged mail without its task, as an on_commit hook could."""
    mail = build_mail(**fields)
    mail.save()
    enqueue(mail)
    return mail


def enqueue_batch(mails, run_after=None):
    """Queue mails to be sent together over one SMTP connection (not before `run_after`)."""
    from .tasks import recover_mails, send_batch

    ids = [mail.pk for mail in mails]
    task = send_batch.using(run_after=run_after) if run_after else send_batch
    task.enqueue(ids)
    recover_mails.using(run_after=_recovery_time(run_after)).enqueue(ids)


def enqueue(mail, run_after=None):
    from .tasks import recover_mail, send_mail

    task = send_mail.using(run_after=run_after) if run_after else send_mail
    task.enqueue(mail.pk)
    recover_mail.using(run_after=_recovery_time(run_after)).enqueue(mail.pk)
    logger.info("mail %s queued for %s (%s)", mail.pk, mail.to, mail.template)


def _recovery_time(run_after):
    """When to check that the mail left: a worker killed after taking its task but before
    claiming the mail would leave it queued for ever (the task stays "running")."""
    from .tasks import timedelta_timeout

    return (run_after or timezone.now()) + timedelta_timeout()


def send_again(mails):
    """Organisers' "send again": queue each unsent-or-sent mail afresh, attempts reset.

    A mail being sent is left to its worker (or, if that worker died, to its recovery task):
    queuing it again could send it twice."""
    count = 0
    for mail in mails:
        if mail.status == Mail.Status.SENDING:
            continue
        Mail.objects.filter(pk=mail.pk).update(
            status=Mail.Status.QUEUED, attempts=0, next_attempt_at=None
        )
        enqueue(mail)
        count += 1
    return count
