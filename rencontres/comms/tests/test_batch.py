"""Mails sent together over one SMTP connection keep the rules of a mail sent alone."""

import pytest
from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from conftest import SMTPRecorder, free_port, smtp_mailers
from rencontres.comms.mail import build_mail, enqueue_batch
from rencontres.comms.models import Mail


def logged(count):
    mails = [
        build_mail(
            to=f"person{n}@example.org",
            template="comms/mail/test",
            context={"name": f"P{n}"},
            language="fr",
        )
        for n in range(count)
    ]
    with transaction.atomic():
        mails = Mail.objects.bulk_create(mails)
        transaction.on_commit(lambda: enqueue_batch(mails))
    return mails


@pytest.mark.django_db(transaction=True)
def test_a_batch_goes_over_one_connection_once(smtp_server, run_worker):
    mails = logged(4)
    Mail.objects.filter(pk=mails[0].pk).update(status=Mail.Status.SENT)  # already sent
    run_worker()
    received = smtp_server.wait_for(3)
    assert sorted(m["To"] for m in received) == [f"person{n}@example.org" for n in (1, 2, 3)]
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.SENT}
    enqueue_batch(mails)  # queued twice: nothing goes twice
    run_worker()
    assert len(smtp_server.messages) == 3


@pytest.mark.django_db(transaction=True)
def test_server_down_then_back_every_mail_arrives_once(settings, run_worker):
    port = free_port()
    settings.MAILERS = smtp_mailers(port, timeout=2)
    mails = logged(3)
    run_worker()  # no server: the batch waits for its backoff, then goes together
    assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.RETRYING}
    assert set(Mail.objects.values_list("attempts", flat=True)) == {1}
    assert "ConnectionRefusedError" in Mail.objects.get(pk=mails[0].pk).last_error
    retry = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path__endswith=".send_batch"
    )
    assert retry.get().run_after >= timezone.now()
    server = SMTPRecorder(port).start()
    try:
        retry.update(run_after=timezone.now())  # its backoff is over
        run_worker()
        received = server.wait_for(3)
        assert sorted(m["To"] for m in received) == [f"person{n}@example.org" for n in range(3)]
        assert set(Mail.objects.values_list("status", flat=True)) == {Mail.Status.SENT}
    finally:
        server.stop()
