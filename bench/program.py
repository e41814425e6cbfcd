#!/usr/bin/env python3
"""Benchmark of the public program pages at pretalx's benchmark size.

    python bench/program.py [--seconds 20] [--concurrency 8]

A published edition of 2 days, 6 rooms, 40 sessions and 60 speakers on a fresh database,
gunicorn with 2 sync workers, DEBUG off. Target: at least 5x pretalx 2025.2's server-rendered
schedule on the same machine (37.5 requests/s measured there), that is >= 190 requests/s,
for the program page and for a session page, as anonymous visitors get them: from the page
cache. The exit status fails only when a cached page misses that target.

The "after an edit" lines show the cost of a full render: a second server, seeded the same
way, runs with bench/after_edit.py, a gunicorn hook that bumps the page-cache generation
before each request as an organiser's edit does, so neither the cached page nor the cached
session cards can answer. (A `messages` cookie, which core.cache treats as a personal visit,
skips the page cache but not the cards' cache: it no longer measures a full render.) Every
figure is also printed as a ratio of the /healthz baseline of the same server (comparable
across machines) and of pretalx's 37.5 requests/s of an earlier run; `make bench-pretalx`
measures pretalx in the same run. Also prints the SQL queries of each page (full render).
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import baseline, closed_loop, served  # noqa: E402

TARGET = 190.0
PRETALX = 37.5  # pretalx 2025.2's server-rendered schedule, same size, same machine
AFTER_EDIT = ["--config", str(Path(__file__).resolve().parent / "after_edit.py")]

DATA = r"""
import datetime, json
from zoneinfo import ZoneInfo
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.core.cache import cache
from rencontres.editions.models import Edition, Organiser
from rencontres.program.models import Room, Session, SessionSpeaker, Speaker, Theme

paris = ZoneInfo("Europe/Paris")
organiser = Organiser.objects.create(name="Bench")
edition = Edition.objects.create(
    organiser=organiser, number=90, status="published", title="Bench",
    start_date=datetime.date(2030, 10, 23), end_date=datetime.date(2030, 10, 24),
)
rooms = [Room.objects.create(edition=edition, name=f"Salle {i}", name_en=f"Room {i}",
                             capacity=80, order=i) for i in range(1, 7)]
themes = [Theme.objects.create(edition=edition, name=f"Thème {i}", name_en=f"Theme {i}")
          for i in range(1, 5)]
speakers = [Speaker.objects.create(edition=edition, name=f"Intervenant {i}",
                                   function=f"Fonction {i}", organisation=f"Organisation {i}",
                                   country="FR", bio="Biographie. " * 20) for i in range(60)]
sessions = []
kinds = ["workshop", "regional_meeting", "workshop", "plenary", "cafe", "side_event"]
for n in range(40):
    day = edition.start_date + datetime.timedelta(days=n // 20)
    index = n % 20
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=paris) + datetime.timedelta(
        minutes=90 * (index // 6))
    session = Session.objects.create(
        edition=edition, kind=kinds[index % 6], title=f"Session {n + 1}",
        title_en=f"Session {n + 1}", description="Description. " * 30, start=start,
        end=start + datetime.timedelta(minutes=75), room=rooms[index % 6], capacity=60,
        signup_required=True, language=["fr", "en", "fr_en"][n % 3],
    )
    session.themes.set([themes[n % 4]])
    sessions.append(session)
for i, speaker in enumerate(speakers):
    SessionSpeaker.objects.create(session=sessions[i % 40], speaker=speaker,
                                  role="moderator" if i % 5 == 0 else "speaker")
client = Client()
pages = {"program": "/editions/90/programme/", "session": f"/editions/90/programme/sessions/{sessions[7].pk}/"}
queries = {}
for name, url in pages.items():
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    queries[name] = len(captured)
cache.clear()
print(json.dumps({"pages": pages, "queries": queries}))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    import json

    failed = False
    with served() as server, served(gunicorn_args=AFTER_EDIT) as edited:
        info = json.loads(server.shell(DATA).splitlines()[-1])
        edited.shell(DATA)  # the same rows, under the same keys, in its own database
        base = baseline(server, args.concurrency, 5.0)
        print(f"baseline /healthz: {base.requests_per_second:.1f} requests/s")
        for name, url in info["pages"].items():
            for label, target in (("cached", server), ("after an edit", edited)):
                stats = closed_loop(
                    target,
                    lambda client, url=url: client.get(url) == 200,
                    args.concurrency,
                    args.seconds,
                )
                rate = stats.requests_per_second
                ratios = f"{rate / PRETALX:.1f}x pretalx"
                if base.requests_per_second:
                    ratios = f"{rate / base.requests_per_second:.3f}x baseline, {ratios}"
                verdict = ""
                if label == "cached":
                    ok = rate >= TARGET and not stats.failures
                    failed |= not ok
                    verdict = f" [target >= {TARGET:.0f}/s: {'ok' if ok else 'MISSED'}]"
                print(
                    f"{name} page ({label}): {rate:.1f} requests/s ({ratios}), "
                    f"p50 {stats.percentile(0.5):.1f} ms, p99 {stats.percentile(0.99):.1f} ms, "
                    f"{stats.failures} failed, {info['queries'][name]} SQL queries{verdict}",
                    flush=True,
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
