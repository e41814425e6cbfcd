#!/usr/bin/env python3
"""Benchmark of registration: fresh visitors fill in the form on the demonstration edition.

    python bench/registration.py [--seconds 30] [--concurrency 8]

gunicorn with 2 sync workers, DEBUG off, a fresh database (SQLite, or PostgreSQL under
scripts/with-postgres) with the demo loaded. Each flow is a new visitor: GET the form, POST
it, reach the "check your mailbox" page. Afterwards, the registrations that exist in the
database are counted. Target: at least 20 complete registrations per second, 0 failures
(pretix's free-ticket checkout: 2.3/s by the same method). Exits non-zero on any failure.
"""

import argparse
import itertools
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    baseline,
    closed_loop,
    database_kind,
    registration_form,
    served,
)

TARGET = 20.0

FIND = r"""
from rencontres.editions.models import Edition
edition = Edition.objects.get(is_demo=True)
print(edition.number, edition.categories.get(code="elected").pk)
"""
COUNT = r"""
from rencontres.registration.models import Registration
from rencontres.comms.models import Mail
print(Registration.objects.count(), Mail.objects.count())
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    # Every visitor comes from 127.0.0.1: the per-IP limit would stop a benchmark, not abuse.
    env = {"REGISTRATION_RATE_PER_IP": "1000000/m"}
    with served(setup=[["loaddemo", "--upcoming"]], extra_env=env) as server:
        number, category = server.shell(FIND).splitlines()[-1].split()
        form = f"/editions/{number}/inscription/"
        sent = f"/editions/{number}/inscription/envoyee/"
        serial = itertools.count()
        run = uuid.uuid4().hex[:8]

        def flow(client):
            if client.get(form) != 200:
                return False
            data = registration_form(
                client.last_body, f"bench-{run}-{next(serial)}@example.org", category
            )
            headers = {"Referer": server.url + form}
            if client.post(form, data, headers=headers) != 302:
                return False
            if not client.last_headers.get("Location", "").endswith(sent):
                return False
            return client.get(sent) == 200

        yardstick = baseline(server, args.concurrency)
        stats = closed_loop(server, flow, args.concurrency, args.seconds)
        registrations, mails = map(int, server.shell(COUNT).splitlines()[-1].split())

    rate = registrations / stats.seconds
    print(f"database: {database_kind()}, concurrency {args.concurrency}, {stats.seconds:.0f} s")
    print(f"baseline /healthz: {yardstick.requests_per_second:.0f} requests/s")
    ratio = stats.requests_per_second / yardstick.requests_per_second
    print(f"registration requests/s as a share of the baseline: {ratio:.1%}")
    print(f"flows: {stats.summary()}")
    print(f"registrations in the database: {registrations} ({mails} mails queued)")
    print(
        f"registrations per second: {rate:.1f} (target >= {TARGET:.0f}), failures: {stats.failures}"
    )
    if stats.errors:
        print("first errors:", stats.errors[:3])
    ok = stats.failures == 0 and registrations == stats.flows and mails == registrations
    if not ok:
        print("FAILED: failed flows, or registrations/mails that do not match the flows")
    elif rate < TARGET:
        print(f"below target: {rate:.1f}/s < {TARGET:.0f}/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
