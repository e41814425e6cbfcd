"""Webhooks received by a real HTTP server: signed, retried, logged; bad addresses refused."""

import hashlib
import hmac
import http.server
import json
import threading
import time

import pytest
from django.core.exceptions import ValidationError

from conftest import make_registration
from rencontres.api.domain import webhooks
from rencontres.api.models import Delivery, Event, Webhook
from rencontres.registration.domain import registering

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 that answers `status` (after `delay` seconds)."""

    def __init__(self, status=204, delay=0.0):
        self.status, self.delay, self.received = status, delay, []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                time.sleep(receiver.delay)
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on 127.0.0.1
    started = []

    def start(**kwargs):
        started.append(Receiver(**kwargs))
        return started[-1]

    yield start
    for server in started:
        server.close()


def hook_for(edition, url, events=(Event.REGISTRATION_CREATED,)):
    return Webhook.objects.create(
        organiser=edition.organiser, url=url, events=list(events), secret=webhooks.new_secret()
    )


def verify(secret, headers, body):
    """What a receiver does: recompute the signature over "<timestamp>.<body>"."""
    timestamp = headers["X-Rencontres-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(headers["X-Rencontres-Signature"], "sha256=" + expected.hexdigest())
    assert abs(time.time() - int(timestamp)) < 300


@pytest.mark.django_db(transaction=True)
def test_a_registration_is_delivered_signed_to_the_receiver(small_edition, receiver, run_worker):
    server = receiver()
    hook = hook_for(
        small_edition, server.url, [Event.REGISTRATION_CREATED, Event.REGISTRATION_CANCELLED]
    )
    person, _ = registering.register(
        small_edition,
        {
            "first_name": "Awa",
            "last_name": "Ndiaye",
            "email": "awa@example.org",
            "country": "SN",
            "category": small_edition.categories.get(code="elected"),
            "data_consent": True,
        },
    )
    run_worker()
    (headers, body) = server.received[0]
    verify(hook.secret, headers, body)
    payload = json.loads(body)
    assert headers["X-Rencontres-Event"] == payload["event"] == "registration.created"
    assert payload["data"]["email"] == "awa@example.org" and payload["data"]["id"] == person.pk
    delivery = Delivery.objects.get(event="registration.created")
    assert delivery.status == Delivery.Status.DELIVERED and delivery.response_code == 204

    registering.cancel(person)
    run_worker()
    assert [json.loads(b)["event"] for _, b in server.received] == [
        "registration.created",
        "registration.cancelled",
    ]
    # A tampered body does not verify.
    with pytest.raises(AssertionError):
        verify(hook.secret, headers, body.replace(b"awa@", b"eve@"))


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_retried_with_its_answer_logged(
    small_edition, receiver, run_worker, settings
):
    settings.WEBHOOK_TIMEOUT = 1
    failing = receiver(status=500)
    slow = receiver(delay=2)
    hook_for(small_edition, failing.url)
    hook_for(small_edition, slow.url)
    make_registration(small_edition)
    run_worker()
    by_url = {d.webhook.url: d for d in Delivery.objects.select_related("webhook")}
    assert by_url[failing.url].status == Delivery.Status.RETRYING
    assert by_url[failing.url].response_code == 500 and by_url[failing.url].next_attempt_at
    assert by_url[slow.url].status == Delivery.Status.RETRYING
    assert "timed out" in by_url[slow.url].error.lower()


def test_only_listened_events_of_the_organisers_hooks_are_queued(small_edition, other_organiser):
    hook_for(small_edition, "https://example.org/created", [Event.REGISTRATION_CREATED])
    Webhook.objects.create(
        organiser=other_organiser,
        url="https://example.org/other",
        events=[Event.REGISTRATION_CREATED],
        secret="s",
    )
    person = make_registration(small_edition)
    person.function = "Maire"
    person.save()
    assert list(Delivery.objects.values_list("event", "webhook__url")) == [
        ("registration.created", "https://example.org/created")
    ]


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("ftp://example.org/hook", "scheme"),
        ("javascript:alert(1)", "scheme"),
        ("http://127.0.0.1:8000/hook", "private"),
        ("http://localhost/hook", "private"),
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.10/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "private"),
        ("http://[::1]/hook", "private"),
    ],
)
def test_webhook_addresses_that_are_not_http_or_point_inside_are_refused(url, code, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        webhooks.check_url(url)
    assert refused.value.code == code


@pytest.mark.django_db(transaction=True)
def test_a_delivery_whose_worker_died_is_sent_by_its_watch(
    small_edition, receiver, run_worker, settings
):
    """A worker killed after taking the delivery's task (it stays "running" for ever): the
    watch queued with the delivery sends it once it is stale."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.WEBHOOK_STALE_AFTER = 1
    server = receiver()
    hook_for(small_edition, server.url)
    make_registration(small_edition)
    DBTaskResult.objects.filter(task_path__endswith=".deliver").update(
        status=TaskResultStatus.RUNNING, worker_ids=["killed"]
    )
    run_worker()
    assert server.received == [] and Delivery.objects.get().status == Delivery.Status.PENDING
    time.sleep(1.1)
    run_worker()
    assert len(server.received) == 1
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
