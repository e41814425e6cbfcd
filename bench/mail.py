#!/usr/bin/env python3
"""Benchmark of a message to a whole edition: queuing, sending, and an SMTP outage.

    python bench/mail.py [--people 5000] [--outage 60]

A fresh database (SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set) with
one edition of `--people` registrations. An information message to all of them is sent as an
organiser does it (`send`, then the `queue_message` task): the time to log and queue every
mail is measured. Then one mail worker (`db_worker`, every queue but `long`) sends them to a
real SMTP server (aiosmtpd) run by this script; once half have arrived, the server stops for
`--outage` seconds and starts again. Measured: mails per second while the server is up; then
every address must have received exactly one mail and every Mail row must be "sent".
Targets: queued in ≤ 30 s, ≥ 50 mails/s. The worker retries after 5 s doubling up to 20 s
(MAIL_RETRY_FIRST_DELAY / MAIL_RETRY_MAX_DELAY, 30 s and 1 h by default) so that the bench
ends soon after the outage; the throttle (MESSAGING_MAILS_PER_SECOND) is lifted to measure
the worker itself. Exits 1 when a target is missed or a mail is lost or doubled.
"""

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
sys.path.insert(0, str(ROOT))

QUEUE_TARGET = 30.0
RATE_TARGET = 50.0

SETUP = r"""
import time
from django.conf import settings
from django.contrib.auth.models import User
from rencontres.messaging.domain import send
from rencontres.messaging.models import Message
from rencontres.registration.models import Registration
from rencontres.testing.factories import CategoryFactory, EditionFactory

edition = EditionFactory()
category = CategoryFactory(edition=edition)
Registration.objects.bulk_create(
    [
        Registration(
            edition=edition, category=category, status="confirmed", first_name=f"P{i}",
            last_name="Bench", email=f"p{i}@example.org", country="FR", data_consent=True,
            language="en" if i % 3 == 0 else "fr",
        )
        for i in range({people})
    ],
    batch_size=1000,
)
organiser = User.objects.create_superuser("bench", "bench@example.org", "x")
message = Message.objects.create(
    edition=edition, subject_fr="Infos {{first_name}}", body_fr="Bonjour {{first_name}} : {{personal_link}}",
    subject_en="News {{first_name}}", body_en="Dear {{first_name}}: {{personal_link}}",
)
settings.MESSAGING_MAILS_PER_SECOND = 100_000
send.send(message, organiser)
started = time.monotonic()
print(send.queue_message.call(message.pk))
print("QUEUED_SECONDS", time.monotonic() - started)
"""

WORKER = r"""
from django.conf import settings
from django.core.management import call_command
settings.MAIL_RETRY_FIRST_DELAY = 5
settings.MAIL_RETRY_MAX_DELAY = 20
call_command("db_worker", queue_name="*", exclude_queues="long", interval=0.2, startup_delay=False, verbosity=0)
"""

STATUS = r"""
from django.db.models import Count
from rencontres.comms.models import Mail
print(dict(Mail.objects.values_list("status").annotate(n=Count("pk")).order_by()))
"""


class Recorder:
    """A real SMTP server counting what each address receives."""

    def __init__(self, port):
        self.port = port
        self.received = collections.Counter()
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        with self.lock:
            for to in envelope.rcpt_tos:
                self.received[to.lower()] += 1
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def total(self):
        with self.lock:
            return sum(self.received.values())


def shell(env, code):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--outage", type=float, default=60)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args(argv)
    from bench.harness import database_kind, free_port

    port = free_port()
    with tempfile.TemporaryDirectory(prefix="rencontres-bench-mail-") as var:
        env = {
            **os.environ,
            "RENCONTRES_VAR_DIR": var,
            "DEBUG": "0",
            "LOG_LEVEL": "ERROR",
            "SECRET_KEY": "bench-not-secret",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
        }
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        output = shell(env, SETUP.replace("{people}", str(args.people)))
        queued = float(output.split("QUEUED_SECONDS")[1])
        print(
            f"{args.people} mails logged and queued in {queued:.1f} s (target ≤ {QUEUE_TARGET:.0f} s)"
        )

        server = Recorder(port)
        server.start()
        worker = subprocess.Popen([PYTHON, "manage.py", "shell", "-c", WORKER], cwd=ROOT, env=env)
        try:
            half = args.people // 2
            started = time.monotonic()
            while server.total() < half:
                if time.monotonic() - started > args.timeout:
                    sys.exit("bench: the worker does not send")
                time.sleep(0.05)
            rate = server.total() / (time.monotonic() - started)
            print(
                f"one worker: {rate:.1f} mails/s to a local SMTP server (target ≥ {RATE_TARGET:.0f})"
            )
            server.stop()
            down_at = server.total()
            print(f"SMTP server down for {args.outage:.0f} s after {down_at} mails…", flush=True)
            time.sleep(args.outage)
            server.start()
            back = time.monotonic()
            while server.total() < args.people and time.monotonic() - back < args.timeout:
                time.sleep(0.2)
            time.sleep(2)  # anything sent twice would arrive now
            print(f"all sent {time.monotonic() - back:.0f} s after the server came back")
        finally:
            worker.terminate()
            worker.wait()
            server.stop()
        counts = collections.Counter(server.received.values())
        statuses = shell(env, STATUS).strip().splitlines()[-1]
        missing = args.people - len(server.received)
        doubled = sum(n for times, n in counts.items() if times > 1)
        print(
            f"addresses reached: {len(server.received)}, missing: {missing}, "
            f"more than once: {doubled}; Mail rows by status: {statuses}"
        )
        print(f"database: {database_kind()}")
        ok = queued <= QUEUE_TARGET and rate >= RATE_TARGET and not missing and not doubled
        print("OK" if ok else "FAILED")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
