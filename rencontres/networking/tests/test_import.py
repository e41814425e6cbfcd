"""An imported schedule with unexpected JSON types gets a clear message, never a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rencontres.networking.models import ScheduleRun


def upload(admin_client, edition, content):
    return admin_client.post(
        reverse("admin:networking_import", args=[edition.pk]),
        {"schedule": SimpleUploadedFile("schedule.json", content, "application/json")},
        follow=True,
    )


def schedule(**changes):
    meeting = {"request": "r1", "slot": "2026-01-01T10:00", "table": 1}
    return {"format": "b2b-schedule/1", "meetings": [{**meeting, **changes}]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            schedule(request=["r1"]),
            "Rencontre 1 du fichier\u00a0: « request » doit être du texte, pas [&quot;r1&quot;]",
        ),
        (
            schedule(request={"id": 1}),
            "Rencontre 1 du fichier\u00a0: « request » doit être du texte",
        ),
        (schedule(slot=12), "Rencontre 1 du fichier\u00a0: « slot » doit être du texte, pas 12"),
        (schedule(table="1"), "Rencontre 1 du fichier\u00a0: « table » doit être un nombre entier"),
        (
            schedule(table=True),
            "Rencontre 1 du fichier\u00a0: « table » doit être un nombre entier, pas true",
        ),
        (
            schedule(table=1.5),
            "Rencontre 1 du fichier\u00a0: « table » doit être un nombre entier, pas 1.5",
        ),
        ({"format": "b2b-schedule/1", "meetings": {"r1": 1}}, "doivent être une liste"),
        ([1, 2], "pas un planning B2B"),
        ("b2b-schedule/1", "pas un planning B2B"),
    ],
)
def test_unexpected_types_are_named(admin_client, b2b, document, message):
    page = upload(admin_client, b2b, json.dumps(document).encode())
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db
def test_deep_nesting_or_bad_bytes_are_not_json(admin_client, b2b):
    for content in (b"[" * 100_000, b"\xff\xfe{", b"{"):
        page = upload(admin_client, b2b, content)
        assert "pas un JSON valide" in page.content.decode()


@pytest.mark.django_db
def test_odd_bound_or_status_are_dropped_and_the_run_page_opens(admin_client, b2b):
    document = {"format": "b2b-schedule/1", "meetings": [], "bound": "12", "status": [1]}
    page = upload(admin_client, b2b, json.dumps(document).encode())
    assert page.status_code == 200
    run = ScheduleRun.objects.get()
    assert run.bound is None and "bound" not in run.result and "status" not in run.result
