#!/usr/bin/env python3
"""Production on one machine, checked end to end (run by CI through scripts/production-check).

1. Smoke: through nginx, a visitor registers, confirms by the mail a real SMTP server
   received, opens the personal space and signs up to a session; an organiser's B2B run is
   solved and published by the `long` worker, and its mails arrive.
2. Crash: while visitors keep registering at concurrency 8, one gunicorn instance and the
   mail worker are killed with SIGKILL (the worker is restarted two seconds later, as
   systemd's Restart=always does). Every visitor ends with exactly one registration and
   exactly one confirmation mail: no request's data and no mail is lost, none doubled.
   Through the API: an organiser's token reads the edition's registrations (paginated, with
   an ETag), and the smoke registration reaches a webhook receiver started here, signed
   with the hook's secret (checked as a receiver does).
3. The front server: static files come from nginx, private files are never served, and the
   visitor's address behind the proxy is the one the app sees: an X-Forwarded-For sent by
   the visitor changes neither the API's rate-limit bucket nor the audit trail's address.
Exits non-zero with the processes' logs on any failure.
"""

import hashlib
import hmac
import http.server
import json
import re
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import CSRF, Client, registration_form  # noqa: E402
from deploy.stack import Mailbox, production  # noqa: E402

CONFIRM = "/inscription/confirmer/"
DEMO = r"""
from rencontres.editions.models import Edition
edition = Edition.objects.get(is_demo=True)
print(edition.number, edition.categories.get(code="elected").pk)
"""


STARTED = time.monotonic()


class Receiver:
    """A webhook receiver on 127.0.0.1, as an organiser's system runs one."""

    def __init__(self):
        self.received, self.lock = [], threading.Lock()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's API)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with receiver.lock:
                    receiver.received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rencontres"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, event, email, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                for headers, body in self.received:
                    payload = json.loads(body)
                    if payload["event"] == event and payload["data"].get("email") == email:
                        return headers, body, payload
            time.sleep(0.2)
        raise AssertionError(f"no {event} for {email} received after {seconds} s")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def verify(secret, headers, body):
    """What a receiver does: the HMAC-SHA256 of "<timestamp>.<body>", and a fresh timestamp."""
    timestamp = headers["X-Rencontres-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(
        headers["X-Rencontres-Signature"], "sha256=" + expected.hexdigest()
    ), "webhook signature does not match"
    assert abs(time.time() - int(timestamp)) < 300, "webhook timestamp too old"


INTEGRATION = r"""
from rencontres.api.domain import tokens, webhooks
from rencontres.api.models import Event, Scope, Webhook
from rencontres.editions.models import Edition
organiser = Edition.objects.get(is_demo=True).organiser
webhooks.check_url({url!r})
hook = Webhook.objects.create(
    organiser=organiser, url={url!r}, events=[Event.REGISTRATION_CREATED],
    secret=webhooks.new_secret(),
)
token, key = tokens.create(
    organiser, name="production check", actor=None,
    scopes=[Scope.READ_REGISTRATIONS, Scope.WRITE_REGISTRATIONS],
)
print(key, hook.secret)
"""


def step(message):
    print(f"  {time.monotonic() - STARTED:5.1f} s  {message}", flush=True)


def local(url):
    """The path of an absolute link from a mail (the links point at SITE_URL, the proxy)."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_in(message, pattern):
    text = message.get_body(("plain",)).get_content()
    found = re.search(rf"http://\S+{pattern}\S*", text)
    assert found, f"no link matching {pattern} in:\n{text}"
    return found.group(0)


def register(stack, client, number, category, address, retries=5):
    """The public form, as a browser sends it. A 502 (the instance died during the request)
    is what a visitor sees as an error page and submits again. Returns how many times the
    form was sent, 0 when it never went through."""
    form = f"/editions/{number}/inscription/"
    sent = 0
    for _ in range(retries):
        if client.get(form) != 200:
            time.sleep(0.5)
            continue
        data = registration_form(client.last_body, address, category, "de vérification")
        sent += 1
        status = client.post(form, data, headers={"Referer": stack.url + form})
        if status == 302:
            # Sent again after a lost answer: the first try stands, and the visitor gets a
            # way in instead of a second registration (the confirmation mail again while the
            # address is not confirmed).
            return sent
        time.sleep(0.5)
    return 0


def smoke(stack, mailbox, receiver, number, category):
    client = Client(stack.url, [])
    assert client.get("/") == 200, "home page"
    static = re.search(rb'(/static/[^"]+\.css)', client.last_body).group(1).decode()
    assert re.search(r"\.[0-9a-f]{12}\.css$", static), f"{static} is not a hashed name"
    assert client.get(static) == 200, static
    assert client.last_headers.get("Server") == "nginx", "static files come from nginx"
    assert "immutable" in client.last_headers.get("Cache-Control", "")
    assert client.get("/static/core/site.css") == 200
    assert "immutable" not in client.last_headers.get("Cache-Control", ""), "unhashed name"
    step(f"home page and {static} served by nginx")

    private = stack.var / "private" / "probe.txt"
    private.parent.mkdir(parents=True, exist_ok=True)
    private.write_text("personal data")
    for path in (
        "/private/probe.txt",
        "/media/../private/probe.txt",
        "/static/../private/probe.txt",
    ):
        assert client.get(path) in (400, 403, 404), path
        assert b"personal data" not in client.last_body
    step("private files are not served")

    key, secret = stack.shell(INTEGRATION.format(url=receiver.url)).splitlines()[-1].split()
    address = f"smoke-{uuid.uuid4().hex[:6]}@example.org"
    assert register(stack, client, number, category, address), "registration"
    (message,) = mailbox.wait_for(address)
    confirm = local(link_in(message, CONFIRM))
    assert client.get(confirm) == 200
    token = CSRF.search(client.last_body).group(1).decode()
    assert (
        client.post(
            confirm, {"csrfmiddlewaretoken": token}, headers={"Referer": stack.url + confirm}
        )
        == 302
    )
    space = f"/editions/{number}/mon-inscription/"
    assert client.get(space) == 200, "personal space"
    step(f"registered and confirmed by mail ({message['Subject']})")

    headers, body, payload = receiver.wait_for("registration.created", address)
    verify(secret, headers, body)
    assert payload["data"]["edition"] == int(number), payload
    step(f"webhook received, signature verified (delivery {headers['X-Rencontres-Delivery']})")

    api(stack, key, number, address)

    session_id = stack.shell(
        r"""
from rencontres.program.models import Session
from rencontres.editions.models import Edition
edition = Edition.objects.get(is_demo=True)
print(Session.objects.filter(edition=edition, signup_required=True).order_by("start").first().pk)
"""
    ).splitlines()[-1]
    sessions = f"/editions/{number}/mes-sessions/"
    assert client.get(sessions) == 200
    token = CSRF.search(client.last_body).group(1).decode()
    status = client.post(
        f"{sessions}{session_id}/",
        {"csrfmiddlewaretoken": token, "action": "sign_up"},
        headers={"Referer": stack.url + sessions},
    )
    assert status == 302, status
    signed = stack.shell(
        "from rencontres.program.models import Attendance\n"
        f"print(Attendance.objects.filter(registration__email={address!r}).count())"
    ).splitlines()[-1]
    assert signed == "1", signed
    step("signed up to a session")

    run_id = stack.shell(
        r"""
from rencontres.editions.models import Edition
from rencontres.networking.domain.scheduling import start_run
print(start_run(Edition.objects.get(is_demo=True)).pk)
"""
    ).splitlines()[-1]
    status = wait_until(
        stack,
        f"from rencontres.networking.models import ScheduleRun\n"
        f"print(ScheduleRun.objects.get(pk={run_id}).status)",
        lambda value: value in ("done", "failed"),
        seconds=240,
    )
    assert status == "done", f"B2B run {status}"
    stack.shell(
        "from rencontres.networking.models import ScheduleRun\n"
        "from rencontres.networking.domain.scheduling import request_publication\n"
        f"request_publication(ScheduleRun.objects.get(pk={run_id}))"
    )
    wait_until(
        stack,
        "from rencontres.networking.models import ScheduleRun\n"
        f"print(ScheduleRun.objects.get(pk={run_id}).published_at is not None)",
        lambda value: value == "True",
        seconds=240,
    )
    meetings = stack.shell(
        "from rencontres.networking.models import Meeting\nprint(Meeting.objects.count())"
    ).splitlines()[-1]
    assert int(meetings) > 0, "no meeting published"
    step(f"B2B run solved and published by the long worker: {meetings} meetings")


def api(stack, key, number, address):
    """An organiser's system reads the registrations through nginx; a visitor's own
    X-Forwarded-For is not believed (rate-limit bucket, audit trail)."""
    client = Client(stack.url, [])
    auth = {"Authorization": f"Bearer {key}", "Accept-Language": "en"}
    # Small pages, so that the walk follows `next` links.
    path = f"/api/v1/editions/{number}/registrations?page_size=5"
    emails, first_etag = set(), None
    while path:
        assert client.get(path, headers=auth) == 200, (path, client.last_body[:300])
        page = json.loads(client.last_body)
        first_etag = first_etag or client.last_headers.get("ETag")
        assert {r["edition"] for r in page["results"]} <= {int(number)}
        emails |= {r["email"] for r in page["results"]}
        path = local(page["next"]) if page["next"] else None
    assert address in emails, f"{address} not in the API's {len(emails)} registrations"
    assert len(emails) == page["count"], (len(emails), page["count"])
    first = f"/api/v1/editions/{number}/registrations?page_size=5"
    assert client.get(first, headers={**auth, "If-None-Match": first_etag}) == 304, "ETag"
    assert client.get(first, headers={"Accept-Language": "en"}) == 401, "no token"
    step(f"API read: {page['count']} registrations in {page['pages']} pages, ETag answered 304")

    # One anonymous read and one write, each with a forged header; then what the app saw.
    spoofed = {"X-Forwarded-For": "203.0.113.7"}
    assert client.get("/api/v1/editions", headers=spoofed) == 200
    data = {
        "first_name": "Intégration",
        "last_name": "de vérification",
        "email": f"api-{uuid.uuid4().hex[:6]}@example.org",
        "country": "FR",
        "category": "elected",  # the code of DEMO's category
    }
    status = client.post(
        f"/api/v1/editions/{number}/registrations",
        json.dumps(data).encode(),
        headers={**auth, **spoofed, "Content-Type": "application/json"},
    )
    assert status == 201, (status, client.last_body[:300])
    seen = stack.shell(
        "from django.core.cache import cache\n"
        "from rencontres.audit.models import ActivityLog\n"
        "print(len(cache.get('throttle_anon_127.0.0.1') or []),"
        " len(cache.get('throttle_anon_203.0.113.7') or []),"
        " ActivityLog.objects.filter(action='api.registration_created')"
        f".get(object_id='{json.loads(client.last_body)['id']}').address)"
    ).splitlines()[-1]
    used, forged, audited = seen.split()
    assert int(used) >= 1 and forged == "0", f"rate-limit buckets: {seen}"
    assert audited == "127.0.0.1", f"the audit trail saw {audited}"
    step("a visitor's own X-Forwarded-For: not believed (rate-limit bucket, audit trail)")


def wait_until(stack, code, done, seconds):
    deadline = time.monotonic() + seconds
    while True:
        value = stack.shell(code).splitlines()[-1]
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {seconds} s")
        time.sleep(1)


def crash(stack, mailbox, number, category, visitors=48, concurrency=8):
    run = uuid.uuid4().hex[:6]
    addresses = [f"crash-{run}-{n}@example.org" for n in range(visitors)]
    results, lock = {}, threading.Lock()
    queue = list(addresses)

    def visitor():
        while True:
            with lock:
                if not queue:
                    return
                address = queue.pop()
            sent = register(stack, Client(stack.url, []), number, category, address)
            with lock:
                results[address] = sent

    threads = [threading.Thread(target=visitor) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    while len(results) < visitors // 3:
        time.sleep(0.05)
    stack.kill("web0")
    stack.kill("worker-default")
    step(f"killed gunicorn 0 and the mail worker after {len(results)} registrations")
    time.sleep(2)
    stack.start_worker("default")
    for thread in threads:
        thread.join()
    failed = [address for address, sent in results.items() if not sent]
    assert not failed, f"visitors who could not register: {failed}"
    counts = stack.shell(
        "from rencontres.registration.models import Registration\n"
        f"print(Registration.objects.filter(email__startswith='crash-{run}-').count())"
    ).splitlines()[-1]
    assert int(counts) == visitors, f"{counts} registrations for {visitors} visitors"
    for address in addresses:
        mailbox.wait_for(address, seconds=120)
    time.sleep(2)  # a doubled mail would arrive now

    def confirmations(address):
        return [m for m in mailbox.to(address) if CONFIRM in m.get_body(("plain",)).get_content()]

    # One per time the form reached the app: a visitor whose answer was lost with the killed
    # instance sent it again and got the confirmation mail again; a visitor who sent it
    # once gets exactly one (no mail doubled by the killed mail worker).
    wrong = {
        a: (len(confirmations(a)), results[a])
        for a in addresses
        if not 1 <= len(confirmations(a)) <= results[a]
    }
    assert not wrong, f"(confirmation mails, forms sent) per address: {wrong}"
    step(
        f"{visitors} visitors at concurrency {concurrency}: {visitors} registrations, one "
        "confirmation mail per form sent"
    )


def main():
    print("Production check: nginx, 2 gunicorn, 2 workers, PostgreSQL, SMTP", flush=True)
    mailbox = Mailbox()
    # A mail claimed by the killed worker is taken over after this many seconds.
    # The webhook receiver is on 127.0.0.1, which webhooks may not reach in production.
    env = {"MAIL_SENDING_TIMEOUT": "5", "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "1"}
    setup = [("loaddemo", "--upcoming"), ("loaddemo_b2b",)]
    receiver = Receiver()
    with mailbox.running(), production(mailbox, extra_env=env, setup=setup) as stack:
        try:
            number, category = stack.shell(DEMO).splitlines()[-1].split()
            smoke(stack, mailbox, receiver, number, category)
            crash(stack, mailbox, number, category)
        except BaseException:
            for name, text in stack.logs().items():
                print(f"--- {name}\n{text}", file=sys.stderr)
            raise
        finally:
            receiver.close()
    print("Production check passed.")


if __name__ == "__main__":
    main()
