"""The outbox recovers by itself: dead workers, permanent refusals, long jobs on their queue."""

import time

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from conftest import SMTPRecorder, smtp_mailers
from rencontres.comms.mail import enqueue, queue_mail
from rencontres.comms.models import Mail
from rencontres.comms.tasks import _claim
from rencontres.networking.tasks import run_scheduler


def run_worker(*args):
    """One pass of a worker, started with `make run`'s arguments (every queue by default)."""
    options = {"queue_name": "*"}
    if args:
        options = dict(zip(["queue_name", "exclude_queues"], args, strict=False))
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, **options)


def queue():
    # comms/mail/test is written by the `mail_templates` fixture (conftest).
    return queue_mail(
        to="amina@example.org", template="comms/mail/test", context={"name": "Amina"}, language="fr"
    )


class RefusingServer(SMTPRecorder):
    """A real SMTP server that answers every recipient, or every message, with `reply`."""

    def __init__(self, rcpt=None, data=None):
        super().__init__()
        self.rcpt, self.data = rcpt, data

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.rcpt:
            return self.rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.data:
            return self.data
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def refusing(settings):
    servers = []

    def start(**replies):
        server = RefusingServer(**replies).start()
        servers.append(server)
        settings.MAILERS = smtp_mailers(server.port)
        return server

    yield start
    for server in servers:
        server.stop()


def pending_sends():
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith=".send_mail"
    ).count()


@pytest.mark.django_db(transaction=True)
def test_a_mail_left_sending_by_a_dead_worker_is_sent_once_after_the_timeout(smtp_server, settings):
    settings.MAIL_SENDING_TIMEOUT = 2
    mail = queue()
    # A worker takes the task, claims the mail, and dies before sending it.
    DBTaskResult.objects.filter(task_path__endswith=".send_mail").update(
        status=TaskResultStatus.RUNNING, worker_ids=["dead"]
    )
    assert _claim(mail.pk)
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENDING and smtp_server.messages == []
    # While the claim holds, no other worker sends it, even when it is queued again.
    enqueue(mail)
    run_worker()
    assert smtp_server.wait_for(1, timeout=0.5) == []

    time.sleep(2.1)
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT and mail.attempts == 1
    assert len(smtp_server.wait_for(1)) == 1
    time.sleep(2.1)  # the recovery queued with the second claim finds nothing to do
    run_worker()
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_sent_mail_is_not_sent_again_by_its_recovery_task(smtp_server, settings):
    settings.MAIL_SENDING_TIMEOUT = 1
    mail = queue()
    run_worker()
    time.sleep(1.1)
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("replies", "answer"),
    [
        ({"rcpt": "550 5.1.1 No such user here"}, "550 5.1.1 No such user here"),
        ({"data": "554 5.7.1 Message refused as spam"}, "554 5.7.1 Message refused as spam"),
    ],
)
def test_a_permanent_refusal_fails_at_once_with_the_servers_answer(refusing, replies, answer):
    server = refusing(**replies)
    mail = queue()
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.FAILED and mail.attempts == 1
    assert answer in mail.last_error
    assert mail.next_attempt_at is None and pending_sends() == 0
    assert server.messages == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("replies", [{"rcpt": "451 4.7.1 Try later"}, {"data": "452 Full"}])
def test_a_temporary_refusal_is_retried(refusing, replies):
    refusing(**replies)
    mail = queue()
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.RETRYING and mail.next_attempt_at
    assert "45" in mail.last_error and pending_sends() == 1


@pytest.mark.django_db(transaction=True)
def test_the_mail_worker_sends_while_a_long_job_waits_for_its_own(smtp_server):
    run_scheduler.enqueue(123456)
    mail = queue()
    run_worker("*", "long")  # `make run`'s worker for everything but the long queue
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT
    assert len(smtp_server.wait_for(1)) == 1
    long_job = DBTaskResult.objects.get(task_path__endswith=".run_scheduler")
    assert long_job.queue_name == "long" and long_job.status == TaskResultStatus.READY


@pytest.mark.django_db(transaction=True)
def test_a_mail_whose_task_died_before_claiming_it_is_sent_after_the_timeout(smtp_server, settings):
    """A worker killed after taking the send task but before claiming the mail: the task
    stays "running" for ever and the mail "queued". The watch queued with the mail sends it."""
    settings.MAIL_SENDING_TIMEOUT = 1
    mail = queue()
    DBTaskResult.objects.filter(task_path__endswith=".send_mail").update(
        status=TaskResultStatus.RUNNING, worker_ids=["killed"]
    )
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.QUEUED and smtp_server.messages == []
    time.sleep(1.1)
    run_worker()
    mail.refresh_from_db()
    assert mail.status == Mail.Status.SENT
    assert len(smtp_server.wait_for(2, timeout=0.5)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_is_queued_with_its_task_in_one_transaction(smtp_server):
    """Rolled back together: no task for a mail that does not exist, and none missing for one
    that does (an on_commit hook would lose it if the process died after the commit)."""
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        assert DBTaskResult.objects.filter(task_path__endswith=".send_mail").count() == 1
        raise RuntimeError
    assert not Mail.objects.exists() and not DBTaskResult.objects.exists()
