"""Mails go through a real SMTP server, are retried while it is down, and are never lost."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import transaction
from django.tasks import TaskResultStatus
from django.test import RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import SMTPRecorder, free_port, smtp_mailers
from rencontres.comms.admin import MailAdmin
from rencontres.comms.mail import queue_mail
from rencontres.comms.models import Mail
from rencontres.comms.tasks import backoff


def run_worker():
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, verbosity=0)


def queue(edition=None, **context):
    return queue_mail(
        to="amina@example.org",
        template="comms/mail/test",
        context={"name": "Amina <b>Diallo</b>", **context},
        language="en",
        edition=edition,
    )


@pytest.mark.django_db(transaction=True)
def test_mail_is_queued_with_its_task_and_watch_then_sent_over_smtp(smtp_server):
    with transaction.atomic():
        mail = queue()
    # Committed together (workers read tasks from the database, so none starts before).
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "rencontres.comms.tasks.recover_mail",
        "rencontres.comms.tasks.send_mail",
    ]
    assert mail.status == Mail.Status.QUEUED
    # One line, no header injection, in the right language.
    assert mail.subject == "Hello Amina <b>Diallo</b>"
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT and mail.attempts == 1 and mail.sent_at
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "amina@example.org"
    assert message["Content-Language"] == "en"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Text Amina <b>Diallo</b> http://" in text  # plain text shows it as typed
    assert "HTML Amina &lt;b&gt;Diallo&lt;/b&gt;" in html  # HTML escapes it


@pytest.mark.django_db(transaction=True)
def test_smtp_down_retries_with_backoff_and_is_never_dropped(settings):
    port = free_port()
    settings.MAILERS = smtp_mailers(port, timeout=2)
    mail = queue()
    before = timezone.now()
    run_worker()  # the server is down
    mail.refresh_from_db()
    assert mail.status == Mail.Status.RETRYING
    assert mail.attempts == 1
    assert "Connection refused" in mail.last_error or "Errno" in mail.last_error
    assert mail.next_attempt_at >= before + datetime.timedelta(seconds=backoff(1) - 1)
    retry = DBTaskResult.objects.ready()
    assert retry.count() == 0, "the retry waits for its backoff"
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith=".send_mail"
    )
    assert waiting.count() == 1

    server = SMTPRecorder(port).start()
    try:
        waiting.update(run_after=timezone.now())
        run_worker()
        mail.refresh_from_db()
        assert mail.status == Mail.Status.SENT
        assert mail.attempts == 2
        assert len(server.wait_for(1)) == 1
    finally:
        server.stop()


def test_backoff_grows_and_is_capped(settings):
    settings.MAIL_RETRY_FIRST_DELAY = 30
    settings.MAIL_RETRY_MAX_DELAY = 3600
    assert [backoff(n) for n in (1, 2, 3)] == [30, 60, 120]
    assert backoff(20) == 3600


@pytest.mark.django_db(transaction=True)
def test_gives_up_after_max_attempts_and_organiser_sends_again(settings, smtp_server, admin_user):
    settings.MAIL_MAX_ATTEMPTS = 1
    working = settings.MAILERS
    settings.MAILERS = smtp_mailers(free_port(), timeout=2)
    mail = queue()
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.FAILED and mail.last_error
    settings.MAILERS = working
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = type("M", (), {"add": lambda *a, **k: None})()
    MailAdmin(Mail, site).send_again(request, Mail.objects.filter(pk=mail.pk))
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT
    assert len(smtp_server.wait_for(1)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_queued_twice_goes_out_once(smtp_server):
    from rencontres.comms.mail import enqueue

    mail = queue()
    enqueue(mail)
    run_worker()
    assert len(smtp_server.wait_for(1, timeout=1)) == 1


@pytest.mark.django_db(transaction=True)
def test_delivery_log_is_visible_to_organisers(admin_client):
    mail = queue()
    Mail.objects.filter(pk=mail.pk).update(status=Mail.Status.RETRYING, last_error="SMTP down")
    page = admin_client.get("/admin/comms/mail/")
    assert page.status_code == 200
    assert "amina@example.org" in page.content.decode()
    detail = admin_client.get(f"/admin/comms/mail/{mail.pk}/change/").content.decode()
    assert "SMTP down" in detail
