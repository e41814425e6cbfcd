#!/usr/bin/env python3
"""Benchmark of check-in at the door: devices scanning badges, and an offline queue synced.

    python bench/checkin.py [--seconds 20] [--concurrency 8] [--people 600] [--queue 500]

gunicorn with 2 sync workers, DEBUG off, a fresh database (SQLite, or PostgreSQL under
scripts/with-postgres) with the demo loaded and `--people` confirmed participants with a badge
in the demonstration edition. A logged-in staff member with the check-in permission:

1. `--concurrency` devices scan random badges in a closed loop for `--seconds` (one sync
   request per scan, as the scanner sends a live scan): target p99 <= 50 ms per request,
   0 errors. Afterwards each scanned person has exactly one check-in.
2. A device back online sends its queue of `--queue` offline scans (new people) in one
   request: target <= 5 s. The same queue sent again (a lost answer) records nothing more.

The server-side time of each request is gunicorn's own (access log, %(D)s: from the request
read to the response sent); the devices' side adds the wait for a free worker (8 devices,
2 workers) and the loopback. Exits non-zero on any error or double check-in.
"""

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Client, baseline, closed_loop, database_kind, served  # noqa: E402

P99_TARGET_MS = 50.0
QUEUE_TARGET_S = 5.0

SETUP = r"""
import json, secrets
from django.contrib.auth.models import Permission, User
from django.test import Client
from rencontres.editions.models import Edition
from rencontres.onsite.domain.badges import hash_token
from rencontres.onsite.models import Badge
from rencontres.registration.models import Registration

edition = Edition.objects.get(is_demo=True)
category = edition.categories.get(code="elected")
people = Registration.objects.bulk_create(
    Registration(
        edition=edition, category=category, status="confirmed", first_name=f"Prénom{n}",
        last_name=f"Nom{n}", email=f"bench-{n}@example.org", country="FR", data_consent=True,
    )
    for n in range(PEOPLE)
)
tokens = [secrets.token_urlsafe(18) for _ in people]
Badge.objects.bulk_create(
    Badge(registration=p, token_hash=hash_token(t)) for p, t in zip(people, tokens)
)
user = User.objects.create_user("bench-desk", is_staff=True)
user.user_permissions.add(Permission.objects.get(codename="check_in"))
client = Client()
client.force_login(user)
print(json.dumps({"number": edition.number, "session": client.cookies["sessionid"].value,
                  "tokens": tokens}))
"""

COUNT = r"""
from django.db.models import Count
from rencontres.onsite.models import CheckIn
print(CheckIn.objects.count(),
      CheckIn.objects.values("registration", "session").annotate(n=Count("pk")).filter(n__gt=1).count())
"""


def percentile(ordered, share):
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--queue", type=int, default=500)
    args = parser.parse_args(argv)
    access_log = Path(tempfile.mkstemp(prefix="rencontres-checkin-", suffix=".log")[1])
    # %(D)s: microseconds from the request read to the response sent, inside the worker.
    logging = ["--access-logfile", str(access_log), "--access-logformat", "%(m)s %(U)s %(D)s"]
    with served(setup=[["loaddemo", "--upcoming"]], gunicorn_args=logging) as server:
        setup = json.loads(
            server.shell(SETUP.replace("PEOPLE", str(args.people + args.queue))).splitlines()[-1]
        )
        number, tokens = setup["number"], setup["tokens"]
        door, queue = tokens[: args.people], tokens[args.people :]
        data_url = f"/editions/{number}/scanner/data.json"
        sync_url = f"/editions/{number}/scanner/sync"

        # The device opens the scanner once: its session and CSRF cookies, the token.
        first = Client(server.url, [])
        first.cookies["sessionid"] = setup["session"]
        if first.get(data_url) != 200:
            print("FAILED: the scanner's data did not load")
            return 1
        data_size = len(first.last_body)
        csrf = json.loads(first.last_body)["csrf"]
        cookies = dict(first.cookies)
        scanned = set()

        def post_scans(client, scans):
            client.cookies.update(cookies)
            body = json.dumps({"device": "Bench", "scans": scans})
            headers = {"X-CSRFToken": csrf, "Content-Type": "application/json"}
            status = client.request("POST", sync_url, data=body, headers=headers)
            return status, (json.loads(client.last_body) if status == 200 else None)

        def scan(token):
            return {
                "client_id": str(uuid.uuid4()),
                "token": f"{server.url}/b/{token}",
                "session": None,
                "scanned_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }

        def flow(client):
            token = random.choice(door)
            status, body = post_scans(client, [scan(token)])
            if status != 200 or body["results"][0]["code"] not in ("welcome", "already"):
                return False
            scanned.add(token)
            return True

        yardstick = baseline(server, args.concurrency)
        stats = closed_loop(server, flow, args.concurrency, args.seconds)
        with access_log.open() as log:
            lines = [line.split() for line in log]
        inside = sorted(int(d) / 1000 for m, u, d in lines if (m, u) == ("POST", sync_url))
        healthz = sorted(int(d) / 1000 for m, u, d in lines if u == "/healthz")
        at_door, doubles = map(int, server.shell(COUNT).splitlines()[-1].split())

        # A device back online with its offline queue.
        offline = [scan(token) for token in queue]
        client = Client(server.url, [])
        started = time.perf_counter()
        status, body = post_scans(client, offline)
        queue_seconds = time.perf_counter() - started
        queue_ok = status == 200 and all(r["code"] == "welcome" for r in body["results"])
        started = time.perf_counter()
        status, body = post_scans(client, offline)
        replay_seconds = time.perf_counter() - started
        replay_ok = status == 200 and all(r["code"] == "welcome" for r in body["results"])
        total, doubles_after = map(int, server.shell(COUNT).splitlines()[-1].split())

    access_log.unlink()
    p99 = percentile(inside, 0.99)
    print(f"database: {database_kind()}, {args.concurrency} devices, {stats.seconds:.0f} s")
    print(
        f"baseline /healthz: {yardstick.requests_per_second:.0f} requests/s, server side "
        f"p50 {percentile(healthz, 0.5):.1f} ms, p99 {percentile(healthz, 0.99):.1f} ms"
    )
    print(f"scanner data for {args.people + args.queue} people: {data_size / 1024:.0f} KiB")
    print(f"scans: {stats.summary()}")
    ratio = stats.requests_per_second / yardstick.requests_per_second
    print(f"scans/s as a share of the baseline: {ratio:.1%}")
    print(f"people scanned: {len(scanned)}, check-ins at the door: {at_door}, doubles: {doubles}")
    print(
        f"server side per scan: p50 {percentile(inside, 0.5):.1f} ms, "
        f"p99 {p99:.1f} ms (target <= {P99_TARGET_MS:.0f}); on the devices' side p99 "
        f"{stats.percentile(0.99):.1f} ms ({args.concurrency} devices queue for 2 workers)"
    )
    print(
        f"offline queue of {len(offline)} scans: {queue_seconds:.2f} s "
        f"(target <= {QUEUE_TARGET_S:.0f}); sent again: {replay_seconds:.2f} s, "
        f"check-ins {total - at_door} (expected {len(offline)}), doubles {doubles_after}"
    )
    if stats.errors:
        print("first errors:", stats.errors[:3])
    ok = (
        stats.failures == 0
        and at_door == len(scanned)
        and doubles == doubles_after == 0
        and queue_ok
        and replay_ok
        and total - at_door == len(offline)
    )
    if not ok:
        print("FAILED: errors, missing or double check-ins")
    elif p99 > P99_TARGET_MS or queue_seconds > QUEUE_TARGET_S:
        print("below target")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
