#!/usr/bin/env python3
"""Benchmark at scale: many organisers on one installation, through the production stack.

    scripts/with-postgres .venv/bin/python bench/scale.py [--seconds 30] [--concurrency 16]

5 organisers × 4 editions × 1,000 registrations on PostgreSQL (bulk-inserted), served as
production serves them (`deploy/stack.py`: nginx in front of 2 gunicorn instances × 2 sync
workers, 2 task workers). Through nginx, at concurrency 16:
- the public registration flow (GET the form, POST it, reach "check your mailbox") on editions
  of every organiser;
- API list reads: each organiser's token walks its own editions' registrations page by page,
  and every answer is checked against what the database holds: ids, editions and addresses of
  that organiser only (a registration of another organiser in an answer is a leak).
Each figure is printed with its ratio to the same stack's /healthz (the anchor). Exits
non-zero on any error or leak.
"""

import argparse
import itertools
import json
import random
import sys
import threading
import urllib.parse
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import Client, baseline, closed_loop, registration_form  # noqa: E402
from deploy.stack import Mailbox, production  # noqa: E402

ORGANISERS, EDITIONS, REGISTRATIONS = 5, 4, 1000
FIRST_NUMBER = 1001
PAGE_SIZE = 100

SEED = f"""
from django.db import transaction
from rencontres.registration.models import Registration
from rencontres.testing.factories import (
    EditionFactory, OrganiserFactory, RegistrationFactory, categories,
)
number = {FIRST_NUMBER}
with transaction.atomic():
    for o in range(1, {ORGANISERS} + 1):
        organiser = OrganiserFactory(
            name_fr=f"Réseau de démonstration {{o}}", name_en=f"Demonstration network {{o}}",
            short_name=f"R{{o}}",
        )
        for _ in range({EDITIONS}):
            edition = EditionFactory(organiser=organiser, number=number)
            elected = next(c for c in categories(edition) if c.code == "elected")
            Registration.objects.bulk_create(
                [
                    RegistrationFactory.build(
                        edition=edition, category=elected,
                        email=f"seed-{{organiser.pk}}-{{number}}-{{i}}@example.org",
                    )
                    for i in range({REGISTRATIONS})
                ],
                batch_size=1000,
            )
            number += 1
"""

TOKENS = f"""
import json
from rencontres.api.domain import tokens
from rencontres.api.models import Scope
from rencontres.editions.models import Organiser
found = []
for organiser in Organiser.objects.filter(editions__number__gte={FIRST_NUMBER}).distinct():
    token, key = tokens.create(
        organiser, name="scale bench", scopes=[Scope.READ_REGISTRATIONS], actor=None
    )
    editions = [
        (edition.number, edition.categories.get(code="elected").pk)
        for edition in organiser.editions.order_by("number")
    ]
    found.append({{"organiser": organiser.pk, "key": key, "editions": editions}})
print(json.dumps(found))
"""

# What every API answer is checked against: each registration's organiser and address.
EXPECTED = f"""
import json
from rencontres.registration.models import Registration
rows = Registration.objects.filter(edition__number__gte={FIRST_NUMBER}).values_list(
    "pk", "edition__number", "edition__organiser_id", "email"
)
print(json.dumps([list(row) for row in rows]))
"""


def registration_flow(stack, organisers, run):
    editions = [edition for organiser in organisers for edition in organiser["editions"]]
    serial = itertools.count()

    def flow(client):
        number, category = random.choice(editions)
        form = f"/editions/{number}/inscription/"
        if client.get(form) != 200:
            return False
        data = registration_form(
            client.last_body, f"scale-{run}-{next(serial)}@example.org", category
        )
        if client.post(form, data, headers={"Referer": stack.url + form}) != 302:
            return False
        sent = client.last_headers.get("Location", "")
        return sent.endswith("/inscription/envoyee/") and client.get(sent) == 200

    return flow


def api_flow(organisers, expected, leaks):
    """Each thread takes one organiser's token (threads share them round-robin) and walks all
    pages of one of its editions; every registration of every page is checked."""
    counts = {}
    for _, number, _, _ in expected.values():
        counts[number] = counts.get(number, 0) + 1
    local = threading.local()
    turns = itertools.count()

    def flow(client):
        if not hasattr(local, "organiser"):
            local.organiser = organisers[next(turns) % len(organisers)]
        organiser = local.organiser
        number, _ = random.choice(organiser["editions"])
        headers = {"Authorization": f"Bearer {organiser['key']}"}
        path, seen = f"/api/v1/editions/{number}/registrations?page_size={PAGE_SIZE}", 0
        while path:
            if client.get(path, headers=headers) != 200:
                return False
            page = json.loads(client.last_body)
            for row in page["results"]:
                _, own_number, owner, email = expected.get(row["id"], (None, None, None, None))
                if (owner, own_number, email) != (organiser["organiser"], number, row["email"]):
                    leaks.append((organiser["organiser"], row["id"], row["email"]))
            seen += len(page["results"])
            path = local_path(page["next"]) if page["next"] else None
        return seen == counts[number]

    return flow


def local_path(url):
    """The path of a `next` link (absolute, from SITE_URL: the proxy)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}"


def other_organisers_refused(stack, organisers):
    """A token asking for another organiser's edition: 404, as an unknown edition."""
    client = Client(stack.url, [])
    wrong = []
    for organiser, other in itertools.permutations(organisers, 2):
        number, _ = other["editions"][0]
        path = f"/api/v1/editions/{number}/registrations"
        status = client.get(path, headers={"Authorization": f"Bearer {organiser['key']}"})
        if status != 404:
            wrong.append((organiser["organiser"], number, status))
    return wrong


def line(name, stats, anchor):
    ratio = stats.requests_per_second / anchor.requests_per_second
    return (
        f"{name}: {stats.requests_per_second:.1f} requests/s ({ratio:.1%} of /healthz), "
        f"p99 {stats.percentile(0.99):.0f} ms, {stats.flows} flows, {stats.failures} failed"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    # Every visitor and integration comes from 127.0.0.1: the limits per address and per
    # token would stop the benchmark, not abuse.
    env = {"REGISTRATION_RATE_PER_IP": "1000000/m", "API_RATE_PER_TOKEN": "1000000/m"}
    mailbox = Mailbox()
    setup = [("shell", "-c", SEED)]
    with mailbox.running(), production(mailbox, extra_env=env, setup=setup) as stack:
        organisers = json.loads(stack.shell(TOKENS).splitlines()[-1])
        run = uuid.uuid4().hex[:8]
        anchor = baseline(stack, args.concurrency, seconds=10)
        registering = closed_loop(
            stack, registration_flow(stack, organisers, run), args.concurrency, args.seconds
        )
        expected = {row[0]: row for row in json.loads(stack.shell(EXPECTED).splitlines()[-1])}
        leaks = []
        reading = closed_loop(
            stack, api_flow(organisers, expected, leaks), args.concurrency, args.seconds
        )
        refused = other_organisers_refused(stack, organisers)
        load = Path("/proc/loadavg").read_text().split()[0]

    registered = sum(1 for _, _, _, email in expected.values() if f"scale-{run}-" in email)
    seeded = len(expected) - registered
    print(
        f"PostgreSQL, nginx + 2 gunicorn × 2 workers, {ORGANISERS} organisers × {EDITIONS} "
        f"editions × {REGISTRATIONS} registrations ({seeded} seeded), concurrency "
        f"{args.concurrency}, {args.seconds:.0f} s each, load average {load}"
    )
    print(
        f"anchor /healthz: {anchor.requests_per_second:.0f} requests/s, p99 "
        f"{anchor.percentile(0.99):.0f} ms"
    )
    print(line("registration flow", registering, anchor))
    print(
        f"  {registering.flows_per_second:.1f} registrations/s (3 requests each); in the "
        f"database: {registered} for {registering.flows} flows"
    )
    print(line(f"API list reads (page_size {PAGE_SIZE})", reading, anchor))
    print(
        f"  {reading.flows} editions walked page by page "
        f"(≈{reading.requests_per_second * PAGE_SIZE:.0f} registrations read/s)"
    )
    print(
        f"  registrations of another organiser in answers: {len(leaks)}; "
        f"other organisers' editions not refused: {len(refused)}"
    )
    for stats in (registering, reading):
        if stats.errors:
            print("first errors:", stats.errors[:3])
    ok = (
        registering.failures == 0
        and reading.failures == 0
        and registered == registering.flows
        and seeded == ORGANISERS * EDITIONS * REGISTRATIONS
        and not leaks
        and not refused
    )
    if not ok:
        print("FAILED: errors, lost registrations or a cross-organiser leak", leaks[:3], refused)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
