#!/usr/bin/env python3
"""Production on one machine, checked end to end (run by CI through scripts/production-check).

1. Smoke: through nginx, a visitor registers, confirms by the mail a real SMTP server
   received, opens the personal space and signs up to a session; an organiser's B2B run is
   solved and published by the `long` worker, and its mails arrive.
2. Crash: while visitors keep registering at concurrency 8, one gunicorn instance and the
   mail worker are killed with SIGKILL (the worker is restarted two seconds later, as
   systemd's Restart=always does). Every visitor ends with exactly one registration and
   exactly one confirmation mail: no request's data and no mail is lost, none doubled.
3. The front server: static files come from nginx, private files are never served, and the
   visitor's address behind the proxy is the one the app sees.
Exits non-zero with the processes' logs on any failure.
"""

import re
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Client  # noqa: E402
from deploy.stack import Mailbox, production  # noqa: E402

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CONFIRM = "/inscription/confirmer/"
DEMO = r"""
from rencontres.editions.models import Edition
edition = Edition.objects.get(is_demo=True)
print(edition.number, edition.categories.get(code="elected").pk)
"""


STARTED = time.monotonic()


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
    is what a visitor sees as an error page and submits again."""
    form = f"/editions/{number}/inscription/"
    for _ in range(retries):
        if client.get(form) != 200:
            time.sleep(0.5)
            continue
        token = CSRF.search(client.last_body).group(1).decode()
        data = {
            "csrfmiddlewaretoken": token,
            "civility": "mrs",
            "first_name": "Participante",
            "last_name": "de vérification",
            "email": address,
            "language": "fr",
            "category": category,
            "organisation": "Commune de démonstration",
            "organisation_type": "commune",
            "function": "Adjointe aux relations internationales",
            "country": "FR",
            "city": "Paris",
            "data_consent": "on",
            "website": "",
        }
        status = client.post(form, data, headers={"Referer": stack.url + form})
        if status == 302:
            # Sent again after a lost answer: the first try stands, the visitor gets their
            # personal link instead of a second registration.
            return True
        time.sleep(0.5)
    return False


def smoke(stack, mailbox, number, category):
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
            ok = register(stack, Client(stack.url, []), number, category, address)
            with lock:
                results[address] = ok

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
    failed = [address for address, ok in results.items() if not ok]
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

    wrong = {a: len(confirmations(a)) for a in addresses if len(confirmations(a)) != 1}
    assert not wrong, f"confirmation mails per address, where not one: {wrong}"
    step(
        f"{visitors} visitors at concurrency {concurrency}: {visitors} registrations, one mail each"
    )


def main():
    print("Production check: nginx, 2 gunicorn, 2 workers, PostgreSQL, SMTP", flush=True)
    mailbox = Mailbox()
    # A mail claimed by the killed worker is taken over after this many seconds.
    env = {"MAIL_SENDING_TIMEOUT": "5"}
    setup = [("loaddemo", "--upcoming"), ("loaddemo_b2b",)]
    with mailbox.running(), production(mailbox, extra_env=env, setup=setup) as stack:
        try:
            number, category = stack.shell(DEMO).splitlines()[-1].split()
            smoke(stack, mailbox, number, category)
            crash(stack, mailbox, number, category)
        except BaseException:
            for name, text in stack.logs().items():
                print(f"--- {name}\n{text}", file=sys.stderr)
            raise
    print("Production check passed.")


if __name__ == "__main__":
    main()
