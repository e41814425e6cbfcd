"""Seed pretalx with an event the size of bench/program.py's edition, through its own ORM.

Run with pretalx's virtualenv and settings (bench/against_pretalx.py does it):
    PRETALX_DATA_DIR=… DJANGO_SETTINGS_MODULE=pretalx.settings var/pretalx-venv/bin/python \
        bench/pretalx_seed.py
2 days, 6 rooms, 40 talks, 60 speakers, scheduled as our bench's sessions (rows of 90
minutes from 9:00, 75-minute talks, 20 a day) and released (schedule "v1"). Idempotent:
an event that exists is kept. Prints one JSON line: the schedule and a talk's paths.
"""

import datetime as dt
import json
import os
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pretalx.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django_scopes import scope, scopes_disabled  # noqa: E402
from pretalx.event.models import Event  # noqa: E402
from pretalx.event.utils import create_organiser_with_team  # noqa: E402
from pretalx.person.models import SpeakerProfile, User  # noqa: E402
from pretalx.schedule.models import Room  # noqa: E402
from pretalx.submission.models import Submission, SubmissionType, Track  # noqa: E402

SLUG = "bench"
PARIS = ZoneInfo("Europe/Paris")
START = dt.date(2030, 10, 23)


def seed():
    organiser, _team = create_organiser_with_team(name="Bench", slug="benchorg", users=[])
    event = Event.objects.create(
        name="Bench",
        slug=SLUG,
        organiser=organiser,
        is_public=True,
        date_from=START,
        date_to=START + dt.timedelta(days=1),
        timezone="Europe/Paris",
        email="bench@example.org",
        locale_array="en",
        locale="en",
    )
    with scope(event=event):
        event.build_initial_data()
        kind = SubmissionType.objects.create(event=event, name="Session", default_duration=75)
        tracks = [
            Track.objects.create(event=event, name=f"Theme {i}", color="#336699")
            for i in range(1, 5)
        ]
        rooms = [
            Room.objects.create(event=event, name=f"Room {i}", capacity=80, position=i)
            for i in range(1, 7)
        ]
        speakers = []
        for i in range(60):
            user = User.objects.create_user(
                name=f"Speaker {i}", email=f"speaker{i}@example.org", locale="en"
            )
            SpeakerProfile.objects.create(user=user, event=event, biography="Biography. " * 20)
            speakers.append(user)
        talks = []
        for n in range(40):
            talk = Submission.objects.create(
                event=event,
                title=f"Session {n + 1}",
                submission_type=kind,
                track=tracks[n % 4],
                abstract="Abstract. " * 5,
                description="Description. " * 30,
                content_locale="en",
            )
            talks.append(talk)
        for i, speaker in enumerate(speakers):
            talks[i % 40].speakers.add(speaker)
        for n, talk in enumerate(talks):
            talk.accept()
            talk.confirm()
            day = START + dt.timedelta(days=n // 20)
            index = n % 20
            start = dt.datetime.combine(day, dt.time(9), tzinfo=PARIS) + dt.timedelta(
                minutes=90 * (index // 6)
            )
            slot = talk.slots.get(schedule=event.wip_schedule)
            slot.start, slot.end = start, start + dt.timedelta(minutes=75)
            slot.room = rooms[index % 6]
            slot.save()
        event.wip_schedule.freeze("v1", notify_speakers=False)
    return event


def main():
    with scopes_disabled():
        event = Event.objects.filter(slug=SLUG).first()
        if event is None:
            with transaction.atomic():
                event = seed()
        with scope(event=event):
            talk = event.current_schedule.talks.filter(is_visible=True).order_by("start")[7]
            print(
                json.dumps(
                    {
                        "schedule": f"/{SLUG}/schedule/nojs",
                        "talk": f"/{SLUG}/talk/{talk.submission.code}/",
                        "talks": event.current_schedule.talks.filter(is_visible=True).count(),
                        "speakers": User.objects.filter(submissions__event=event)
                        .distinct()
                        .count(),
                        "rooms": event.rooms.count(),
                    }
                )
            )


if __name__ == "__main__":
    main()
